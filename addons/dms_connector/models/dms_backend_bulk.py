import csv
import io
import logging

from odoo import api, fields, models

from psycopg2.extras import execute_values

from ..components.importer import ImportBatch
from ..lib import ingest, moments, phases, star
from ..lib.errors import RecordError

_logger = logging.getLogger(__name__)

CHUNK = 5000
# the columns the bulk path writes; every other column of presales_contact_moment keeps its default
STAGE_COLUMNS = ("moment_id", "external_id", "payload_hash", "occurred_at", "kind", "channel", "direction",
                 "summary", "user_id", "team_id", "partner_id", "lead_id", "phase_id", "no_marketing_consent")
MOMENT_COLUMNS = ("occurred_at", "kind", "channel", "direction", "summary", "user_id", "team_id", "partner_id",
                  "lead_id", "phase_id", "no_marketing_consent")
LEAD_FIELDS_FROM_MOMENTS = ("first_response_minutes", "last_touch_at", "untouched_hours", "needs_attention")


class BulkBatch(ImportBatch):
    """An import batch that collects new customer bindings and writes them with the chunk."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_partner_bindings = {}
        self.index, self.partner_owner = self.backend._customer_index()

    def match(self, customer):
        return self.index.match(customer)

    def partner_added(self, partner_id, customer):
        self.index.add_partner(partner_id, email=customer.get("email"),
                               phones=(customer.get("phone"), customer.get("mobile")),
                               first_name=customer.get("first_name"), last_name=customer.get("last_name"),
                               zip_code=customer.get("zip"))

    def bind_partner(self, external_id, partner_id):
        self.new_partner_bindings[str(external_id)] = partner_id
        self.index.add_binding(external_id, partner_id)

    def flush_partner_bindings(self, cr):
        if self.new_partner_bindings:
            now = fields.Datetime.now()
            execute_values(cr._obj, """
                INSERT INTO dms_partner_binding (backend_id, external_id, odoo_id, sync_date, create_date, write_date)
                VALUES %s ON CONFLICT (backend_id, external_id) DO UPDATE SET odoo_id = EXCLUDED.odoo_id
            """, [(self.backend.id, external_id, partner_id, now, now, now)
                  for external_id, partner_id in self.new_partner_bindings.items()])
            self.new_partner_bindings = {}


class DmsBackend(models.Model):
    """The bulk path: the same rules as the per-record importer (lib/moments, lib/star,
    lib/ingest.moment_values, lib/matching.CustomerIndex, the payload hash), written with plain SQL.

    Records stream in chunks: unchanged ones are skipped by their hash before anything is
    written, the rest go into a temporary staging table by COPY and then into
    presales_contact_moment with one INSERT ... ON CONFLICT (id) DO UPDATE (new rows get ids from
    the table's sequence first, updated rows keep theirs), and their bindings with one
    INSERT ... ON CONFLICT (backend_id, external_id). Triggers on the moments table fire as for any
    insert. Records the rules refuse, and customers that need a decision, go through the same
    quarantine and reconciliation as the ORM path.
    """

    _inherit = "dms.backend"

    @api.multi
    def _bulk_import_moments(self, records, source="file", chunk_size=CHUNK):
        """Import an iterable of raw records (our schema or STAR); return the counts per status."""
        self.ensure_one()
        self._lock()
        cr = self.env.cr
        batch = BulkBatch(self, source, quarantine=True)
        with self.work_on("dms.moment.binding") as work:
            importer = work.component(usage="record.importer")
        cr.execute("SELECT external_id, payload_hash, odoo_id FROM dms_moment_binding WHERE backend_id = %s",
                   (self.id,))
        known = {external_id: (payload_hash, moment_id) for external_id, payload_hash, moment_id in cr.fetchall()}
        cr.execute("""
            SELECT b.external_id, l.id, l.user_id, l.team_id FROM dms_lead_binding b
            JOIN crm_lead l ON l.id = b.odoo_id WHERE b.backend_id = %s
        """, (self.id,))
        leads = {row[0]: tuple(row[1:]) for row in cr.fetchall()}
        cr.execute("""
            CREATE TEMP TABLE IF NOT EXISTS dms_bulk_stage (
                moment_id integer, external_id varchar, payload_hash varchar, occurred_at timestamp,
                kind varchar, channel varchar, direction varchar, summary varchar, user_id integer,
                team_id integer, partner_id integer, lead_id integer, phase_id integer,
                no_marketing_consent boolean
            ) ON COMMIT DROP
        """)
        counts = {"accepted": 0, "updated": 0, "duplicate": 0, "quarantined": 0}
        staged, lead_ids = {}, set()
        for raw in records:
            kind = "star" if isinstance(raw, dict) and "CommunicationEventID" in raw else "moment"
            try:
                moment = (star.parse_event if kind == "star" else moments.parse_moment)(raw)
            except RecordError as error:
                self._refuse(kind, error.external_id or moments.external_id_of(raw), raw, error, batch)
                counts["quarantined"] += 1
                continue
            external_id = moment["external_id"]
            previous = staged.get(external_id) or known.get(external_id)
            if previous and previous[0] == moment["payload_hash"]:
                counts["duplicate"] += 1
                continue
            row = self._bulk_row(kind, raw, moment, batch, leads, previous, importer)
            if row is None:
                counts["quarantined"] += 1
                continue
            staged[external_id] = (moment["payload_hash"], row)
            if row[11]:
                lead_ids.add(row[11])
            if len(staged) >= chunk_size:
                self._bulk_flush(staged, known, counts, batch)
                staged = {}
        if staged:
            self._bulk_flush(staged, known, counts, batch)
        self._bulk_after(lead_ids)
        return counts

    @api.multi
    def _bulk_row(self, kind, raw, moment, batch, leads, previous, importer):
        """The staging row of one changed record, or None when it went to quarantine or reconciliation."""
        try:
            phases.resolve(moment["type_code"], batch.tables["types"], batch.tables["backend_code"])
        except phases.UnknownTypeCode as error:
            self.env["dms.quarantine"]._keep(self, kind, moment["external_id"], raw, str(error), "unknown_type",
                                             error.code, batch.source)
            return None
        partner_id = importer._partner(kind, raw, moment, batch) if moment.get("customer") else None
        if partner_id is False:
            return None
        values = ingest.moment_values(
            moment, batch.tables, partner_id=partner_id,
            partner_owner=batch.partner_owner.get(partner_id) if partner_id else None,
            lead=leads.get(moment.get("lead_external_id")) if moment.get("lead_external_id") else None)
        moment_id = previous[1] if previous and not isinstance(previous[1], tuple) else None
        if previous and isinstance(previous[1], tuple):
            moment_id = previous[1][0]  # staged earlier in this chunk
        return (moment_id, moment["external_id"], moment["payload_hash"]) + tuple(
            values[column] for column in MOMENT_COLUMNS)

    @api.multi
    def _bulk_flush(self, staged, known, counts, batch):
        cr = self.env.cr
        batch.flush_partner_bindings(cr)
        new = sum(1 for _hash, row in staged.values() if row[0] is None)
        cr.execute("SELECT nextval('presales_contact_moment_id_seq') FROM generate_series(1, %s)", (new,))
        new_ids = iter([row[0] for row in cr.fetchall()])
        buffer = io.StringIO()
        # csv writes None as "": FORCE_NULL reads it as NULL (no staged value is an empty text)
        writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerows(row if row[0] is not None else (next(new_ids),) + row[1:]
                         for _hash, row in staged.values())
        buffer.seek(0)
        cr.execute("TRUNCATE dms_bulk_stage")
        columns = ", ".join(STAGE_COLUMNS)
        cr._obj.copy_expert("COPY dms_bulk_stage (%s) FROM STDIN WITH (FORMAT csv, FORCE_NULL (%s))"
                            % (columns, columns), buffer)
        now = fields.Datetime.now()
        columns = ", ".join(MOMENT_COLUMNS)
        updates = ", ".join("%s = EXCLUDED.%s" % (column, column) for column in MOMENT_COLUMNS)
        cr.execute("""
            INSERT INTO presales_contact_moment (id, create_uid, create_date, write_uid, write_date, origin,
                                                 company_id, {columns})
            SELECT moment_id, %(uid)s, %(now)s, %(uid)s, %(now)s, 'dms', %(company)s, {columns}
            FROM dms_bulk_stage
            ON CONFLICT (id) DO UPDATE SET write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date,
                                           {updates}
        """.format(columns=columns, updates=updates), {"uid": self.env.uid, "now": now,
                                                       "company": self.company_id.id})
        cr.execute("""
            INSERT INTO dms_moment_binding (backend_id, external_id, odoo_id, payload_hash, sync_date,
                                            create_date, write_date)
            SELECT %(backend)s, external_id, moment_id, payload_hash, %(now)s, %(now)s, %(now)s
            FROM dms_bulk_stage
            ON CONFLICT (backend_id, external_id) DO UPDATE SET payload_hash = EXCLUDED.payload_hash,
                odoo_id = EXCLUDED.odoo_id, sync_date = EXCLUDED.sync_date, write_date = EXCLUDED.write_date
            RETURNING external_id, odoo_id, payload_hash
        """, {"backend": self.id, "now": now})
        for external_id, moment_id, payload_hash in cr.fetchall():
            counts["updated" if external_id in known else "accepted"] += 1
            known[external_id] = (payload_hash, moment_id)

    @api.multi
    def _bulk_after(self, lead_ids):
        """What the ORM would have done after the writes: drop stale caches, recompute the sales
        ups' fields that depend on their moments."""
        self.env["presales.contact.moment"].invalidate_cache()
        self.env["dms.moment.binding"].invalidate_cache()
        if lead_ids:
            Lead = self.env["crm.lead"].sudo()
            leads = Lead.browse(sorted(lead_ids))
            for name in LEAD_FIELDS_FROM_MOMENTS:
                if name in Lead._fields and Lead._fields[name].store and Lead._fields[name].compute:
                    self.env.add_todo(Lead._fields[name], leads)
            Lead.recompute()
