import logging

from odoo import api, fields, models

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
        for backend, external_id in self.sudo()._dms_concerned(record):
            messages |= messages.sudo()._enqueue(backend, event, record, external_id, payload, event_time)
        return messages

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
        return [(backend, external_id) for backend, external_id in pairs
                if backend.enabled and backend.outbound_channel != "none"
                and (backend.outbound_channel == "file" or backend.base_url)]

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
