from odoo import _, api, fields, models

from odoo.addons.automotive_presales.models import lib_text

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
    # compute_sudo: stored facts of the sales up, computed whoever saves it (a user of Odoo's
    # Sales / User group without dealer role, the mail gateway) and not only who may read steps
    monitor_appointment = fields.Boolean(
        "Appointment set", compute="_compute_monitor_process", store=True, compute_sudo=True,
        help="The sales-process step Appointment set (or Appointment shown) was reached.")
    monitor_shown = fields.Boolean(
        "Customer came", compute="_compute_monitor_process", store=True, compute_sudo=True,
        help="The customer came to the dealer: the steps Appointment shown, Vehicle presented or Demo were "
             "reached (a test drive in the funnel counts as well, in the monitor's rates).")
    speed_owner_reminded_at = fields.Datetime(
        "Owner reminded", readonly=True, copy=False,
        help="When the salesperson was reminded that the lead still waits for a first contact.")
    speed_manager_escalated_at = fields.Datetime(
        "Branch manager told", readonly=True, copy=False,
        help="When the branch manager was told that the lead still waits for a first contact.")
    monitor_customer_group = fields.Selection(
        monitor.CUSTOMER_GROUPS, "Customer group", compute="_compute_monitor_customer_group",
        store=True, index=True, compute_sudo=True)

    @api.depends("sales_step_ids.step")
    def _compute_monitor_process(self):
        for lead in self:
            steps = set(lead.sales_step_ids.mapped("step"))
            lead.monitor_appointment = bool(steps & set(monitor.APPOINTMENT_STEPS))
            lead.monitor_shown = bool(steps & set(monitor.SHOWN_STEPS))

    @api.depends("monitor_urgency")
    def _compute_monitor_urgency_reasons(self):
        hot_days, offer_days = self.env["sales.monitor"]._urgency_days()
        translate = lib_text.translator(self.env)
        for lead in self:
            codes = (lead.monitor_urgency or "").split(",")
            lead.monitor_urgency_reasons = "\n".join(
                monitor.reasons_in_words(codes, hot_days, offer_days, translate))

    @api.depends("partner_id.is_company", "partner_id.parent_id.is_company")
    def _compute_monitor_customer_group(self):
        for lead in self:
            lead.monitor_customer_group = monitor.customer_group(
                lead.partner_id.is_company, lead.partner_id.parent_id.is_company)

    # what the monitor shows of a sales up: a change of these is announced to the open monitors
    MONITOR_SHOWN = {"active", "probability", "lead_status", "stage_id", "team_id", "user_id", "second_user_id",
                     "planned_revenue", "gut_probability", "lead_date", "lead_type", "source_id", "partner_id"}

    @api.model
    def create(self, vals):
        lead = super().create(vals)
        lead._monitor_tell_new_owner()
        self.env["sales.monitor"]._monitor_notify(lead._monitor_rows())
        return lead

    @api.multi
    def write(self, vals):
        before = self._monitor_rows() if set(vals) & self.MONITOR_SHOWN else []
        owners = {lead.id: lead.user_id for lead in self} if "user_id" in vals else {}
        result = super().write(vals)
        if set(vals) & {"active", "probability", "lead_status", "stage_id", "team_id", "lead_date",
                        "purchase_timeframe_start", "purchase_timeframe_end"}:
            self.env["sales_monitor.rollup"].refresh_urgency(self.ids)
        if owners:
            self.filtered(lambda lead: lead.user_id != owners[lead.id])._monitor_tell_new_owner()
        if before:
            self.env["sales.monitor"]._monitor_notify(before + self._monitor_rows())
        return result

    @api.multi
    def _presales_on_won(self):
        """A sales up won in the CRM after the DMS reported its sale: that sale, stored without a
        sales up, is matched to it now (presales.contact.moment._monitor_attribute_sales), so it
        leaves "sold in the DMS only" and counts as a deal logged late when it was. Matched before
        the won sales up logs its own agreement (outcome), which the DMS's then stands for."""
        partners = self.sudo().mapped("partner_id")
        if partners:
            Moment = self.env["presales.contact.moment"].sudo()
            Moment.search([("origin", "=", "dms"), ("lead_id", "=", False), ("partner_id", "in", partners.ids),
                           ("phase_id.code", "in", Moment._monitor_sold_phases())])._monitor_attribute_sales()
        return super()._presales_on_won()

    @api.multi
    def _monitor_rows(self):
        """(branch, {people}, sales up) of these sales ups, as _monitor_notify reads a change."""
        return [(lead.team_id.id, frozenset((lead.user_id.id, lead.second_user_id.id)), lead.id)
                for lead in self.sudo()]

    @api.multi
    def _monitor_tell_new_owner(self):
        """A sales up given to a salesperson (by distribution, a manager, an import) is announced to
        them: a notification now and a to-do that stays. Taking one oneself needs no message, and a
        silent assignment (Odoo's mail_auto_subscribe_no_notify, as its own "you have been assigned"
        mail honours it) neither."""
        if self.env.context.get("mail_auto_subscribe_no_notify"):
            return
        for lead in self.sudo():
            owner = lead.user_id
            if not owner or owner.id == self.env.uid or owner.share or not owner.active:
                continue
            customer = lead.partner_id.display_name or " ".join(
                part for part in (lead.contact_name, lead.contact_lastname) if part) or lead.name
            lead._monitor_remind(owner, _("New sales up for you: %s") % customer)

    @api.multi
    def _monitor_remind(self, user, message):
        """Tell a user about this sales up: a notification on their screen (web_notify; a bus
        message is not kept) backed by a to-do on the sales up, due today."""
        self.ensure_one()
        if not user:
            return
        user.sudo().notify_warning(message, title=self.name, sticky=True)
        self.env["mail.activity"].sudo().create({
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "user_id": user.id,
            "summary": message,
            "date_deadline": fields.Date.context_today(self),
        })
