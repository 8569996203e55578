from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..lib import funnel, lifecycle
from . import presales_ownership_guard as guard
from .presales_funnel_phase import check_phase_fits

# what a moment records about itself: set when it is logged, changed afterwards by managers only
# (the branch too: it decides which branch managers see a moment without sales up)
LOCKED_FIELDS = ("user_id", "origin", "kind", "occurred_at", "team_id")
# the records a moment links to, which decide who sees it
LINK_FIELDS = ("lead_id", "partner_id")


class PresalesContactMoment(models.Model):
    """One touch with a customer, logged by the CRM or imported from the DMS.

    The table grows to millions of rows: it stays lean, and every column the sales monitor
    filters or groups by is indexed.
    """

    _name = "presales.contact.moment"
    _description = "Customer contact moment"
    _order = "occurred_at desc, id desc"
    _rec_name = "summary"

    occurred_at = fields.Datetime(
        "When", required=True, index=True, default=fields.Datetime.now)
    # the kinds are data (presales.moment.kind): the column keeps the kind's code
    kind = fields.Selection(lambda self: self.env["presales.moment.kind"]._selection(), required=True, index=True)
    channel = fields.Selection(funnel.CHANNELS)
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")], default="outbound")
    summary = fields.Char(required=True)
    user_id = fields.Many2one(
        "res.users", "Salesperson", index=True, default=lambda self: self.env.user,
        ondelete="restrict")
    team_id = fields.Many2one("crm.team", "Branch", index=True, ondelete="restrict")
    partner_id = fields.Many2one("res.partner", "Customer", index=True, ondelete="cascade")
    lead_id = fields.Many2one("crm.lead", "Sales up", index=True, ondelete="set null")
    phase_id = fields.Many2one(
        "presales.funnel.phase", "Funnel phase", required=True, index=True,
        ondelete="restrict")
    origin = fields.Selection(
        [("crm", "CRM"), ("dms", "DMS")], required=True, default="crm", index=True,
        help="Where the moment was recorded: by an action in the CRM, or imported from the DMS.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)

    @api.model
    def _phase_for(self, kind, channel):
        try:
            code = self.env["presales.funnel.vocabulary"].get().phase_for_moment(kind, channel)
        except funnel.UnknownMomentKind as error:
            raise ValidationError(_("Contact moment: field Kind/Channel: %s") % error)
        phase = self.env["presales.funnel.phase"].with_context(active_test=False).search(
            [("code", "=", code)], limit=1)
        if not phase:
            raise ValidationError(
                _("Contact moment: field Funnel phase: no phase with code %s is configured.") % code)
        return phase

    @api.constrains("kind", "phase_id")
    def _check_phase_fits_kind(self):
        """A moment's phase fits its kind (lib/funnel.Vocabulary.fits), whoever chose the phase."""
        for moment in self:
            check_phase_fits(self.env, moment.kind, moment.sudo().phase_id.code, moment._label())

    def _label(self):
        return _('Contact moment "%s"') % (self.summary or _("new contact moment"))

    @api.model
    def _presales_check_create_moment(self, vals):
        """A moment is attributed to a salesperson and shows in the monitor: a salesperson logs
        CRM moments (never DMS ones) for themselves, on what they work on. On a sales up they work
        (owner or second salesperson) the CRM logs it for the sales up's owner."""
        effective = guard.context_defaults(self, vals, ("user_id", "origin", "team_id") + LINK_FIELDS)
        label = _('Contact moment "%s"') % (effective.get("summary") or _("new contact moment"))
        guard.check_links(self, effective, guard.lead_customer_checked(self, effective), label)
        if self.env.user._presales_is_manager():
            return
        if effective.get("origin", "crm") != "crm":
            raise AccessError(_(
                "%s: field Origin: only the DMS link records DMS moments; a salesperson logs CRM "
                "moments.") % label)
        lead = self.env["crm.lead"].browse(effective.get("lead_id") or [])
        partner = self.env["res.partner"].browse(effective.get("partner_id") or [])
        if not lead and partner.sudo().user_id != self.env.user:
            # the rules would hide it from its own author right away: say why instead
            raise AccessError(_(
                "%s: field Sales up: a contact moment without sales up is kept with a customer of "
                "your own portfolio; log it on the customer's sales up.") % label)
        if "user_id" in effective:
            if effective["user_id"] not in (self.env.uid, lead.user_id.id or self.env.uid):
                raise AccessError(_(
                    "%s: field Salesperson: a salesperson logs contact moments for themselves, or "
                    "for the owner of a sales up they work on.") % label)
        if effective.get("team_id") and effective["team_id"] not in (
                lead.team_id.id if lead else self.env.user.sale_team_id.id,):
            raise AccessError(_(
                "%s: field Branch: a salesperson logs contact moments in the branch of the sales up, "
                "or in their own branch without one.") % label)

    @api.multi
    def _presales_check_write_moment(self, vals):
        guard.check_may_write(self)
        guard.check_locked_fields(self, vals, LOCKED_FIELDS, lambda moment: moment._label())
        for moment in self:
            effective = dict({"lead_id": moment.lead_id.id}, **vals)
            checked = [name for name in guard.lead_customer_checked(self, effective) if name in vals]
            guard.check_links(self, effective, checked, moment._label())

    @api.multi
    def write(self, vals):
        self._presales_check_write_moment(vals)
        labels = guard.labels_before(self, lambda moment: moment._label())
        result = super().write(vals)
        guard.check_still_writable(self, labels, [name for name in LINK_FIELDS if name in vals] or list(vals))
        return result

    @api.model
    def create(self, vals):
        self._presales_check_create_moment(vals)
        vals = dict(vals)
        if not vals.get("phase_id") and vals.get("kind"):
            vals["phase_id"] = self._phase_for(vals["kind"], vals.get("channel")).id
        if not vals.get("team_id"):
            user = self.env["res.users"].browse(vals.get("user_id") or self.env.uid)
            lead = self.env["crm.lead"].browse(vals.get("lead_id"))
            vals["team_id"] = (lead.team_id or user.sale_team_id).id
        if not vals.get("partner_id") and vals.get("lead_id"):
            vals["partner_id"] = self.env["crm.lead"].browse(vals["lead_id"]).partner_id.id
        moment = super().create(vals)
        moment._lifecycle_after_store()
        return moment

    @api.multi
    def _lifecycle_after_store(self):
        """The outside facts these stored moments bring to their sales ups (lib/lifecycle.py):
        an agreement moment (a DMS ORDER, or one logged in the CRM) wins its sales up, once.

        Called by create() and, for the moments it stores in SQL, by the DMS bulk path once per
        chunk; whoever stored the moments, the win is the system's doing (see _presales_win_by).
        """
        if not self.ids:
            return True
        # a DMS push hands over its whole batch: SQL picks the few that stand for a fact
        self.env.cr.execute(
            "SELECT id FROM presales_contact_moment WHERE id = ANY(%s) AND lead_id IS NOT NULL AND kind = ANY(%s)",
            (list(self.ids), list(lifecycle.FACT_KINDS)))
        facts = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        by_fact = {}
        signed_at = {}  # the earliest agreement per sales up: the deal closed then, not at the import
        now = fields.Datetime.now()
        for moment in facts:
            fact = lifecycle.fact_of_moment(moment.kind)
            if fact and moment.lead_id:
                by_fact.setdefault(fact, self.env["crm.lead"])
                by_fact[fact] |= moment.lead_id
                when = min(moment.occurred_at or now, now)
                signed_at[moment.lead_id.id] = min(signed_at.get(moment.lead_id.id, when), when)
        for fact, leads in by_fact.items():
            for lead in leads._presales_win_by(fact):
                lead.write({"date_closed": signed_at[lead.id]})
        return True

    @api.onchange("kind", "channel")
    def _onchange_kind_set_phase(self):
        if self.kind and (self.kind != "lead" or self.channel):
            self.phase_id = self._phase_for(self.kind, self.channel)
