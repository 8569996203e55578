import csv
import gc
import io
import logging
import threading

from odoo import SUPERUSER_ID, api, fields, models

from psycopg2.extras import execute_values

from ..components.importer import ImportBatch, result
from ..lib import formats, ingest, matching, phases
from ..lib.errors import RecordError
from ..lib.hashing import payload_hash

_logger = logging.getLogger(__name__)

CHUNK = 5000
# a push, page or file of at least this many moments goes through the bulk path (rules are equal;
# a single record keeps the per-record importer, whose look-ups are per record)
BULK_MIN_RECORDS = 2
STATUSES = ("accepted", "updated", "duplicate", "quarantined")
# the columns the bulk path writes; every other column of presales_contact_moment keeps its default
MOMENT_COLUMNS = ("occurred_at", "kind", "channel", "direction", "summary", "user_id", "team_id", "partner_id",
                  "lead_id", "phase_id", "no_marketing_consent")
NEW_COLUMNS = ("id", "create_uid", "create_date", "write_uid", "write_date", "origin", "company_id") + MOMENT_COLUMNS
# bindings are technical rows: no create_uid/write_uid (two foreign-key checks a row fewer)
BINDING_COLUMNS = ("backend_id", "external_id", "odoo_id", "payload_hash", "sync_date", "create_date", "write_date")
STAGE_COLUMNS = ("moment_id", "external_id", "payload_hash") + MOMENT_COLUMNS
LEAD_FIELDS_FROM_MOMENTS = ("first_response_minutes", "last_touch_at", "untouched_hours", "needs_attention")


def record_id(kind, raw):
    """The external id a raw record claims (for the answer of a record that cannot be parsed)."""
    return formats.kind(kind).id_of(raw)


def _fast_id(kind, raw):
    """The external id of a raw moment record without parsing it, when it is clean text."""
    if not isinstance(raw, dict):
        return None
    return _clean_id(formats.kind(kind).fast_id(raw))


def _clean_id(value):
    """`value` when moments.text_value would return it unchanged as an external id, else None
    (then the record is parsed before its binding is looked up)."""
    if value.__class__ is str and value and len(value) <= 128 and " " not in value[:1] + value[-1:] \
            and "  " not in value and value.isprintable():
        return value
    return None


def _copy(cursor, table, columns, rows):
    """COPY rows (tuples; None is NULL) into table: csv quotes every text, FORCE_NULL reads the
    empty quoted text of None as NULL (no column written here holds an empty text)."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(rows)
    buffer.seek(0)
    names = ", ".join(columns)
    cursor.copy_expert("COPY %s (%s) FROM STDIN WITH (FORMAT csv, FORCE_NULL (%s))" % (table, names, names), buffer)


def _chunks(entries, size):
    chunk = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _assign_ids(cursor, staged):
    """Give the new moments of a staged chunk their ids from the table's sequence."""
    new = [item for item in staged.values() if item[1] is None]
    if new:
        cursor.execute("SELECT nextval('presales_contact_moment_id_seq') FROM generate_series(1, %s)", (len(new),))
        for item, (moment_id,) in zip(new, cursor.fetchall()):
            item[1] = moment_id


def _flush(cursor, backend_id, company_id, staged, partner_bindings):
    """Write one chunk with plain SQL on a psycopg2 cursor of the transaction: the new customer
    bindings, then the new moments and their bindings by COPY, the changed ones through a temporary
    table and one UPDATE each. `staged` is {external id: [payload hash, moment id, values of
    MOMENT_COLUMNS, new or not]} (ids assigned by _assign_ids)."""
    now = fields.Datetime.now()
    if partner_bindings:
        execute_values(cursor, """
            INSERT INTO dms_partner_binding (backend_id, external_id, odoo_id, sync_date, create_uid, create_date,
                                             write_uid, write_date)
            VALUES %s ON CONFLICT (backend_id, external_id) DO UPDATE SET odoo_id = EXCLUDED.odoo_id
        """, [(backend_id, external_id, partner_id, now, SUPERUSER_ID, now, SUPERUSER_ID, now)
              for external_id, partner_id in partner_bindings.items()])
    new = [(external_id, item) for external_id, item in staged.items() if item[3]]
    changed = [(external_id, item) for external_id, item in staged.items() if not item[3]]
    if new:
        head = (SUPERUSER_ID, now, SUPERUSER_ID, now, "dms", company_id)
        _copy(cursor, "presales_contact_moment", NEW_COLUMNS, ((item[1],) + head + item[2] for _e, item in new))
        _copy(cursor, "dms_moment_binding", BINDING_COLUMNS,
              ((backend_id, external_id, item[1], item[0], now, now, now) for external_id, item in new))
    if changed:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS dms_bulk_stage ("
                       " moment_id integer, external_id varchar, payload_hash varchar, occurred_at timestamp,"
                       " kind varchar, channel varchar, direction varchar, summary varchar, user_id integer,"
                       " team_id integer, partner_id integer, lead_id integer, phase_id integer,"
                       " no_marketing_consent boolean) ON COMMIT DROP")
        cursor.execute("TRUNCATE dms_bulk_stage")
        _copy(cursor, "dms_bulk_stage", STAGE_COLUMNS,
              ((item[1], external_id, item[0]) + item[2] for external_id, item in changed))
        assignments = ", ".join("%s = stage.%s" % (column, column) for column in MOMENT_COLUMNS)
        cursor.execute("""
            UPDATE presales_contact_moment moment SET write_uid = %(uid)s, write_date = %(now)s, {columns}
            FROM dms_bulk_stage stage WHERE moment.id = stage.moment_id
        """.format(columns=assignments), {"uid": SUPERUSER_ID, "now": now})
        cursor.execute("""
            UPDATE dms_moment_binding binding SET payload_hash = stage.payload_hash, sync_date = %(now)s,
                   write_date = %(now)s
            FROM dms_bulk_stage stage
            WHERE binding.backend_id = %(backend)s AND binding.external_id = stage.external_id
        """, {"backend": backend_id, "now": now})


class Writer(object):
    """Writes one chunk at a time in a thread, on its own cursor of the transaction's connection
    (psycopg2 serialises the connection; it releases the GIL while PostgreSQL works), so that the
    next chunk is hashed and parsed meanwhile. The caller waits for it before it touches the
    database again; an error of the writes is raised there."""

    def __init__(self, cr):
        self.cursor = cr._cnx.cursor()
        self.thread = None
        self.error = None

    def _run(self, *args):
        try:
            _flush(self.cursor, *args)
        except BaseException as error:  # pylint: disable=broad-except  # raised again by wait()
            self.error = error

    def start(self, *args):
        self.thread = threading.Thread(target=self._run, args=args, name="dms-bulk-writer")
        self.thread.start()

    def wait(self):
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def close(self):
        """Wait for the thread whatever happened (never leave it on the connection), then close."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        self.cursor.close()


class BulkBatch(ImportBatch):
    """An import batch of the bulk path: per chunk it knows the customers of that chunk's records
    (matching.CustomerIndex) and collects the new customer bindings, written with the chunk."""

    # at most this many DMS customers are remembered across chunks (then the memory starts afresh)
    CACHE_LIMIT = 100000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_partner_bindings = {}
        # {partner id: their latest moment of our schema}: its consent goes to the ledger after the run
        self.consents = {}
        self.index = matching.CustomerIndex()
        # across chunks: {DMS id: partner} of ids bound to one partner, {partner: portfolio owner or
        # None} of those partners as _customer_index loaded them. Within the run's transaction only
        # this run changes them (its own bindings come in as unwritten bindings).
        self.bound, self.owner_of = {}, {}

    def load_customers(self, customers, unwritten_bindings):
        """Index the chunk's customers: those whose DMS id is bound to a partner already loaded
        come from memory, the others from _customer_index (its answer is remembered)."""
        if len(self.bound) > self.CACHE_LIMIT:
            self.bound, self.owner_of = {}, {}
        self.bound.update(unwritten_bindings)
        index_of, rest, cached = self.bound.get, [], {}
        for customer in customers:
            external_id = str(customer.get("external_id") or "")
            partner_id = index_of(external_id) if external_id else None
            if partner_id is not None and partner_id in self.owner_of:
                cached[external_id] = partner_id
            else:
                rest.append(customer)
        if rest:
            self.index, owners = self.backend._customer_index(rest, extra_bindings=unwritten_bindings)
            for external_id, partners in self.index.by_rule["binding"].items():
                if len(partners) == 1:
                    partner_id = next(iter(partners))
                    self.bound[external_id] = partner_id
                    self.owner_of[partner_id] = owners.get(partner_id)
        else:
            self.index, owners = matching.CustomerIndex(), {}
        for external_id, partner_id in cached.items():
            self.index.add_binding(external_id, partner_id)
            owners[partner_id] = self.owner_of[partner_id]
        self.partner_owner = owners

    def match(self, customer):
        found = self.index.match(customer)
        if not found.trusted:
            self.writer.wait()  # the importer writes next (a reconciliation entry or a new customer)
        return found

    def partner_added(self, partner_id, customer):
        self.index.add_partner(partner_id, email=customer.get("email"),
                               phones=(customer.get("phone"), customer.get("mobile")),
                               first_name=customer.get("first_name"), last_name=customer.get("last_name"),
                               zip_code=customer.get("zip"))

    def bind_partner(self, external_id, partner_id):
        self.new_partner_bindings[str(external_id)] = partner_id
        self.index.add_binding(external_id, partner_id)

    def take_partner_bindings(self):
        """The customer bindings made since the last call (written with the chunk)."""
        bindings, self.new_partner_bindings = self.new_partner_bindings, {}
        return bindings


class DmsBackend(models.Model):
    """The bulk path: the same rules as the per-record importer (lib/moments, lib/star,
    lib/ingest.moment_values, lib/matching.CustomerIndex, the payload hash), written with plain SQL.

    Records stream in chunks. Per chunk: the bindings of its external ids are read at once and a
    record whose payload hash is unchanged is a duplicate before it is even parsed; the rest is
    parsed, mapped and matched against the customers the chunk's keys find (one query); then the
    new moments and their bindings go in by COPY straight into presales_contact_moment (ids taken
    from its sequence first, so the moments' triggers fire as for any insert) and
    dms_moment_binding, the changed ones through a temporary table and one UPDATE each. Records
    the rules refuse, and customers that need a decision, go through the same quarantine and
    reconciliation as the ORM path. The whole run holds the backend's advisory lock.
    """

    _inherit = "dms.backend"

    @api.multi
    def _bulk_import_moments(self, records, source="file", chunk_size=CHUNK, results=None):
        """Import an iterable of raw records (our schema, or STAR events as star.records gives them:
        {"event": ...}); return the counts per status."""
        return self._bulk_import_entries(
            (("star" if isinstance(raw, dict) and isinstance(raw.get("event"), dict) else "moment", raw, None, None)
             for raw in records), source=source, chunk_size=chunk_size, results=results)

    @api.multi
    def _bulk_import_entries(self, entries, source="push", chunk_size=CHUNK, results=None, quarantine=True,
                             forced_partner_id=None):
        """Import (kind, raw, parsed or None, RecordError or None) entries, kind "moment" or "star";
        return the counts per status and, when `results` is a list, append one result per entry
        (external_id, status, reason: what the per-record importer answers).

        A pipeline over chunks: while the writer thread writes chunk i-1, the main thread maps
        chunk i (matching, ownership: Python; it waits for the writer before the rare database
        write of its own: quarantine, reconciliation, a new customer) and hashes and parses chunk
        i+1. The database reads a chunk needs (the bindings of its ids, its customers and sales
        ups) run before the writer starts, and see what is staged but not yet written as an
        overlay: every binding of the backend is written by this run, under its advisory lock.
        """
        self.ensure_one()
        self._lock()
        batch = BulkBatch(self, source, quarantine=quarantine)
        batch.forced_partner_id = forced_partner_id
        batch.fallback_team = self.env["res.users"].sudo().browse(SUPERUSER_ID).sale_team_id.id or None
        with self.work_on("dms.moment.binding") as work:
            importer = work.component(usage="record.importer")
        counts = dict.fromkeys(STATUSES, 0)
        lead_ids = set()
        stored = []  # ids of the moments written (new and changed)
        flush_args = (self.id, self.company_id.id)
        cr = self.env.cr
        writer = batch.writer = Writer(cr)
        chunks = _chunks(entries, chunk_size)
        # the objects that exist already (the registry, caches: millions) are left out of the
        # garbage collector's full passes during the run, which otherwise scan them every few
        # thousand records; unfreeze() hands them back to it afterwards
        gc.freeze()
        try:
            current = self._bulk_read(next(chunks, None), batch, [])
            before = ({}, {})  # chunk i-1: staged moments and customer bindings, not written yet
            while current is not None:
                answers, pending = current
                _assign_ids(cr._obj, before[0])
                stored.extend(item[1] for item in before[0].values())
                customers = [item[3]["customer"] for item in pending if item[5] is None and item[3].get("customer")]
                if customers:
                    batch.load_customers(customers, before[1])
                leads = self._bulk_leads(pending)
                ahead = self._bulk_ids(next(chunks, None))
                if before[0] or before[1]:
                    writer.start(*flush_args + before)
                staged = self._bulk_map(pending, batch, importer, leads, answers, lead_ids)
                after = (staged, batch.take_partner_bindings())
                current = self._bulk_parse(ahead, batch, (before[0], staged)) if ahead else None
                writer.wait()
                for answer in answers:
                    counts[answer["status"]] += 1
                if results is not None:
                    results.extend(answers)
                before = after
            _assign_ids(cr._obj, before[0])
            stored.extend(item[1] for item in before[0].values())
            _flush(cr._obj, *flush_args + before)
        finally:
            gc.unfreeze()
            writer.close()
        batch.merge_customers()
        self._bulk_after(lead_ids, stored)
        rows = self._moment_consent_rows(batch.consents)
        if rows:
            # the ledger's work (a line and a log entry per statement) would cost the import more
            # than the moments themselves: it follows in a job of its own
            self.with_delay(channel="root.dms").dms_consents_received(rows)
        return counts

    @api.multi
    def _bulk_read(self, chunk, batch, unwritten):
        """The first chunk: its ids, bindings, hashes and parsed records (nothing overlaps yet)."""
        ahead = self._bulk_ids(chunk)
        return self._bulk_parse(ahead, batch, unwritten) if ahead else None

    @api.multi
    def _bulk_ids(self, chunk):
        """(answers, keyed, known) of a chunk (None at the end): keyed is (position, kind, raw,
        parsed or None, external id, RecordError or None) per record, the external id as
        parse_moment would return it when it is clean text, else the record is parsed now to
        know it; known is {external id: (payload hash, moment id)} of the bindings in the
        database (one query)."""
        if not chunk:
            return None
        keyed = []
        for position, (kind, raw, parsed, error) in enumerate(chunk):
            if parsed is None and error is None:
                external_id = _fast_id(kind, raw)
                if external_id:
                    keyed.append((position, kind, raw, None, external_id, None))
                    continue
                try:
                    parsed = formats.kind(kind).parse_moment(raw)
                except RecordError as failure:
                    error = failure
            if error is not None:
                keyed.append((position, kind, raw, None, error.external_id or record_id(kind, raw), error))
            else:
                keyed.append((position, kind, raw, parsed, parsed["external_id"], None))
        self.env.cr.execute("SELECT external_id, payload_hash, odoo_id FROM dms_moment_binding "
                            "WHERE backend_id = %s AND external_id = ANY(%s)",
                            (self.id, list({item[4] for item in keyed if item[5] is None})))
        known = {external_id: (digest, moment_id) for external_id, digest, moment_id in self.env.cr.fetchall()}
        return [None] * len(chunk), keyed, known

    @api.model
    def _bulk_parse(self, ahead, batch, unwritten):
        """Pure Python (it runs while the writer writes): the bindings known for the chunk's ids,
        with over them those staged by the chunks in `unwritten` (their ids are set before they are
        read); unchanged records are duplicates (answered); the rest is parsed and its type code
        resolved. Returns (answers, pending): pending holds, in order, (position, kind, raw,
        parsed, external id, refusal, known binding) where refusal is None or (reason, reason
        code, type code, RecordError or None): refused records are kept in quarantine later,
        when the database is free."""
        answers, keyed, known = ahead
        for staged in unwritten:
            for item in keyed:
                if item[4] in staged:
                    known[item[4]] = staged[item[4]]
        pending, seen = [], set()
        for position, kind, raw, parsed, external_id, error in keyed:
            if error is not None:
                pending.append((position, kind, raw, None, external_id, (error.reason, "invalid", False, error), None))
                continue
            digest = parsed["payload_hash"] if parsed is not None else payload_hash(raw)
            previous = known.get(external_id)
            if previous and previous[0] == digest and external_id not in seen:
                answers[position] = result(external_id, "duplicate")
                continue
            seen.add(external_id)
            if parsed is None:
                try:
                    parsed = formats.kind(kind).parse_moment(raw, digest=digest)
                except RecordError as failure:
                    pending.append((position, kind, raw, None, failure.external_id or record_id(kind, raw),
                                    (failure.reason, "invalid", False, failure), None))
                    continue
            try:
                phases.resolve(parsed["type_code"], batch.tables["types"], batch.tables["backend_code"])
            except phases.UnknownTypeCode as unknown:
                pending.append((position, kind, raw, parsed, external_id,
                                (str(unknown), "unknown_type", unknown.code, None), None))
                continue
            pending.append((position, kind, raw, parsed, external_id, None, previous))
        return answers, pending

    @api.multi
    def _bulk_leads(self, pending):
        """{lead key: (sales up id, owner, branch, customer)} of the sales ups the chunk names."""
        keys = list({item[3]["lead_external_id"] for item in pending
                     if item[5] is None and item[3]["lead_external_id"]})
        if not keys:
            return {}
        self.env.cr.execute("""
            SELECT b.external_id, l.id, l.user_id, l.team_id, l.partner_id FROM dms_lead_binding b
            JOIN crm_lead l ON l.id = b.odoo_id WHERE b.backend_id = %s AND b.external_id = ANY(%s)
        """, (self.id, keys))
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    @api.multi
    def _bulk_map(self, pending, batch, importer, leads, answers, lead_ids):
        """A chunk's records in order, while the writer may still write the previous chunk:
        quarantine (after waiting for the writer), customers (matched; created or waiting for
        reconciliation after waiting for the writer), ownership. Returns what the writes stage."""
        staged = {}  # external id -> [payload hash, moment id (None until assigned), row, new]
        for position, kind, raw, moment, external_id, refusal, known in pending:
            if refusal is not None:
                batch.writer.wait()
                reason, reason_code, type_code, error = refusal
                if error is not None:
                    answers[position] = self._refuse(kind, external_id, raw, error, batch)
                else:
                    if batch.quarantine:
                        self.env["dms.quarantine"]._keep(self, kind, external_id, raw, reason, reason_code,
                                                         type_code, batch.source)
                    answers[position] = result(external_id, "quarantined", reason)
                continue
            previous = staged.get(external_id) or known
            if previous and previous[0] == moment["payload_hash"]:
                answers[position] = result(external_id, "duplicate")
                continue
            partner_id = batch.forced_partner_id or (
                importer._partner(kind, raw, moment, batch) if moment.get("customer") else None)
            if partner_id is False:
                answers[position] = result(external_id, "quarantined",
                                           "customer match below %.2f: waiting in the reconciliation queue"
                                           % matching.THRESHOLD)
                continue
            lead = leads.get(moment["lead_external_id"]) if moment["lead_external_id"] else None
            values = ingest.moment_values(
                moment, batch.tables, partner_id=partner_id,
                partner_owner=batch.partner_owner.get(partner_id) if partner_id else None,
                lead=lead[:3] if lead else None)
            # what presales.contact.moment.create adds when the mapped values leave it open
            if lead and not values["partner_id"]:
                values["partner_id"] = lead[3]
            if not values["team_id"] and not values["user_id"]:
                values["team_id"] = batch.fallback_team
            if values["lead_id"]:
                lead_ids.add(values["lead_id"])
            if kind == "moment" and partner_id and (moment.get("customer") or {}).get("marketing_consent") is not None:
                latest = batch.consents.get(partner_id)
                if latest is None or latest["occurred_at"] <= moment["occurred_at"]:
                    batch.consents[partner_id] = moment
            answers[position] = result(external_id, "updated" if previous else "accepted")
            row = tuple(values[column] for column in MOMENT_COLUMNS)
            # new unless bound, or staged by an earlier chunk (written before this one); staged
            # earlier in this chunk, it is still the insert it was
            new = staged[external_id][3] if external_id in staged else not previous
            staged[external_id] = [moment["payload_hash"], previous[1] if previous else None, row, new]
        return staged

    @api.multi
    def _bulk_after(self, lead_ids, moment_ids=()):
        """What the ORM would have done after the writes: drop stale caches, recompute the sales
        ups' fields that depend on their moments, and hand the stored moments to the hook other
        addons extend (`presales.contact.moment._lifecycle_after_store`, when it exists)."""
        self.env["presales.contact.moment"].invalidate_cache()
        self.env["dms.moment.binding"].invalidate_cache()
        if lead_ids:
            Lead = self.env["crm.lead"].sudo()
            leads = Lead.browse(sorted(lead_ids))
            for name in LEAD_FIELDS_FROM_MOMENTS:
                if name in Lead._fields and Lead._fields[name].store and Lead._fields[name].compute:
                    self.env.add_todo(Lead._fields[name], leads)
            Lead.recompute()
        Moment = self.env["presales.contact.moment"].sudo()
        if moment_ids and hasattr(Moment, "_lifecycle_after_store"):
            Moment.browse(sorted(set(moment_ids)))._lifecycle_after_store()
