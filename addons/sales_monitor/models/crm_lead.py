from odoo import api, fields, models

from ..lib import monitor


class CrmLead(models.Model):
    """The sales up as the monitor counts it: its current phase, how far it got and why it needs
    attention. PostgreSQL keeps these columns current (see sales_monitor.rollup); the ORM only
    reads them."""

    _inherit = "crm.lead"

    monitor_phase_id = fields.Many2one(
        "presales.funnel.phase", "Current phase", readonly=True, index=True, ondelete="set null",
        help="The phase of the latest contact moment of the sales up.")
    monitor_phase_since = fields.Datetime(
        "In phase since", readonly=True, help="When the sales up entered its current phase.")
    monitor_last_moment_at = fields.Datetime("Last contact moment", readonly=True, index=True)
    monitor_furthest_step = fields.Integer(
        "Furthest step", readonly=True,
        help="How far the sales up got: 1 lead, 2 test drive, 3 offer, 4 agreement, 5 delivery.")
    monitor_urgency = fields.Char(
        "Urgency codes", readonly=True, help="Technical: the reasons the sales up needs attention.")
    monitor_urgent = fields.Boolean("Urgent", readonly=True, index=True)
    monitor_urgency_reasons = fields.Text(
        "Needs attention because", compute="_compute_monitor_urgency_reasons")
    monitor_customer_group = fields.Selection(
        monitor.CUSTOMER_GROUPS, "Customer group", compute="_compute_monitor_customer_group",
        store=True, index=True, compute_sudo=True)

    @api.depends("monitor_urgency")
    def _compute_monitor_urgency_reasons(self):
        hot_days, offer_days = self.env["sales.monitor"]._urgency_days()
        for lead in self:
            codes = (lead.monitor_urgency or "").split(",")
            lead.monitor_urgency_reasons = "\n".join(monitor.reasons_in_words(codes, hot_days, offer_days))

    @api.depends("partner_id.is_company", "partner_id.parent_id.is_company")
    def _compute_monitor_customer_group(self):
        for lead in self:
            lead.monitor_customer_group = monitor.customer_group(
                lead.partner_id.is_company, lead.partner_id.parent_id.is_company)

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if set(vals) & {"active", "probability", "lead_status", "stage_id", "team_id", "lead_date"}:
            self.env["sales_monitor.rollup"].refresh_urgency(self.ids)
        return result
