from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SalesMonitorTarget(models.Model):
    """A salesperson's targets for one month; level 2 of the monitor shows the achievement."""

    _name = "sales_monitor.target"
    _description = "Sales monitor: monthly target"
    _order = "month desc, user_id"

    user_id = fields.Many2one("res.users", "Salesperson", required=True, index=True, ondelete="cascade")
    team_id = fields.Many2one("crm.team", "Branch", related="user_id.sale_team_id", store=True, readonly=True)
    month = fields.Date(required=True, index=True, help="Any day of the month; stored as its first day.")
    leads = fields.Integer("Leads handled")
    test_drives = fields.Integer()
    agreements = fields.Integer()
    deliveries = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ("user_month_uniq", "unique(user_id, month)", "A salesperson has one target per month."),
    ]

    @api.model
    def create(self, vals):
        return super().create(self._first_of_month(vals))

    @api.multi
    def write(self, vals):
        return super().write(self._first_of_month(vals))

    @api.model
    def _first_of_month(self, vals):
        if vals.get("month"):
            vals = dict(vals, month=fields.Date.to_string(fields.Date.from_string(vals["month"]).replace(day=1)))
        return vals

    @api.constrains("leads", "test_drives", "agreements", "deliveries")
    def _check_positive(self):
        for target in self:
            for name in ("leads", "test_drives", "agreements", "deliveries"):
                if target[name] < 0:
                    raise ValidationError(_("Target of %s for %s: field %s cannot be negative.") % (
                        target.user_id.name, target.month, self._fields[name].string))
