import collections
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

from odoo.addons.automotive_presales.lib import lifecycle

from ..lib import contact_rule

_logger = logging.getLogger(__name__)

Facts = collections.namedtuple("Facts", "statements last_purchase open_request")


class ResPartner(models.Model):
    _inherit = "res.partner"

    dealer_consent_ids = fields.One2many("dealer.consent", "partner_id", "Consent ledger")
    privacy_light_html = fields.Html(
        "May we contact them?", compute="_compute_privacy_light_html", sanitize=False,
        help="Per channel and purpose: may we contact this person now, and why (the consent ledger, "
             "the Dutch call rule, the open sales ups and purchases).")
    privacy_anonymised_at = fields.Datetime(
        "Anonymised on", readonly=True, copy=False, index=True,
        help="The person's data was erased on this date; what is left keeps the statistics only.")
    privacy_erase_after = fields.Date(
        "Complete erasure after", readonly=True, copy=False,
        help="Part of the person's data is kept by law (invoices within the retention period) until this "
             "date; the retention cron erases it then.")

    # ---- the contact rule ----

    @api.multi
    def _privacy_facts(self):
        """{partner id: Facts} for the contact rule, in four queries for the whole batch."""
        result = {partner.id: Facts([], None, None) for partner in self}
        if not self.ids:
            return result
        sudo = self.sudo()
        lines = collections.defaultdict(lambda: sudo.env["dealer.consent"])
        for line in sudo.env["dealer.consent"].search([("partner_id", "in", self.ids)]):
            lines[line.partner_id.id] |= line
        statements = collections.defaultdict(list, {key: group._statements() for key, group in lines.items()})
        # a purchase of the customer's company counts for its contact persons, and the other way round
        commercial = {partner.id: partner.commercial_partner_id.id for partner in sudo}
        purchases = {}
        Lead = sudo.env["crm.lead"].with_context(active_test=False)
        won = Lead.search_read([("partner_id", "child_of", list(set(commercial.values())))] + lifecycle.domain(
            lifecycle.WON), ["partner_id", "date_closed", "write_date"])
        orders = sudo.env["sale.order"].search_read(
            [("partner_id", "child_of", list(set(commercial.values()))), ("state", "in", ("sale", "done"))],
            ["partner_id", "confirmation_date", "date_order"])
        buyers = sudo.browse({row["partner_id"][0] for row in won + orders if row["partner_id"]})
        buyer_commercial = {buyer.id: buyer.commercial_partner_id.id for buyer in buyers}
        for row in won + orders:
            if not row["partner_id"]:
                continue
            when = row.get("date_closed") or row.get("confirmation_date") or row.get("date_order") or row["write_date"]
            day = fields.Date.from_string(when[:10])
            key = buyer_commercial[row["partner_id"][0]]
            purchases[key] = max(purchases.get(key, day), day)
        open_requests = {}
        for row in Lead.search_read([("partner_id", "in", self.ids)] + lifecycle.domain(lifecycle.OPEN),
                                    ["partner_id", "lead_date", "create_date"]):
            day = fields.Date.from_string((row["lead_date"] or row["create_date"])[:10])
            partner_id = row["partner_id"][0]
            open_requests[partner_id] = max(open_requests.get(partner_id, day), day)
        for partner in self:
            result[partner.id] = Facts(statements[partner.id], purchases.get(commercial[partner.id]),
                                       open_requests.get(partner.id))
        return result

    @api.multi
    def _privacy_permissions(self, channels=contact_rule.CHANNELS, purposes=contact_rule.PURPOSES, facts=None):
        """{partner id: {(channel, purpose): contact_rule.Permission}} for the batch."""
        facts = facts or self._privacy_facts()
        today = fields.Date.from_string(fields.Date.context_today(self))
        return {partner.id: {(channel, purpose): contact_rule.permission(
            channel, purpose, today, facts[partner.id].statements, facts[partner.id].last_purchase,
            facts[partner.id].open_request) for channel in channels for purpose in purposes}
            for partner in self}

    @api.model
    def _privacy_reason(self, permission, channel, purpose):
        """The rule's answer in words, e.g. 'customer since 2024-03: may call until 2027-03'."""
        values = dict(permission.values)
        Consent = self.env["dealer.consent"]
        values.update(channel=Consent._label("channel", channel).lower(),
                      purpose=Consent._label("purpose", purpose).lower())
        if "source" in values:
            values["source"] = Consent._label("source", values["source"])
        for key in ("since", "until"):
            if key in values:
                values[key + "_month"] = values[key][:7]
        values["verb"] = {"phone": _("call"), "email": _("e-mail"), "sms": _("text"), "post": _("write")}[channel]
        texts = {
            "refused": _("refused %(purpose)s by %(channel)s on %(date)s (%(source)s)"),
            "withdrawn": _("withdrew %(purpose)s by %(channel)s on %(date)s (%(source)s)"),
            "consent": _("consent for %(purpose)s by %(channel)s given on %(date)s (%(source)s)"),
            "contract": _("customer since %(since_month)s: service reminders under the contract"),
            "open_request": _("open sales up since %(since)s: follow-up at the customer's request"),
            "customer": _("customer since %(since_month)s: may %(verb)s until %(until_month)s"),
            "customer_expired": _("last purchase %(since_month)s: the three years ended %(until_month)s, "
                                  "consent needed"),
            "post": _("legitimate interest: no objection to post recorded"),
            "no_basis": _("no consent for %(purpose)s by %(channel)s and no purchase in the last three years"),
        }
        return texts[permission.code] % values

    @api.multi
    def contact_permission(self, channel, purpose):
        """{"allowed": bool, "reason": str}: may we contact this person on `channel` (phone, email,
        sms, post) for `purpose` (sales, marketing, service, survey) now, and why."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        if channel not in contact_rule.CHANNELS or purpose not in contact_rule.PURPOSES:
            raise UserError(_("Contact permission of %s: channel %r or purpose %r is unknown (channels: %s; "
                              "purposes: %s).") % (
                self.display_name, channel, purpose, ", ".join(contact_rule.CHANNELS),
                ", ".join(contact_rule.PURPOSES)))
        result = self._privacy_permissions((channel,), (purpose,))[self.id][(channel, purpose)]
        return {"allowed": result.allowed, "reason": self._privacy_reason(result, channel, purpose)}

    @api.multi
    def _privacy_light(self, purposes):
        """HTML: per purpose, one line per channel with a green or red dot and the reason."""
        permissions = self._privacy_permissions(purposes=purposes)
        lights = {}
        for partner in self:
            blocks = []
            for purpose in purposes:
                lines = []
                for channel in contact_rule.CHANNELS:
                    result = permissions[partner.id][(channel, purpose)]
                    lines.append(
                        '<li class="o_dealer_privacy_%s" data-channel="%s" data-purpose="%s">'
                        '<span class="fa fa-circle %s" title="%s"/> <b>%s</b>: %s</li>' % (
                            "allowed" if result.allowed else "forbidden", channel, purpose,
                            "text-success" if result.allowed else "text-danger",
                            html_escape(_("Allowed") if result.allowed else _("Not allowed")),
                            html_escape(self.env["dealer.consent"]._label("channel", channel)),
                            html_escape(self._privacy_reason(result, channel, purpose))))
                heading = html_escape(self.env["dealer.consent"]._label("purpose", purpose))
                blocks.append('<div class="o_dealer_privacy_purpose"><h5>%s</h5><ul class="list-unstyled">%s</ul>'
                              '</div>' % (heading, "".join(lines)))
            lights[partner.id] = '<div class="o_dealer_privacy_light">%s</div>' % "".join(blocks)
        return lights

    @api.depends("dealer_consent_ids")
    def _compute_privacy_light_html(self):
        partners = self.filtered(lambda partner: isinstance(partner.id, int))
        lights = partners._privacy_light(contact_rule.PURPOSES) if partners else {}
        for partner in self:
            partner.privacy_light_html = lights.get(partner.id, False)

    @api.model
    def _privacy_allowed(self, partners, channel, purpose):
        """The partners of `partners` we may contact on `channel` for `purpose` (mass mailings,
        call lists and suggestions filter with this)."""
        permissions = partners._privacy_permissions((channel,), (purpose,))
        return partners.filtered(lambda partner: permissions[partner.id][(channel, purpose)].allowed)

    # ---- audit and the DMS ----

    @api.multi
    def _privacy_log(self, event, reason):
        Log = self.env["dealer.privacy.log"].sudo()
        for partner in self:
            Log.create({"event": event, "partner_id": partner.id, "user_id": self.env.uid, "reason": reason})

    @api.multi
    def _privacy_notify_dms(self, event, payload):
        """Tell the DMS (interface 2: dms.backend.dms_notify queues the message once on every
        backend concerned; an erasure reaches every backend that exchanged the person). Returns
        the messages queued."""
        messages = self.env["dms.outbound.message"].sudo()
        for partner in self:
            messages |= self.env["dms.backend"].sudo().dms_notify(event, partner.sudo(), payload)
        return messages

    @api.multi
    def _dms_consent_received(self, consents):
        """Interface 1: the consents a DMS or importer record carried for this partner, as dicts
        {channel, purpose, state, source ("dms"|"importer"), time ("YYYY-MM-DD HH:MM:SS" UTC), text,
        backend_id}. Each becomes a ledger line once: the same statement sent again is skipped, and
        so is one that changes nothing (the state that held at its time), or a withdrawal of what
        no DMS or importer gave (a DMS without the consent does not undo the web form's)."""
        result = super()._dms_consent_received(consents)
        self.ensure_one()
        Consent = self.env["dealer.consent"].sudo()
        ledger = Consent.search([("partner_id", "=", self.id)])
        for consent in consents or ():
            if not isinstance(consent, dict):
                _logger.warning("DMS consent for partner %s skipped: not a record (%r)", self.id, consent)
                continue
            values = {"partner_id": self.id, "channel": consent.get("channel"), "purpose": consent.get("purpose"),
                      "state": consent.get("state"), "source": consent.get("source") or "dms",
                      "given_at": consent.get("time") or fields.Datetime.now(),
                      "proof_text": str(consent.get("text") or "") or False, "lawful_basis": "consent",
                      "backend_id": consent.get("backend_id") or False}
            problem = self._privacy_consent_problem(values)
            if problem:
                # the DMS's record is imported all the same; its consent part cannot be read
                _logger.warning("DMS consent for partner %s skipped: %s", self.id, problem)
                continue
            if self._privacy_consent_unchanged(ledger, values):
                continue
            ledger |= Consent._record_once(values)
        return result

    @api.model
    def _privacy_consent_unchanged(self, ledger, values):
        """True when the statement `values` adds nothing to `ledger` (dealer.consent lines): the
        line that held at its time says the same, or it withdraws a consent no DMS or importer gave."""
        time = fields.Datetime.from_string(values["given_at"])
        before = ledger.filtered(lambda line: line.channel == values["channel"] and line.purpose == values["purpose"]
                                 and fields.Datetime.from_string(line.given_at) <= time)
        holding = before.sorted(lambda line: (line.given_at, line.id))[-1:]
        if holding.state == values["state"]:
            return True
        if values["state"] == "withdrawn":
            # a DMS or importer withdraws what came through a DMS or importer; a consent the person
            # gave us (web form, in person) holds until they withdraw it there or refuse
            return not (holding.state == "given" and holding.source in ("dms", "importer"))
        return False

    @api.model
    def _privacy_consent_problem(self, values):
        if values["channel"] not in contact_rule.CHANNELS:
            return "channel %r" % (values["channel"],)
        if values["purpose"] not in contact_rule.PURPOSES:
            return "purpose %r" % (values["purpose"],)
        if values["state"] not in contact_rule.STATES:
            return "state %r" % (values["state"],)
        if values["source"] not in ("dms", "importer"):
            return "source %r" % (values["source"],)
        if not isinstance(values["given_at"], str):
            return "time %r" % (values["given_at"],)
        try:
            fields.Datetime.from_string(values["given_at"])
        except ValueError:
            return "time %r" % (values["given_at"],)
        backend = values["backend_id"]
        if backend and not (isinstance(backend, int) and self.env["dms.backend"].sudo().browse(backend).exists()):
            return "backend %r" % (backend,)
        return None

    # ---- who may use the rights ----

    @api.model
    def _privacy_check_director(self, what):
        if not self.env.user.has_group("automotive_presales.group_sales_director"):
            raise AccessError(_("%s: only the Sales Director may do this.") % what)
