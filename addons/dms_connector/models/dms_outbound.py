import json
import logging
import os
import uuid

from odoo import _, api, fields, models, tools
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import job

from ..lib.hashing import canonical_json, payload_hash
from .dms_backend_import import RETRY_PATTERN

_logger = logging.getLogger(__name__)

EVENTS = [
    ("received", "Lead received"),
    ("first_contact", "First contact"),
    ("appointment", "Appointment"),
    ("test_drive", "Test drive"),
    ("offer", "Offer"),
    ("sold", "Sold"),
    ("lost", "Lost"),
    ("status", "Owner and status"),
    ("moment", "Contact moment"),
    ("customer", "Customer"),
    ("consent", "Consent"),
    ("erasure", "Erasure"),
    ("order", "Vehicle order"),
]
# events that happen once in the life of their record: a second notice of them is the same fact
ONCE = ("received", "first_contact")
# first key of the advisory lock a message holds while it is sent (the second is its id)
SEND_LOCK = 7332
LEAD_EVENTS = ("received", "first_contact", "appointment", "test_drive", "offer", "sold", "lost", "status")


class DmsOutboundMessage(models.Model):
    """One message to a DMS or lead sender: what happened (event), to which of its records, when.

    Created by `dms.backend.dms_notify`; sent by a queue job on root.dms through the backend's
    outbound channel, retried with back-off until the DMS takes it (a DMS that is down for a day
    gets it the next day). Exactly once: `dedupe_key` is unique per backend, so the same fact is
    queued once; a message is sent until it is marked sent, under a row lock, and carries its
    `message_id` so that a DMS whose answer got lost recognises the second delivery.
    """

    _name = "dms.outbound.message"
    _description = "Message to the DMS"
    _order = "id desc"

    backend_id = fields.Many2one("dms.backend", required=True, ondelete="cascade", index=True)
    event = fields.Selection(EVENTS, required=True, index=True)
    res_model = fields.Char("Record model", required=True, index=True)
    res_id = fields.Integer("Record ID", required=True, index=True)
    external_id = fields.Char("ID in the DMS", index=True,
                              help="The DMS's or lead sender's id of the record, when it has one.")
    name = fields.Char("Record", required=True)
    payload = fields.Text(required=True)
    event_time = fields.Datetime("Happened at", required=True, index=True)
    dedupe_key = fields.Char(required=True)
    message_id = fields.Char(required=True, readonly=True, default=lambda self: str(uuid.uuid4()))
    state = fields.Selection([("pending", "To send"), ("sent", "Sent"), ("cancelled", "Cancelled")],
                             required=True, default="pending", index=True)
    sent_at = fields.Datetime(readonly=True)
    attempts = fields.Integer(readonly=True)
    last_error = fields.Char(readonly=True)

    _sql_constraints = [
        ("dedupe_uniq", "unique(backend_id, dedupe_key)", "A message to the DMS is queued once."),
        ("message_uniq", "unique(message_id)", "Each message has its own id."),
    ]

    @api.model
    def _enqueue(self, backend, event, record, external_id, payload, event_time):
        """Queue the message (and its sending job) unless the same one is queued already."""
        body = dict(payload or {})
        # the same fact is what the message says, not when it was noticed; an event that happens
        # once in its record's life is one fact whatever it says
        said = {} if event in ONCE else {key: value for key, value in body.items() if key != "time"}
        dedupe_key = "%s:%s:%s:%s" % (event, record._name, record.id, payload_hash(said))
        # a fact queued before is left alone without writing: an INSERT ... ON CONFLICT on a row a
        # sending job is marking sent fails to serialise (a second moment's "first contact")
        self.env.cr.execute("SELECT 1 FROM dms_outbound_message WHERE backend_id = %s AND dedupe_key = %s",
                            (backend.id, dedupe_key))
        if self.env.cr.fetchone():
            return self.browse()
        self.env.cr.execute("""
            INSERT INTO dms_outbound_message (backend_id, event, res_model, res_id, external_id, name, payload,
                                              event_time, dedupe_key, message_id, state, attempts,
                                              create_uid, create_date, write_uid, write_date)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'pending', 0, %s, now() at time zone 'utc', %s,
                    now() at time zone 'utc')
            ON CONFLICT (backend_id, dedupe_key) DO NOTHING RETURNING id
        """, (backend.id, event, record._name, record.id, external_id or None,
              (record.display_name or "%s,%s" % (record._name, record.id))[:200],
              canonical_json(body), event_time, dedupe_key, str(uuid.uuid4()), self.env.uid, self.env.uid))
        row = self.env.cr.fetchone()
        if not row:
            return self.browse()
        message = self.browse(row[0])
        # never retried to death: a DMS that is down for a day gets its messages the next day
        message.with_delay(channel="root.dms", max_retries=0).dms_send()
        return message

    def _envelope(self):
        return {"message_id": self.message_id, "event": self.event, "time": self.event_time,
                "record": {"model": self.res_model, "id": self.res_id, "external_id": self.external_id or None,
                           "name": self.name},
                "payload": json.loads(self.payload)}

    @job(default_channel="root.dms", retry_pattern=RETRY_PATTERN)
    @api.multi
    def dms_send(self):
        """Send the message once: a sent message is never sent again, and two jobs of the same
        message never send at the same time (the second waits for the row lock, then finds it sent)."""
        self.ensure_one()
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", (SEND_LOCK, self.id))
        if not self.env.cr.fetchone()[0]:
            raise RetryableJobError("DMS message %s is being sent by another job" % self.id, seconds=30)
        self.env.cr.execute("SELECT state FROM dms_outbound_message WHERE id = %s", (self.id,))
        row = self.env.cr.fetchone()
        if not row or row[0] != "pending":
            return _("DMS message %s: %s; nothing sent.") % (self.id, row[0] if row else "deleted")
        backend = self.backend_id.sudo()
        if not backend.enabled or backend.outbound_channel == "none":
            self.write({"state": "cancelled", "last_error": _("the backend sends nothing back")})
            return _("DMS message %s cancelled: backend %s sends nothing back.") % (self.id, backend.code)
        envelope = self._envelope()
        try:
            if backend.outbound_channel == "file":
                self._drop_file(backend, envelope)
            else:
                with backend.work_on("dms.outbound.message") as work:
                    work.component(usage="backend.adapter").send_event(envelope)
        except RetryableJobError as error:
            # kept for the retry in a transaction of its own: the job's own rolls back
            self._note_failure(str(error))
            raise
        self.sudo().write({"state": "sent", "sent_at": fields.Datetime.now(), "last_error": False,
                           "attempts": self.attempts + 1})
        return _("DMS message %s (%s) sent to %s.") % (self.id, self.event, backend.code)

    def _note_failure(self, reason):
        """Count the failed attempt in a transaction of its own: the job's own is rolled back for
        the retry. (This transaction has not touched the row: no lock to wait for.)"""
        # one WARNING per message; its later tries (every half hour while the DMS is down) say INFO
        log = _logger.warning if not self.attempts else _logger.info
        log("DMS message %s (%s) to %s not sent yet: %s", self.id, self.event, self.backend_id.code, reason)
        with api.Environment.manage(), self.pool.cursor() as cr:
            cr.execute("UPDATE dms_outbound_message SET last_error = %s, attempts = attempts + 1 WHERE id = %s",
                       (reason[:200], self.id))

    @staticmethod
    def _outbox(backend):
        return os.path.join(tools.config.filestore(backend.env.cr.dbname), "dms_outbox", backend.code)

    def _drop_file(self, backend, envelope):
        """Write the message as a JSON file into the backend's outbox: the file name is the message
        id, written under a temporary name and renamed, so a retry writes the same file again and a
        reader never sees half a file."""
        folder = self._outbox(backend)
        try:
            os.makedirs(folder, mode=0o750, exist_ok=True)
            path = os.path.join(folder, "%s-%s.json" % (self.event, self.message_id))
            partial = path + ".part"
            with open(partial, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(envelope, default=str, ensure_ascii=False, sort_keys=True))
            os.replace(partial, path)
        except OSError as error:
            raise RetryableJobError("DMS %s outbox %s: %s" % (backend.code, folder, error), seconds=60)

    @api.multi
    def action_send_now(self):
        for message in self.filtered(lambda item: item.state == "pending"):
            message.with_delay(channel="root.dms", max_retries=0).dms_send()
        return True


class DmsBackend(models.Model):
    _inherit = "dms.backend"

    outbound_message_ids = fields.One2many("dms.outbound.message", "backend_id", "Messages sent back", readonly=True)
