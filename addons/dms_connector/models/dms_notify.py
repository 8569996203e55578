import collections
import logging

from odoo import _, api, fields, models
from odoo.addons.queue_job.job import job

from ..lib import ingest
from ..lib.hashing import payload_hash

_logger = logging.getLogger(__name__)

# the contact-moment kinds that tell the lead's sender something happened
MOMENT_EVENTS = {"test_drive": "test_drive", "offer_sent": "offer", "offer_follow_up": "offer"}
# fields of a customer the DMS keeps too: an edit of one of them goes to the DMS
CUSTOMER_FIELDS = ("firstname", "lastname", "email", "phone", "mobile", "street", "zip", "city")


class DmsBackend(models.Model):
    """dms_notify: the one way anything goes back to a DMS or lead sender."""

    _inherit = "dms.backend"

    @api.model
    def dms_notify(self, event, record, payload=None, event_time=None):
        """Queue `event` about `record` for every enabled backend that exchanges that record, once
        (dms.outbound.message); nothing when no backend is concerned. Other addons call it when it
        exists (hasattr) or depend on dms_connector. Events: received, first_contact, appointment,
        test_drive, offer, sold, lost, status, moment, customer, consent, erasure, order."""
        messages = self.env["dms.outbound.message"]
        if not record:
            return messages
        record.ensure_one()
        event_time = event_time or fields.Datetime.now()
        payload = dict(payload or {}, time=(payload or {}).get("time") or event_time)
        if event == "erasure" and record._name == "res.partner":
            targets = self.sudo()._dms_erasure_targets(record, payload)
        else:
            targets = [(backend, external_id, payload) for backend, external_id in self.sudo()._dms_concerned(record)]
        for backend, external_id, body in targets:
            messages |= messages.sudo()._enqueue(backend, event, record, external_id, body, event_time)
        return messages

    @api.model
    def _dms_erasure_targets(self, partner, payload):
        """[(backend, the backend's id of the person or None, payload)] of a person's erasure: every
        backend that exchanged the person, as a customer or through their sales ups (an ADF lead
        sender knows the person by its lead only), once each; the payload names that backend's
        sales ups of the person (`sales_ups`: its ids) and nothing of another backend's."""
        person = self._dms_bound("dms.partner.binding", partner.id)
        leads = self.env["crm.lead"].sudo().with_context(active_test=False).search(
            [("partner_id", "=", partner.id)], order="id")
        targets = collections.OrderedDict((backend, [external_id, []]) for backend, external_id in person)
        for lead in leads:
            for backend, external_id in self._dms_bound("dms.lead.binding", lead.id):
                targets.setdefault(backend, [None, []])[1].append(external_id)
        return [(backend, external_id, dict(payload, sales_ups=sorted(sales_ups)))
                for backend, (external_id, sales_ups) in targets.items() if self._dms_sends_back(backend)]

    @api.multi
    def _moment_consents_received(self, moments):
        """Interface 1 for our moment schema: {partner id: the latest moment of that customer in
        the batch}; each customer's marketing_consent goes to res.partner._dms_consent_received,
        once per partner, stated at that moment's time."""
        self.ensure_one()
        self.dms_consents_received(self._moment_consent_rows(moments))

    @api.model
    def _moment_consent_rows(self, moments):
        """[[partner id, time, [[channel, state], ...]], ...] of {partner id: moment} (JSON for a job)."""
        rows = []
        for partner_id, moment in sorted(moments.items()):
            statements = ingest.marketing_consents(moment.get("customer"))
            if statements:
                rows.append([partner_id, fields.Datetime.to_string(moment["occurred_at"]),
                             [list(statement) for statement in statements]])
        return rows

    @job(default_channel="root.dms")
    @api.multi
    def dms_consents_received(self, rows):
        """Hand the customers' statements (_moment_consent_rows) to the consent ledger. The bulk
        path queues this after its run, so the ledger's work never slows the import down; a retry
        adds nothing (the ledger records a statement once)."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo().with_context(tracking_disable=True)
        text = _("Marketing consent in DMS %s") % self.name
        for partner_id, time, statements in rows:
            partner = Partner.browse(partner_id).exists()
            if partner:
                partner._dms_consent_received([{
                    "channel": channel, "purpose": "marketing", "state": state, "source": "dms", "time": time,
                    "text": text, "backend_id": self.id} for channel, state in statements])
        return _("%d customers' consent handed to the ledger.") % len(rows)

    @api.model
    def _dms_concerned(self, record):
        """[(backend, the backend's id of the record)] of the enabled backends that send back and
        exchange `record`: the sender of a sales up, the DMS of a customer, of a moment's or an
        order's sales up (else its customer)."""
        if record._name == "crm.lead":
            pairs = self._dms_bound("dms.lead.binding", record.id)
        elif record._name == "res.partner":
            pairs = self._dms_bound("dms.partner.binding", record.commercial_partner_id.id)
        elif record._name in ("presales.contact.moment", "presales.test.drive", "calendar.event", "sale.order"):
            link = "lead_id" if "lead_id" in record._fields else "opportunity_id"
            lead = record[link] if link in record._fields else self.env["crm.lead"]
            pairs = self._dms_bound("dms.lead.binding", lead.id) if lead else []
            if not pairs and record.partner_id:
                pairs = self._dms_bound("dms.partner.binding", record.partner_id.commercial_partner_id.id)
        else:
            pairs = []
        return [(backend, external_id) for backend, external_id in pairs if self._dms_sends_back(backend)]

    @api.model
    def _dms_sends_back(self, backend):
        return bool(backend.enabled and backend.outbound_channel != "none"
                    and (backend.outbound_channel == "file" or backend.base_url))

    @api.model
    def _dms_bound(self, binding_model, odoo_id):
        """The first binding per backend of a record (a lead sent with several keys is known to its
        sender by the first, the most specific)."""
        if not odoo_id:
            return []
        self.env.cr.execute("""
            SELECT DISTINCT ON (backend_id) backend_id, external_id FROM {table}
            WHERE odoo_id = %s ORDER BY backend_id, id
        """.format(table=self.env[binding_model]._table), (odoo_id,))
        rows = self.env.cr.fetchall()
        backends = self.browse([row[0] for row in rows])
        return [(backends.filtered(lambda backend, backend_id=backend_id: backend.id == backend_id), external_id)
                for backend_id, external_id in rows]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.multi
    def _dms_lifecycle_state(self):
        """open, won or lost, as the DMS hears it: the one place that asks. crm.lead.lifecycle_state
        once it exists (the `deal` branch stores it), else automotive_presales' lifecycle predicate."""
        self.ensure_one()
        if "lifecycle_state" in self._fields:
            return self.lifecycle_state
        return self._presales_state()

    @api.multi
    def _dms_status_payload(self):
        self.ensure_one()
        return {"owner": self.user_id.login or "", "status": self.lead_status or "",
                "outcome": self._dms_lifecycle_state()}

    @api.multi
    def _dms_status_changed(self):
        """Status and outcome to the lead's sender when they changed since the last message: the
        status message (owner, status, outcome) and, when the outcome moved to won or lost, the
        sold or lost message."""
        Backend = self.env["dms.backend"]
        Binding = self.env["dms.lead.binding"].sudo()
        for lead in self.with_context(active_test=False):
            bindings = Binding.search([("odoo_id", "=", lead.id)])
            payload = lead._dms_status_payload()
            signature = payload_hash(payload)
            if not bindings or all(binding.exported_status == signature for binding in bindings):
                continue
            since = fields.Datetime.now()
            Backend.dms_notify("status", lead, dict(payload, since=since))
            outcome = payload["outcome"]
            if outcome in ("won", "lost") and any(binding.sent_outcome != outcome for binding in bindings):
                Backend.dms_notify("sold" if outcome == "won" else "lost", lead, {
                    "outcome": outcome, "lost_reason": lead.lost_reason.name or "", "since": since})
            bindings.write({"exported_status": signature, "sent_outcome": outcome})


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.multi
    def _dms_consent_received(self, consents):
        """Called once per partner with the consents a DMS or importer record carried: [{"channel":
        phone|email|sms|post, "purpose": sales|marketing|service|survey, "state": given|refused|
        withdrawn, "source": dms|importer, "time": "YYYY-MM-DD HH:MM:SS" (UTC), "text", "backend_id"}].

        Here nothing more happens than before: each moment keeps its "No marketing consent" flag.
        dealer_privacy overrides this to write its consent ledger."""
        return True


class PresalesContactMoment(models.Model):
    _inherit = "presales.contact.moment"

    @api.multi
    def _dms_notify_logged(self):
        """A contact moment logged in the CRM goes to the DMS (no double entry), and tells the lead's
        sender what happened: the first contact, a test drive, an offer."""
        Backend = self.env["dms.backend"]
        for moment in self.filtered(lambda item: item.origin == "crm"):
            payload = {"kind": moment.kind, "channel": moment.channel or "", "direction": moment.direction or "",
                       "summary": moment.summary, "occurred_at": moment.occurred_at,
                       "salesperson": moment.user_id.login or ""}
            Backend.dms_notify("moment", moment, payload, event_time=moment.occurred_at)
            lead = moment.lead_id
            if not lead or moment.kind == "lead":
                continue
            if MOMENT_EVENTS.get(moment.kind):
                Backend.dms_notify(MOMENT_EVENTS[moment.kind], lead, dict(payload, moment_id=moment.id),
                                   event_time=moment.occurred_at)
            Backend.dms_notify("first_contact", lead, {"kind": moment.kind, "time": moment.occurred_at},
                               event_time=moment.occurred_at)
