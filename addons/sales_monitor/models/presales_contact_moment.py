from odoo import api, fields, models

from odoo.addons.automotive_presales.lib import sales_up

from ..lib import monitor


class PresalesContactMoment(models.Model):
    """Moments logged through the ORM: the database trigger has updated the sales ups' state
    under the ORM's feet, so their cached copy is dropped; the neglect flag the ORM recomputes
    after the insert feeds the urgency, which is refreshed once more."""

    _inherit = "presales.contact.moment"

    # copied from the sales up by the database (see sales_monitor.rollup): the monitor filters
    # moments by lead origin and customer group without joining a million rows to the sales ups
    monitor_lead_type = fields.Selection(sales_up.LEAD_TYPES, "Lead type", readonly=True)
    monitor_source_id = fields.Many2one("utm.source", "Source", readonly=True, ondelete="set null")
    monitor_customer_group = fields.Selection(monitor.CUSTOMER_GROUPS, "Customer group", readonly=True)

    _MONITOR_FIELDS = ["monitor_phase_id", "monitor_phase_since", "monitor_last_moment_at",
                       "monitor_furthest_step", "monitor_urgency", "monitor_urgent"]

    @api.model
    def create(self, vals):
        # the open monitors are told by _lifecycle_after_store, which automotive_presales' create runs
        moment = super().create(vals)
        moment._monitor_touched(moment.lead_id.ids)
        return moment

    @api.multi
    def write(self, vals):
        before = self.mapped("lead_id").ids
        changes = self.env["sales.monitor"]._monitor_moment_changes(self.ids)
        result = super().write(vals)
        self._monitor_touched(before + self.mapped("lead_id").ids)
        self.env["sales.monitor"]._monitor_notify(changes + self.env["sales.monitor"]._monitor_moment_changes(self.ids))
        return result

    @api.multi
    def unlink(self):
        leads = self.mapped("lead_id").ids
        changes = self.env["sales.monitor"]._monitor_moment_changes(self.ids)
        result = super().unlink()
        self._monitor_touched(leads)
        self.env["sales.monitor"]._monitor_notify(changes)
        return result

    @api.multi
    def _lifecycle_after_store(self):
        """Stored moments (by the ORM's create, or by SQL on the DMS bulk path): the open monitors
        that show them are told, once."""
        result = super()._lifecycle_after_store()
        self.env["sales.monitor"]._monitor_notify(self.env["sales.monitor"]._monitor_moment_changes(self.ids))
        return result

    def _monitor_touched(self, lead_ids):
        if lead_ids:
            self.env["crm.lead"].invalidate_cache(self._MONITOR_FIELDS, lead_ids)
            self.env["sales_monitor.rollup"].refresh_urgency(lead_ids)
