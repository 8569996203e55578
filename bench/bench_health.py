"""GET /dealer/health as a load balancer calls it: milliseconds per answer over real HTTP (target < 50 ms).

A server of its own (bin/odoo, threaded, with the job runner, as `make run`) serves the bench
database, which holds 200,000 committed DMS moment bindings (analysed) so the "last DMS import"
look-up reads a table of a working dealer group's size; the bindings are removed afterwards.
500 sequential requests after 20 warm-up ones; the figures are wall-clock on this shared machine,
with the load average beside them.
"""
import os
import sys
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINDINGS = 200000
REQUESTS = 500


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _bindings(env, add):
    """Add (or remove) the bench's bindings in a transaction of their own: the server sees them."""
    with env.registry.cursor() as cr:
        if add:
            cr.execute("SELECT id FROM dms_backend ORDER BY id LIMIT 1")
            backend = cr.fetchone()[0]
            cr.execute("SELECT id FROM presales_contact_moment ORDER BY id LIMIT 1")
            moment = cr.fetchone()[0]
            cr.execute("""INSERT INTO dms_moment_binding (backend_id, external_id, odoo_id, payload_hash, sync_date,
                                                          create_date, write_date)
                          SELECT %s, 'BENCH-HEALTH-' || n, %s, 'bench', now() at time zone 'UTC',
                                 now() at time zone 'UTC', now() at time zone 'UTC'
                            FROM generate_series(1, %s) n""", (backend, moment, BINDINGS))
            cr.execute("ANALYZE dms_moment_binding")
        else:
            cr.execute("DELETE FROM dms_moment_binding WHERE external_id LIKE 'BENCH-HEALTH-%%'")
        cr.commit()


def run(env):
    sys.path.insert(0, ROOT)
    from tests.support import OdooServer, free_port  # pylint: disable=import-outside-toplevel

    _bindings(env, add=True)
    server = OdooServer(env.cr.dbname, free_port(), log_path=os.path.join(ROOT, ".local", "log", "bench-health.log"))
    try:
        server.start()
        url = server.url + "/dealer/health"
        session = requests.Session()
        # the job runner connects a few seconds after the start
        deadline = time.time() + 60
        while session.get(url, timeout=10).json()["job_runner"] != "ok" and time.time() < deadline:
            time.sleep(1)
        for _warm_up in range(20):
            session.get(url, timeout=10)
        load = os.getloadavg()[0]
        timings, statuses = [], set()
        for _request in range(REQUESTS):
            started = time.perf_counter()
            response = session.get(url, timeout=10)
            timings.append((time.perf_counter() - started) * 1000)
            statuses.add((response.status_code, response.json()["status"]))
    finally:
        server.stop()
        _bindings(env, add=False)
    yield "health_statuses", " ".join("%d:%s" % status for status in sorted(statuses)), "(HTTP status:status)"
    yield "health_p50_ms", round(_percentile(timings, 0.5), 1), "ms"
    yield "health_p95_ms", round(_percentile(timings, 0.95), 1), "ms (target < 50)"
    yield "health_max_ms", round(max(timings), 1), "ms"
    yield "health_load_average", round(load, 2), "(1 min, before the requests)"
