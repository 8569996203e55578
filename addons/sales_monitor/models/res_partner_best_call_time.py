from odoo import fields, models

from ..lib import report_pack


class ResPartner(models.Model):
    """When a customer is best reached by phone, for the Phone Contacts list."""

    _inherit = "res.partner"

    best_call_time = fields.Selection(
        report_pack.BEST_CALL_TIMES, "Best time to call",
        help="When the customer prefers to be called; shown on the Phone Contacts list.")
