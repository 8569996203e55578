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
        # the open monitors are told by _lifecycle_after_store, which the create calls
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
        """Stored moments (by the ORM, or by SQL on the DMS bulk path): a sale the DMS reported
        without its sales up is first given the one it belongs to (so its agreement wins that
        sales up in the lifecycle's hook), then the open monitors that show them are told."""
        self._monitor_attribute_sales()
        result = super()._lifecycle_after_store()
        self.env["sales.monitor"]._monitor_notify(self.env["sales.monitor"]._monitor_moment_changes(self.ids))
        return result

    @api.model
    def _monitor_sold_phases(self):
        """The phase codes of a sale: the first phase of the agreement and delivery steps
        (lib/funnel.Vocabulary.entry_phase), as the monitor counts sales."""
        vocabulary = self.env["presales.funnel.vocabulary"].get()
        return [code for code in (vocabulary.entry_phase(step) for step in ("agreement", "delivery")) if code]

    @api.multi
    def _monitor_attribute_sales(self):
        """Sold in the DMS: of these moments, the sales the DMS reported without a sales up (an
        order or a delivery of a customer only) are linked to the customer's sales up they belong
        to (lib/monitor.sale_sales_up) and counted for its salesperson. Run when moments are
        stored and when a sales up is won (a deal logged in the CRM after the DMS reported it).
        Returns the moments linked."""
        if not self.ids:
            return self.browse()
        cr = self.env.cr
        cr.execute("""
            SELECT moment.id, moment.partner_id, moment.user_id, moment.occurred_at
              FROM presales_contact_moment moment
              JOIN presales_funnel_phase phase ON phase.id = moment.phase_id
             WHERE moment.id = ANY(%s) AND moment.origin = 'dms' AND moment.lead_id IS NULL
               AND moment.partner_id IS NOT NULL AND phase.code = ANY(%s)
             ORDER BY moment.occurred_at, moment.id""", (list(self.ids), self._monitor_sold_phases()))
        sales = cr.fetchall()
        if not sales:
            return self.browse()
        cr.execute("""
            SELECT partner_id, id, lifecycle_state, user_id, lead_date, date_closed FROM crm_lead
             WHERE partner_id = ANY(%s) AND type = 'opportunity' ORDER BY id""",
                   (list({partner_id for _id, partner_id, _user, _at in sales}),))
        sales_ups = {}
        for partner_id, lead_id, state, owner_id, lead_date, closed_at in cr.fetchall():
            sales_ups.setdefault(partner_id, []).append((
                lead_id, state, owner_id, fields.Datetime.from_string(lead_date),
                fields.Datetime.from_string(closed_at)))
        links = {}
        for moment_id, partner_id, user_id, occurred_at in sales:
            lead_id = monitor.sale_sales_up(fields.Datetime.from_string(occurred_at), user_id,
                                            sales_ups.get(partner_id, []))
            if lead_id:
                links.setdefault(lead_id, []).append(moment_id)
        linked = self.browse()
        for lead_id, moment_ids in sorted(links.items()):
            lead = self.env["crm.lead"].sudo().with_context(active_test=False).browse(lead_id)
            moments = self.sudo().browse(moment_ids)
            # the sale counts for the salesperson whose sales up it is (the system's doing: a
            # salesperson may not move a moment to a colleague, see presales_ownership_guard)
            moments.write(dict({"lead_id": lead.id}, **({"user_id": lead.user_id.id} if lead.user_id else {})))
            linked |= moments
        return linked.with_env(self.env)

    def _monitor_touched(self, lead_ids):
        if lead_ids:
            self.env["crm.lead"].invalidate_cache(self._MONITOR_FIELDS, lead_ids)
            self.env["sales_monitor.rollup"].refresh_urgency(lead_ids)
