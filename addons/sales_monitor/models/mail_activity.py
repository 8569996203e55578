from odoo import api, models


class MailActivity(models.Model):
    """A follow-up planned, moved or done on a sales up changes its 'overdue' reason now."""

    _inherit = "mail.activity"

    @api.model
    def create(self, vals):
        activity = super().create(vals)
        activity._monitor_refresh_leads()
        return activity

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        self._monitor_refresh_leads()
        return result

    @api.multi
    def unlink(self):
        leads = self._monitor_lead_ids()
        result = super().unlink()
        if leads:
            self.env["sales_monitor.rollup"].sudo().refresh_urgency(leads)
        return result

    def _monitor_lead_ids(self):
        return [activity.res_id for activity in self.sudo() if activity.res_model == "crm.lead"]

    def _monitor_refresh_leads(self):
        leads = self._monitor_lead_ids()
        if leads:
            self.env["sales_monitor.rollup"].sudo().refresh_urgency(leads)
