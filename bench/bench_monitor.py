"""Sales monitor levels 1-3 at 50 branches, 500 salespeople, 200,000 sales ups, 1,000,000 moments (2 years).

The dealer group is generated in bulk SQL; the moments go in with one plain INSERT, the way the
DMS bulk ingest writes them, so the database triggers build the rollups and the sales ups' state.
Each level's time is the worst case, server side, over the period presets (this week up to
two years, and a custom two-year period with loose days at both ends) and the filter
combinations, for a director, a branch manager and a salesperson. The ratio compares the
director's unfiltered two-year level 1 with ORM read_group on the raw models computing the same.
"""
import datetime
import statistics
import time

BRANCHES, SALESPEOPLE, SALES_UPS = 50, 500, 200000
LEAD_TYPES = ("call", "email", "walk_in", "web", "importer", "chat", "social", "referral")
CHANNELS = ("phone", "email", "showroom", "web", "importer", "chat", "social", "referral")
# the funnel path of a sales up: moment n (1-based) has this kind; lost ones end in 'lost'
PATH = ("lead", "call", "test_drive", "offer_sent", "offer_follow_up", "agreement", "delivery_planned",
        "delivery", "happy_call")
PHASE_OF_KIND = {"call": "lead_follow_up", "test_drive": "test_drive", "offer_sent": "offer_made",
                 "offer_follow_up": "offer_follow_up", "agreement": "sales_agreement", "lost": "lost_order",
                 "delivery_planned": "planned_delivery", "delivery": "vehicle_delivery", "happy_call": "happy_call"}
LEAD_PHASE_OF_CHANNEL = {"phone": "lead_showroom", "showroom": "lead_showroom", "referral": "lead_showroom",
                         "email": "lead_digital", "web": "lead_digital", "chat": "lead_digital",
                         "social": "lead_digital", "importer": "lead_importer"}


def _generate(env):
    cr = env.cr
    company = env.user.company_id.id
    cr.execute("SELECT setseed(0.42)")
    cr.execute("SELECT alias_id FROM crm_team WHERE alias_id IS NOT NULL LIMIT 1")
    alias = cr.fetchone()[0]
    cr.execute("""
        INSERT INTO crm_team (name, team_type, alias_id, company_id, active, use_opportunities, use_leads)
        SELECT 'Bench branch ' || n, 'sales', %s, %s, true, true, true FROM generate_series(1, %s) n
        RETURNING id""", (alias, company, BRANCHES))
    teams = [row[0] for row in cr.fetchall()]
    # two real users through the ORM (a branch manager and a salesperson of the first branch),
    # the other salespeople in bulk
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    manager = Users.create({
        "name": "Bench Manager", "login": "bench_manager", "sale_team_id": teams[0],
        "groups_id": [(6, 0, [env.ref("base.group_user").id,
                              env.ref("automotive_presales.group_branch_manager").id])]})
    salesperson = Users.create({
        "name": "Bench Salesperson", "login": "bench_sales", "sale_team_id": teams[0],
        "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref("automotive_presales.group_salesperson").id])]})
    cr.execute("UPDATE crm_team SET user_id = %s WHERE id = %s", (manager.id, teams[0]))
    cr.execute("""
        WITH partners AS (
            INSERT INTO res_partner (name, display_name, active, company_id, type, customer, is_company,
                                     invoice_warn, sale_warn)
            SELECT 'Bench Salesperson ' || n, 'Bench Salesperson ' || n, true, %s, 'contact', false, false,
                   'no-message', 'no-message'
              FROM generate_series(1, %s) n RETURNING id
        )
        INSERT INTO res_users (login, partner_id, company_id, active, notification_type, share, sale_team_id)
        SELECT 'bench_sales_' || partners.id, partners.id, %s, true, 'email', false,
               (%s::integer[])[1 + (row_number() OVER ()) %% %s]
          FROM partners RETURNING id""", (company, SALESPEOPLE - 2, company, teams, BRANCHES))
    users = [row[0] for row in cr.fetchall()]
    cr.execute("SELECT id, sale_team_id FROM res_users WHERE id = ANY(%s)", (users,))
    team_of = dict(cr.fetchall())
    team_of.update({manager.id: teams[0], salesperson.id: teams[0]})
    people = sorted(team_of)
    cr.execute("""
        INSERT INTO utm_source (name)
        SELECT 'Bench source ' || lead_type || ' ' || n FROM unnest(%s) lead_type, generate_series(1, 2) n
        RETURNING id""", (list(LEAD_TYPES),))
    sources = [row[0] for row in cr.fetchall()]
    cr.execute("SELECT id, probability FROM crm_stage WHERE probability < 100 ORDER BY sequence")
    stages = [row[0] for row in cr.fetchall()]
    # sales ups: one customer each, a third of them businesses; lead dates over two years
    cr.execute("""
        CREATE TEMP TABLE bench_lead ON COMMIT DROP AS
        SELECT n, (%(people)s::integer[])[1 + n %% %(count)s] AS user_id,
               1 + floor(random() * 8)::integer AS type_index,
               random() < 0.3 AS business,
               (now() AT TIME ZONE 'UTC') - random() * interval '730 days' AS lead_date,
               1 + floor(random() * 9)::integer AS depth,
               random() < 0.3 AS lost
          FROM generate_series(1, %(sales_ups)s) n""",
               {"people": people, "count": len(people), "sales_ups": SALES_UPS})
    cr.execute("""
        ALTER TABLE bench_lead ADD COLUMN partner_id integer;
        WITH partners AS (
            INSERT INTO res_partner (name, display_name, active, company_id, type, customer, is_company,
                                     invoice_warn, sale_warn)
            SELECT 'Bench customer ' || n, 'Bench customer ' || n, true, %s, 'contact', true, business,
                   'no-message', 'no-message'
              FROM bench_lead ORDER BY n RETURNING id
        ), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM partners)
        UPDATE bench_lead SET partner_id = numbered.id FROM numbered WHERE numbered.n = bench_lead.n""",
               (company,))
    cr.execute("""
        ALTER TABLE bench_lead ADD COLUMN lead_id integer;
        WITH leads AS (
            INSERT INTO crm_lead (name, type, active, company_id, user_id, team_id, partner_id, lead_type,
                                  lead_status, lead_date, planned_revenue, gut_probability, probability,
                                  stage_id, source_id, first_response_minutes, monitor_customer_group,
                                  origin_team_id, contact_name, contact_lastname, create_date, write_date)
            SELECT 'Bench sales up ' || b.n, 'opportunity', NOT (b.lost AND b.depth BETWEEN 2 AND 6), %(company)s,
                   b.user_id, (%(teams)s::json ->> b.user_id::text)::integer, b.partner_id,
                   (%(types)s::varchar[])[b.type_index],
                   (ARRAY['hot', 'warm', 'cold', 'unresponsive'])[1 + b.n %% 4], b.lead_date,
                   round((15000 + random() * 45000)::numeric, 0), floor(random() * 101)::integer,
                   CASE WHEN b.lost AND b.depth BETWEEN 2 AND 6 THEN 0 WHEN b.depth >= 6 THEN 100 ELSE 30 END,
                   (%(stages)s::integer[])[1 + b.n %% %(stage_count)s],
                   (%(sources)s::integer[])[2 * b.type_index - b.n %% 2],
                   CASE WHEN b.depth > 1 THEN floor(random() * 2880)::integer END,
                   CASE WHEN b.business THEN 'business' ELSE 'private' END,
                   (%(teams)s::json ->> b.user_id::text)::integer, 'Bench', 'Customer ' || b.n,
                   b.lead_date, b.lead_date
              FROM bench_lead b ORDER BY b.n RETURNING id
        ), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM leads)
        UPDATE bench_lead SET lead_id = numbered.id FROM numbered WHERE numbered.n = bench_lead.n""", {
        "company": company, "teams": _json(team_of), "types": list(LEAD_TYPES), "stages": stages,
        "stage_count": len(stages), "sources": sources})
    cr.execute("SELECT code, id FROM presales_funnel_phase")
    phase = dict(cr.fetchall())
    kind_phase = {kind: phase[code] for kind, code in PHASE_OF_KIND.items()}
    channel_phase = {channel: phase[code] for channel, code in LEAD_PHASE_OF_CHANNEL.items()}
    # the moments: one plain INSERT, as the DMS bulk ingest does
    start = time.perf_counter()
    cr.execute("""
        INSERT INTO presales_contact_moment (occurred_at, kind, channel, direction, summary, user_id, team_id,
                                             partner_id, lead_id, phase_id, origin, company_id)
        SELECT moment.at, moment.kind, moment.channel, 'outbound', 'Bench moment', lead.user_id, lead.team_id,
               lead.partner_id, lead.id,
               CASE WHEN moment.kind = 'lead' THEN (%(channel_phase)s::json ->> moment.channel)::integer
                    ELSE (%(kind_phase)s::json ->> moment.kind)::integer END,
               'dms', %(company)s
          FROM bench_lead b JOIN crm_lead lead ON lead.id = b.lead_id
          CROSS JOIN LATERAL (
              SELECT b.lead_date + (step - 1) * interval '3 days' + random() * interval '2 days' AS at,
                     CASE WHEN step = b.depth AND b.lost AND b.depth BETWEEN 2 AND 6 THEN 'lost'
                          ELSE (%(path)s::varchar[])[step] END AS kind,
                     CASE WHEN step = 1 THEN (%(channels)s::varchar[])[b.type_index] END AS channel
                FROM generate_series(1, b.depth) step
          ) moment
         WHERE moment.at <= now() AT TIME ZONE 'UTC'""", {
        "channel_phase": _json(channel_phase), "kind_phase": _json(kind_phase), "company": company,
        "path": list(PATH), "channels": list(CHANNELS)})
    inserted, insert_seconds = cr.rowcount, time.perf_counter() - start
    env["sales_monitor.rollup"].refresh_stalled_limits()
    env["sales_monitor.rollup"].refresh_urgency()
    cr.execute("ANALYZE")
    env.clear()
    return {"teams": teams, "manager": manager, "salesperson": salesperson, "sources": sources,
            "inserted": inserted, "insert_seconds": insert_seconds}


def _json(mapping):
    import json
    return json.dumps({str(key): value for key, value in mapping.items()})


def _periods(today):
    monday = today - datetime.timedelta(days=today.weekday())
    quarter = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return {
        "this_week": (monday, today),
        "this_month": (today.replace(day=1), today),
        "this_quarter": (quarter, today),
        "this_year": (today.replace(month=1, day=1), today),
        "last_90_days": (today - datetime.timedelta(days=89), today),
        "two_years": (today - datetime.timedelta(days=730), today),
        "custom_two_years": (today - datetime.timedelta(days=715), today - datetime.timedelta(days=12)),
    }


def _timed(call, repeat=3):
    times = []
    for _round in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run(env):
    data = _generate(env)
    yield "monitor_generate_moments", data["inserted"], "rows"
    yield "monitor_generate_insert_s", round(data["insert_seconds"], 1), "s"
    today = datetime.date.today()
    director = env.ref("automotive_presales.user_director")
    manager, salesperson = data["manager"], data["salesperson"]
    filter_sets = [{}, {"lead_type": "web"}, {"source_id": data["sources"][6]}, {"customer_group": "business"},
                   {"lead_type": "importer", "customer_group": "private"},
                   {"source_id": data["sources"][0], "customer_group": "business"}]
    cases = {
        "monitor_level1_ms": [(director, "branches", {})],
        "monitor_level2_ms": [(director, "staff", {"team_id": data["teams"][0]}), (manager, "staff", {})],
        "monitor_level3_ms": [(director, "customers", {"user_id": salesperson.id}), (salesperson, "customers", {})],
    }
    worst_detail = {}
    for figure, calls in cases.items():
        worst = (0, None)
        for user, level, extra in calls:
            Monitor = env["sales.monitor"].sudo(user)
            for period, (date_from, date_to) in _periods(today).items():
                for filters in filter_sets:
                    kwargs = dict(extra, date_from=str(date_from), date_to=str(date_to), **filters)
                    elapsed = _timed(lambda: Monitor.monitor_data(level, **kwargs))
                    if elapsed > worst[0]:
                        worst = (elapsed, "%s %s %s" % (user.login, period, filters))
        worst_detail[figure] = worst[1]
        yield figure, round(worst[0], 1), "ms"
    # the same level 1 through ORM read_group on the raw models (moments per branch and phase,
    # sales ups per branch and current phase computed from their moments is not possible with
    # read_group, so only what it can do: moments, potential and cohort per branch)
    date_from, date_to = _periods(today)["two_years"]
    Moment = env["presales.contact.moment"].sudo(director)
    Lead = env["crm.lead"].sudo(director).with_context(active_test=False)
    period = [("occurred_at", ">=", str(date_from)), ("occurred_at", "<", str(date_to + datetime.timedelta(days=1)))]

    def read_group_level1():
        Moment.read_group(period, ["team_id", "phase_id"], ["team_id", "phase_id"], lazy=False)
        Lead.read_group([("active", "=", True), ("probability", "<", 100)], ["team_id", "planned_revenue"],
                        ["team_id"])
        Lead.read_group([("lead_date", ">=", str(date_from)), ("lead_date", "<=", str(date_to))],
                        ["team_id", "first_response_minutes"], ["team_id"])
    Monitor = env["sales.monitor"].sudo(director)
    monitor_ms = _timed(lambda: Monitor.monitor_data("branches", date_from=str(date_from), date_to=str(date_to)))
    read_group_ms = _timed(read_group_level1)
    yield "monitor_level1_two_years_ms", round(monitor_ms, 1), "ms"
    yield "read_group_level1_two_years_ms", round(read_group_ms, 1), "ms"
    yield "monitor_vs_read_group_ratio", round(read_group_ms / monitor_ms, 1), "ratio"
    for figure, detail in worst_detail.items():
        print("worst case of %s: %s" % (figure, detail), flush=True)
