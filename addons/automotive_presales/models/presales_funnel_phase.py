from odoo import fields, models

from ..lib.funnel import PHASES


class PresalesFunnelPhase(models.Model):
    """One phase of the dealer sales funnel; contact moments are counted per phase."""

    _name = "presales.funnel.phase"
    _description = "Sales funnel phase"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(PHASES, required=True, readonly=True,
                            help="Stable key the contact-moment mapping refers to.")
    sequence = fields.Integer(default=10, help="Position of the phase in the funnel.")
    description = fields.Text(translate=True)
    is_lost = fields.Boolean(help="Moments in this phase end the sales process without a sale.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each funnel phase code can exist only once."),
    ]
