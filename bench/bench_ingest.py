"""DMS ingest of 100,000 contact moments through the whole bulk path (parse, map phase, match partner, upsert, bind).

The bulk path is the one engine's (dms.backend._ingest_items hands it every moment); besides the
streamed 100,000, a push body of 10,000 moments goes through the engine's entry `_ingest` itself,
format detection and parsing of the whole body included, and is pushed once more (duplicates).

Beside it, on the same rows: a raw PostgreSQL COPY into a table of the same shape and indexes as
presales_contact_moment (columns, defaults, all its indexes; no foreign key, no trigger: the limit
the issue names, and the one ingest_vs_copy_fraction divides by), the same COPY with the table's
foreign keys, and with its foreign keys and triggers (the sales monitor's rollups: what every
insert into the real table pays; ingest_vs_copy_fk_triggers_fraction); and the per-record ORM
importer an integrator would write (find the partner by e-mail, then `create` with tracking
disabled; timed on the first ORM_SAMPLE rows, it is too slow for all). The bulk path writes two
tables (moments and their bindings), the COPY one. The same batch is then sent again: nothing may
be created and it must be much faster (unchanged records are skipped by their hash before they
are even parsed). Memory: the process's peak, and how much the peak grows while 10,000 and while
100,000 moments stream through (equal: it does not grow with the batch).
"""
import io
import json
import os
import resource
import time

MOMENTS = 100000
PUSH_MOMENTS = 10000
CUSTOMERS = 2000
ORM_SAMPLE = 1000
TYPE_CODES = ("CALL_OUT", "EMAIL_OUT", "VISIT", "TEST_DRIVE", "OFFER", "OFFER_FOLLOW_UP", "ORDER", "DELIVERY")
SITES = ("AMS", "UTR", "RTM", "")


def _customers(env):
    """CUSTOMERS partners with an e-mail address (set-up, not timed): one made by the ORM, the rest
    copied from it with SQL, so every column keeps a valid value."""
    template = env["res.partner"].create({"firstname": "Bench", "lastname": "Template", "customer": True})
    env.cr.execute("""
        SELECT column_name FROM information_schema.columns
        WHERE table_name = 'res_partner' AND column_name NOT IN
            ('id', 'name', 'display_name', 'firstname', 'lastname', 'email', 'commercial_partner_id')
    """)
    columns = [row[0] for row in env.cr.fetchall()]
    env.cr.execute("""
        INSERT INTO res_partner (name, display_name, firstname, lastname, email, {columns})
        SELECT 'Bench Customer' || n, 'Bench Customer' || n, 'Bench', 'Customer' || n,
               'bench' || n || '@example.nl', {columns}
        FROM res_partner, generate_series(0, %s) AS n WHERE id = %s
    """.format(columns=", ".join('"%s"' % column for column in columns)), (CUSTOMERS - 1, template.id))
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL "
                   "OR commercial_partner_id = %s", (template.id,))


def moments(prefix="B", count=MOMENTS):
    """The DMS batch, generated lazily: the bulk path must stream it."""
    for index in range(count):
        customer = index % CUSTOMERS
        yield {
            "external_id": "%s-%07d" % (prefix, index),
            "type_code": TYPE_CODES[index % len(TYPE_CODES)],
            "occurred_at": "2026-%02d-%02dT%02d:%02d:00Z" % (1 + index % 12, 1 + index % 28, 8 + index % 10,
                                                             index % 60),
            "summary": "DMS moment %d" % index,
            "direction": "outbound" if index % 3 else "inbound",
            "channel": ("phone", "email", "showroom")[index % 3],
            "site": SITES[index % len(SITES)],
            "customer": {"external_id": "BC-%d" % customer, "email": "bench%d@example.nl" % customer,
                         "marketing_consent": bool(index % 2)},
        }


def _orm_importer(env, records, phase_by_code):
    """What an integrator writes without the bulk path: one search and one create per moment."""
    Partner = env["res.partner"]
    Moment = env["presales.contact.moment"].with_context(tracking_disable=True)
    start = time.perf_counter()
    for record in records:
        partner = Partner.search([("email", "=", record["customer"]["email"])], limit=1)
        kind, phase_id = phase_by_code[record["type_code"]]
        Moment.create({"occurred_at": record["occurred_at"].replace("T", " ").rstrip("Z"), "kind": kind,
                       "phase_id": phase_id, "summary": record["summary"], "partner_id": partner.id,
                       "channel": record["channel"], "direction": record["direction"],
                       # a DMS's record, as the importers store it: the consent ledger weighs the
                       # CRM's own outbound contacts, not what the DMS reports
                       "origin": "dms"})
    return len(records) / (time.perf_counter() - start)


def _copy_rate(env, moment_ids, foreign_keys=False, triggers=False):
    """Rows/s of a raw COPY of the same rows into a table of the same shape and indexes as
    presales_contact_moment (`CREATE TABLE ... (LIKE presales_contact_moment INCLUDING DEFAULTS
    INCLUDING INDEXES)`: its columns, defaults and all its indexes, no constraint but NOT NULL),
    optionally with its foreign keys and its triggers too (the sales monitor's rollup triggers:
    every insert into the moments table pays for both)."""
    cr = env.cr
    # a plain, logged table like the moments table (rolled back with the bench); a temporary table
    # would skip the write-ahead log the real table pays for, and cannot hold foreign keys
    cr.execute("CREATE TABLE bench_copy (LIKE presales_contact_moment INCLUDING DEFAULTS INCLUDING INDEXES)")
    if foreign_keys:
        cr.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                   "WHERE conrelid = 'presales_contact_moment'::regclass AND contype = 'f'")
        for (definition,) in cr.fetchall():
            cr.execute("ALTER TABLE bench_copy ADD " + definition)
    if triggers:
        cr.execute("SELECT pg_get_triggerdef(oid) FROM pg_trigger "
                   "WHERE tgrelid = 'presales_contact_moment'::regclass AND NOT tgisinternal")
        for (definition,) in cr.fetchall():
            cr.execute(definition.replace(" ON public.presales_contact_moment ", " ON bench_copy ")
                       .replace(" ON presales_contact_moment ", " ON bench_copy "))
    buffer = io.StringIO()
    cr._obj.copy_expert("COPY (SELECT * FROM presales_contact_moment WHERE id = ANY(ARRAY[%s])) TO STDOUT"
                        % ",".join(map(str, moment_ids)), buffer)
    buffer.seek(0)
    start = time.perf_counter()
    cr._obj.copy_expert("COPY bench_copy FROM STDIN", buffer)
    seconds = time.perf_counter() - start
    cr.execute("DROP TABLE bench_copy")
    return len(moment_ids) / seconds


def _rss_mb(field):
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in MB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def _reset_peak_rss():
    """Linux: writing 5 to clear_refs resets VmHWM to the current RSS."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _bulk_growth(backend, prefix, count):
    """MB the process's peak RSS grows by while the bulk path ingests `count` moments."""
    _reset_peak_rss()
    before = _rss_mb("VmRSS")
    backend._bulk_import_moments(moments(prefix, count))
    return _rss_mb("VmHWM") - before


def run(env):
    load_before = os.getloadavg()[0]
    env = env(context=dict(env.context, tracking_disable=True, connector_no_export=True))
    _customers(env)
    backend = env["dms.backend"].create({"name": "Bench DMS", "code": "bench-ingest",
                                         "team_id": env["crm.team"].search([], limit=1).id})
    env.cr.execute("ANALYZE res_partner")
    growth_small = _bulk_growth(backend, "S", MOMENTS // 10)

    _reset_peak_rss()
    rss_before = _rss_mb("VmRSS")
    start = time.perf_counter()
    counts = backend._bulk_import_moments(moments())
    first = time.perf_counter() - start
    growth_full = _rss_mb("VmHWM") - rss_before
    assert counts["accepted"] == MOMENTS, counts
    bulk_rate = MOMENTS / first

    start = time.perf_counter()
    rerun = backend._bulk_import_moments(moments())
    second = time.perf_counter() - start

    env.cr.execute("SELECT odoo_id FROM dms_moment_binding WHERE backend_id = %s AND external_id LIKE 'B-%%'",
                   (backend.id,))
    moment_ids = [row[0] for row in env.cr.fetchall()]
    copy_rate = _copy_rate(env, moment_ids)
    copy_fk_rate = _copy_rate(env, moment_ids, foreign_keys=True)
    copy_all_rate = _copy_rate(env, moment_ids, foreign_keys=True, triggers=True)

    # what a DMS push gets: one JSON body through the one engine (format detection, parse, the
    # same bulk path), then the same body again (every record a duplicate)
    body = json.dumps({"moments": list(moments("P", PUSH_MOMENTS))}).encode()
    start = time.perf_counter()
    pushed = backend._ingest(body, "application/json", source="push")
    push_rate = PUSH_MOMENTS / (time.perf_counter() - start)
    assert sum(1 for result in pushed if result["status"] == "accepted") == PUSH_MOMENTS
    start = time.perf_counter()
    repushed = backend._ingest(body, "application/json", source="push")
    repush_rate = PUSH_MOMENTS / (time.perf_counter() - start)
    assert all(result["status"] == "duplicate" for result in repushed)

    phase_by_code = {code: value for code, value in backend._type_table().items()}
    orm_rate = _orm_importer(env, list(moments("O", ORM_SAMPLE)), phase_by_code)

    yield "ingest_bulk_per_s", int(bulk_rate), "moments/s"
    yield "ingest_engine_push_per_s", int(push_rate), "moments/s (one JSON push body of 10,000 through _ingest)"
    yield "ingest_engine_repush_per_s", int(repush_rate), "moments/s (the same body again: all duplicates)"
    yield "ingest_copy_per_s", int(copy_rate), "rows/s (same columns and indexes, no FK, no trigger)"
    yield "ingest_copy_with_fk_per_s", int(copy_fk_rate), "rows/s (+ the moments table's foreign keys)"
    yield "ingest_copy_with_fk_triggers_per_s", int(copy_all_rate), "rows/s (+ foreign keys and its triggers)"
    yield "ingest_orm_per_s", int(orm_rate), "moments/s"
    yield "ingest_vs_orm_ratio", round(bulk_rate / orm_rate, 1), "x (target >= 30)"
    yield "ingest_vs_copy_fraction", round(bulk_rate / copy_rate, 2), "of the plain COPY (target >= 0.33)"
    yield "ingest_vs_copy_fk_triggers_fraction", round(bulk_rate / copy_all_rate, 2), \
        "of the COPY with foreign keys and triggers"
    yield "ingest_rerun_created", rerun["accepted"] + rerun["updated"], "rows (target 0)"
    yield "ingest_rerun_speedup", round(first / second, 1), "x (target >= 3)"
    yield "ingest_peak_rss_mb", int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "MB"
    yield "ingest_rss_growth_10k_mb", round(growth_small, 1), "MB (peak RSS growth, 10,000 moments)"
    yield "ingest_rss_growth_100k_mb", round(growth_full, 1), "MB (peak RSS growth, 100,000 moments)"
    yield "ingest_load_average", "%.1f-%.1f" % (load_before, os.getloadavg()[0]), \
        "(1 min, before-after; figures are wall-clock)"
