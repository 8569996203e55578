from odoo import api, fields, models

from ..lib import lifecycle


class CrmLead(models.Model):
    """An open sales up always has a next step planned: one without any follow-up activity needs
    attention ("no next step") until someone plans one."""

    _inherit = "crm.lead"

    no_next_step = fields.Boolean(
        "No next step", compute="_compute_no_next_step", store=True, index=True,
        help="Open, and no follow-up activity is planned: plan the next step (call, visit, test drive).")

    # activity_ids hangs on an integer res_id, so its changes do not reach @api.depends: the
    # activities refresh the flag themselves (mail.activity below)
    @api.depends("type", "active", "probability", "lead_status")
    def _compute_no_next_step(self):
        ids = tuple(lead.id for lead in self if isinstance(lead.id, int))
        planned = set()
        if ids:
            self.env.cr.execute(
                "SELECT DISTINCT res_id FROM mail_activity WHERE res_model = %s AND res_id IN %s", (self._name, ids))
            planned = {row[0] for row in self.env.cr.fetchall()}
        for lead in self:
            lead.no_next_step = (lead.type == "opportunity" and lead._presales_state() == lifecycle.OPEN
                                 and lead.id not in planned)

    @api.multi
    def _presales_refresh_next_step(self):
        """Store the flag of these sales ups now. Only this field: Odoo's recompute() would also run
        every other computation pending in the transaction, as the user who queued it (a colleague's
        meeting of the same request then refused the whole activity)."""
        leads = self.sudo().exists()
        if not leads:
            return True
        field = self._fields["no_next_step"]
        leads.invalidate_cache(["no_next_step"], leads.ids)
        with self.env.protecting([field], leads):
            leads._compute_no_next_step()
            flags = {lead.id: lead.no_next_step for lead in leads}
        self.env.remove_todo(field, leads)
        for flag in (True, False):
            ids = [lead_id for lead_id, value in flags.items() if value is flag]
            if ids:
                leads.browse(ids)._write({"no_next_step": flag})
        return True


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model
    def _presales_sales_ups(self, pairs):
        return self.env["crm.lead"].sudo().browse(sorted({res_id for model, res_id in pairs if model == "crm.lead"}))

    @api.model
    def create(self, vals):
        activity = super().create(vals)
        self._presales_sales_ups([(activity.res_model, activity.res_id)])._presales_refresh_next_step()
        return activity

    @api.multi
    def write(self, vals):
        before = [(activity.res_model, activity.res_id) for activity in self]
        result = super().write(vals)
        if {"res_id", "res_model", "res_model_id"} & set(vals):
            after = [(activity.res_model, activity.res_id) for activity in self]
            self._presales_sales_ups(before + after)._presales_refresh_next_step()
        return result

    @api.multi
    def unlink(self):
        # done (action_feedback) or deleted: the sales up may be left without a next step
        pairs = [(activity.res_model, activity.res_id) for activity in self.sudo()]
        result = super().unlink()
        self._presales_sales_ups(pairs)._presales_refresh_next_step()
        return result
