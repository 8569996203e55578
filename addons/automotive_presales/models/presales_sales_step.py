from odoo import fields, models

from ..lib import sales_up


class PresalesSalesStep(models.Model):
    """A dated checkpoint of the sales process reached on a sales up, and who reached it."""

    _name = "presales.sales.step"
    _description = "Sales-process step"
    _order = "done_at, id"

    lead_id = fields.Many2one("crm.lead", "Sales up", required=True, index=True, ondelete="cascade")
    step = fields.Selection(sales_up.SALES_STEPS, required=True, index=True)
    done_at = fields.Datetime("When", required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", "By", required=True, default=lambda self: self.env.user, ondelete="restrict")
    team_id = fields.Many2one(related="lead_id.team_id", store=True, readonly=True, string="Branch")

    _sql_constraints = [
        ("lead_step_uniq", "unique(lead_id, step)", "Each sales-process step is reached once per sales up."),
    ]
