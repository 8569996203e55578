from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import report_pack


class SalesMonitorInactiveClientsWizard(models.TransientModel):
    """Inactive Clients: the clients with no activity over a chosen number of days."""

    _name = "sales_monitor.inactive.clients.wizard"
    _description = "Find inactive clients"

    period = fields.Selection(
        [(str(days), "%d days" % days) for days in report_pack.INACTIVITY_PERIODS] + [("custom", "Custom")],
        "No activity for", required=True, default="90")
    custom_days = fields.Integer("Days", help="The number of days without activity, for a custom period.")

    @api.multi
    def _inactive_days(self):
        self.ensure_one()
        days = self.custom_days if self.period == "custom" else int(self.period)
        if not isinstance(days, int) or days < 1:
            raise ValidationError(_(
                "Inactive clients: field Days must be a whole number of days of at least 1, not %s.") % days)
        return days

    @api.multi
    def _inactive_domain(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        cutoff = report_pack.inactivity_cutoff(self._inactive_days(), today)
        return ["|", ("last_activity_at", "=", False),
                ("last_activity_at", "<", fields.Datetime.to_string(cutoff))]

    @api.multi
    def _inactive_title(self):
        return _("Clients without activity for %d days") % self._inactive_days()

    @api.multi
    def action_open_list(self):
        return {
            "type": "ir.actions.act_window",
            "name": self._inactive_title(),
            "res_model": "sales_monitor.client.report",
            "view_mode": "tree,pivot",
            "views": [(self.env.ref("sales_monitor.sales_monitor_client_report_view_tree_inactive").id, "tree"),
                      (False, "pivot")],
            "domain": self._inactive_domain(),
            "context": {"search_default_group_user": 1},
        }

    @api.multi
    def _report_data(self):
        return {"domain": self._inactive_domain(), "title": self._inactive_title()}

    @api.multi
    def action_print_pdf(self):
        return self.env.ref("sales_monitor.action_report_inactive_clients").report_action(
            self.env["sales_monitor.client.report"], data=self._report_data())

    @api.multi
    def action_export_xlsx(self):
        return self.env.ref("sales_monitor.action_report_inactive_clients_xlsx").report_action(
            self.env["sales_monitor.client.report"], data=self._report_data())
