from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SalesMonitorTarget(models.Model):
    """A salesperson's targets for one month; level 2 of the monitor shows the achievement."""

    _name = "sales_monitor.target"
    _description = "Sales monitor: monthly target"
    _order = "month desc, user_id"

    user_id = fields.Many2one("res.users", "Salesperson", required=True, index=True, ondelete="cascade")
    team_id = fields.Many2one("crm.team", "Branch", compute="_compute_team_id", store=True, readonly=True)
    month = fields.Date(required=True, index=True, help="Any day of the month; stored as its first day.")
    leads = fields.Integer("Leads handled")
    test_drives = fields.Integer()
    agreements = fields.Integer()
    deliveries = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ("user_month_uniq", "unique(user_id, month)", "A salesperson has one target per month."),
    ]

    @api.depends("user_id.sale_team_id")
    def _compute_team_id(self):
        for target in self:
            target.team_id = target.user_id.sale_team_id

    @api.model
    def create(self, vals):
        # Odoo stores computed fields last in its create (models._create), after the constraints
        # and with the rules of the creator: a branch manager, whose rule is on the branch, would be
        # refused the target they set. The branch goes into the insert; the compute has the last word.
        vals = self._first_of_month(vals)
        if vals.get("user_id"):
            vals = dict(vals, team_id=self.env["res.users"].sudo().browse(vals["user_id"]).sale_team_id.id)
        return super().create(vals)

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
        # as superuser: the values being checked are the writer's own; a target they may not read
        # (another branch's) is then refused by the create's rule check, as an AccessError
        for target in self.sudo():
            for name in ("leads", "test_drives", "agreements", "deliveries"):
                if target[name] < 0:
                    raise ValidationError(_("Target of %s for %s: field %s cannot be negative.") % (
                        target.user_id.name, target.month, self._fields[name].string))
