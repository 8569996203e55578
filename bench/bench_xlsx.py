"""XLSX export of 100,000 sales ups (the Sales ups report pack export) as the director: seconds and memory growth.

Rows are bulk-inserted into crm_lead with execute_values, then the sales_monitor opportunity
export (report_xlsx, xlsxwriter constant-memory mode, rows streamed from a server-side cursor)
renders them. Memory growth is the peak resident size during the export minus the resident
size before it (the peak is reset through /proc/self/clear_refs first). Targets: < 15 s, < 200 MB.
The CPU seconds of the Odoo process are printed too: on a shared machine they show what the
export costs without the time spent waiting for a core (the database's time is not in them).
"""
import random
import time

import xlrd
from psycopg2.extras import execute_values

ROWS = 100000


def _insert_sales_ups(env, count):
    users = [(user.id, user.sale_team_id.id) for user in env["res.users"].search([("sale_team_id", "!=", False)])]
    partners = env["res.partner"].search([("customer", "=", True)]).ids
    stages = env["crm.stage"].search([]).ids
    sources = env["utm.source"].search([]).ids
    rows = []
    for index in range(count):
        user_id, team_id = users[index % len(users)]
        rows.append((
            "bench sales up %06d" % index, "opportunity", True, user_id, team_id, random.choice(partners),
            random.choice(stages), random.choice(sources), random.choice(("hot", "warm", "cold")), "walk_in",
            "2026-%02d-%02d 10:00:00" % (1 + index % 12, 1 + index % 28),
            "2027-%02d-15" % (1 + index % 12), 1000.0 * (1 + index % 50), 10 * (index % 10),
            env.user.company_id.id))
    execute_values(env.cr, """
        INSERT INTO crm_lead (name, type, active, user_id, team_id, partner_id, stage_id, source_id, lead_status,
                              lead_type, lead_date, date_deadline, planned_revenue, probability, company_id)
        VALUES %s""", rows, page_size=5000)
    env.cr.execute("ANALYZE crm_lead")


def _memory_kb(key):
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def run(env):
    random.seed(11)
    _insert_sales_ups(env, ROWS)
    director = env.ref("automotive_presales.user_director")
    report = env.ref("sales_monitor.action_report_opportunity_xlsx").sudo(director)
    data = {"domain": [("name", "=like", "bench sales up %")]}
    env["crm.lead"].invalidate_cache()
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
    before = _memory_kb("VmRSS")
    start, cpu_start = time.perf_counter(), time.process_time()
    content, _kind = report.render_xlsx([], data)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    growth_mb = (_memory_kb("VmHWM") - before) / 1024.0
    sheet = xlrd.open_workbook(file_contents=content, on_demand=True).sheet_by_index(0)
    if sheet.nrows != ROWS + 1:
        raise AssertionError("the export holds %d rows, expected %d" % (sheet.nrows - 1, ROWS))
    yield "xlsx_100k_s", round(seconds, 2), "s"
    yield "xlsx_100k_cpu_s", round(cpu_seconds, 2), "s"
    yield "xlsx_100k_rss_mb", round(growth_mb, 1), "MB"
    yield "xlsx_100k_size_kb", len(content) // 1024, "KB"
