"""Funnel per branch and phase as contact moments grow from 10k to 100k rows (read_group on the monitor view).

Rows are bulk-inserted with execute_values, then the sales monitor's branch x phase read_group
runs as the director. The ratio of the two timings shows how the funnel scales with the table:
about 10 means linear, well above 10 means something degrades.
"""
import random
import time

from psycopg2.extras import execute_values

SMALL, LARGE = 10000, 100000


def _insert_moments(env, count, phases, users, partners):
    rows = []
    for index in range(count):
        user = users[index % len(users)]
        rows.append((
            "2026-%02d-%02d 10:00:00" % (1 + index % 12, 1 + index % 28),
            "call", "phone", "outbound", "bench moment", user[0], user[1],
            random.choice(partners), random.choice(phases), "dms", env.user.company_id.id))
    execute_values(env.cr, """
        INSERT INTO presales_contact_moment
            (occurred_at, kind, channel, direction, summary, user_id, team_id, partner_id,
             phase_id, origin, company_id)
        VALUES %s""", rows, page_size=5000)
    env.cr.execute("ANALYZE presales_contact_moment")


def _time_funnel(env, director):
    report = env["sales_monitor.moment.report"].sudo(director)
    start = time.perf_counter()
    for _repeat in range(3):
        report.read_group([], ["moment_count", "team_id", "phase_id"], ["team_id", "phase_id"], lazy=False)
    return (time.perf_counter() - start) / 3


def run(env):
    random.seed(7)
    phases = env["presales.funnel.phase"].search([]).ids
    users = [(user.id, user.sale_team_id.id) for user in env["res.users"].search(
        [("sale_team_id", "!=", False)])]
    partners = env["res.partner"].search([("customer", "=", True)]).ids
    director = env.ref("automotive_presales.user_director")
    start = time.perf_counter()
    _insert_moments(env, SMALL, phases, users, partners)
    insert_seconds = time.perf_counter() - start
    small = _time_funnel(env, director)
    _insert_moments(env, LARGE - SMALL, phases, users, partners)
    large = _time_funnel(env, director)
    yield "moment_insert_rate", int(SMALL / insert_seconds), "rows/s"
    yield "funnel_read_group_10k", round(small * 1000, 1), "ms"
    yield "funnel_read_group_100k", round(large * 1000, 1), "ms"
    yield "funnel_read_group_100k_vs_10k", round(large / small, 2), "ratio"
