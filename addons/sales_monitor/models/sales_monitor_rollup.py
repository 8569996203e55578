import datetime

from odoo import api, fields, models

from odoo.addons.automotive_presales.lib import funnel, lifecycle

from ..lib import monitor

HOT_DAYS_PARAM = "sales_monitor.hot_no_test_drive_days"
OFFER_DAYS_PARAM = "sales_monitor.offer_follow_up_days"
# the time zone whose days the rollups count (lib/monitor.py GROUP_TZ), to count again on a change
DAY_RULE_PARAM = "sales_monitor.rollup_day_rule"

# (table, time column, time expression, key columns): the moment counts kept current by the
# trigger. Whole months per salesperson answer level 2 and a salesperson filter; whole months
# and single days per branch answer level 1 (the loose days at the edges of a period), with the
# lead-origin and customer-group filters in their own pair so that a filtered level 1 reads a
# slice of an index instead of the moments.
DIMS = ("monitor_lead_type", "monitor_source_id", "monitor_customer_group")
# months and days of the dealer group's time zone (lib/monitor.py GROUP_TZ)
MONTH = "date_trunc('month', %s)::date" % monitor.local_sql("occurred_at")
DAY = "%s::date" % monitor.local_sql("occurred_at")
ROLLUPS = (
    ("sales_monitor_moment_month_user", "month", MONTH, ("company_id", "team_id", "user_id", "phase_id")),
    ("sales_monitor_moment_month_team", "month", MONTH, ("company_id", "team_id", "phase_id")),
    ("sales_monitor_moment_day_team", "day", DAY, ("company_id", "team_id", "phase_id")),
    ("sales_monitor_moment_month_dims", "month", MONTH, ("company_id", "team_id", "phase_id") + DIMS),
    ("sales_monitor_moment_day_dims", "day", DAY, ("company_id", "team_id", "phase_id") + DIMS),
)
# key columns that are text; the others are integers. NULL is kept as '' or 0 in a rollup key.
TEXT_KEYS = ("monitor_lead_type", "monitor_customer_group", "lead_type")

# The sales-up figures of level 1 kept per branch and month (and per branch, month and filter
# dimension), by a statement-level trigger on crm_lead: current phases by the month of the last
# moment, furthest steps and a histogram of first-response buckets by the month of the lead date,
# and the open sales ups per stage (no time). Every figure is a count or a sum over whole sales
# ups, each counted in exactly one row: additive, so sums over months are exact.
LEAD_DIMS = ("lead_type", "source_id", "monitor_customer_group")
# lib/monitor.speed_bucket in SQL (parity: test_speed_bucket_sql_equals_the_python_rule)
SPEED_BUCKET = "floor(sqrt(greatest(first_response_minutes, 0)::float8) / 2)::integer"
# lib/monitor.speed_band in SQL (parity: test_speed_band_sql_equals_the_python_rule)
SPEED_BAND = ("CASE WHEN first_response_minutes IS NULL THEN 0 %s ELSE %d END" % (
    " ".join("WHEN first_response_minutes < %d THEN %d" % (limit, band)
             for band, limit in enumerate(monitor.WITHIN_MINUTES, start=1)), len(monitor.WITHIN_MINUTES) + 1))
# over a crm_lead row aliased "changed"
LEAD_MONTH = {"phase": "date_trunc('month', %s)::date" % monitor.local_sql("changed.monitor_last_moment_at"),
              "step": "date_trunc('month', %s)::date" % monitor.local_sql("changed.lead_date"),
              "speed": "date_trunc('month', %s)::date" % monitor.local_sql("changed.lead_date"),
              "band": "date_trunc('month', %s)::date" % monitor.local_sql("changed.lead_date")}
LEAD_CONDITION = {"phase": "changed.monitor_last_moment_at IS NOT NULL",
                  "step": "changed.lead_date IS NOT NULL",
                  "speed": "changed.lead_date IS NOT NULL AND changed.first_response_minutes IS NOT NULL",
                  "band": "changed.lead_date IS NOT NULL",
                  # only an open sales up has a potential (lib/lifecycle.py)
                  "open": lifecycle.sql_predicate(lifecycle.OPEN, "changed")}
LEAD_MONTH["process"] = LEAD_MONTH["band"]
LEAD_CONDITION["process"] = LEAD_CONDITION["band"]
LEAD_KEY = {"phase": "monitor_phase_id", "step": "monitor_furthest_step", "speed": "speed_bucket",
            "band": "speed_band", "process": "process_flags", "open": "stage_id"}


def _process_flags(prefix):
    """lib/monitor.process_flags over a crm_lead row (columns prefixed by `prefix`): contacted, an
    appointment set, the customer came (a sales step, or as far as a test drive), sold (won, or as
    far as an agreement). Parity: test_process_flags_sql_equals_the_python_rule."""
    won = lifecycle.sql_predicate(lifecycle.WON, prefix.rstrip(".") or "crm_lead")
    return ("(CASE WHEN {p}first_response_minutes IS NOT NULL THEN {contacted} ELSE 0 END"
            " + CASE WHEN coalesce({p}monitor_appointment, false) THEN {appointment} ELSE 0 END"
            " + CASE WHEN coalesce({p}monitor_shown, false) OR coalesce({p}monitor_furthest_step, 0) >= {drive}"
            " THEN {shown} ELSE 0 END"
            " + CASE WHEN {won} OR coalesce({p}monitor_furthest_step, 0) >= {agreement} THEN {sold} ELSE 0 END)"
            ).format(p=prefix, won=won, drive=funnel.STEP_NUMBER["test_drive"],
                     agreement=funnel.STEP_NUMBER["agreement"], contacted=monitor.CONTACTED,
                     appointment=monitor.APPOINTMENT, shown=monitor.SHOWN, sold=monitor.SOLD)


def computed_key(key, prefix):
    """SQL of a rollup key computed from crm_lead columns (prefixed: "changed.", "crm_lead."), or None
    for a key that is a column."""
    if key == "process_flags":
        return _process_flags(prefix)
    if key in ("speed_bucket", "speed_band"):
        return (SPEED_BUCKET if key == "speed_bucket" else SPEED_BAND).replace(
            "first_response_minutes", prefix + "first_response_minutes")
    return None


# (measure, with the filter dimensions) -> table
LEAD_ROLLUPS = {(measure, dims): "sales_monitor_lead_%s%s" % (measure, "_dims" if dims else "")
                for measure in ("phase", "step", "speed", "band", "process", "open") for dims in (False, True)}
OPEN_SUMS = (("revenue", "coalesce(changed.planned_revenue, 0)::numeric"),
             ("revenue_gut",
              "coalesce(changed.planned_revenue, 0)::numeric * coalesce(changed.gut_probability, 0) / 100"),
             ("urgent", "CASE WHEN changed.monitor_urgent THEN 1 ELSE 0 END"))
LEAD_TRIGGERS = (("INSERT", "NEW TABLE AS new_rows"), ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                 ("DELETE", "OLD TABLE AS old_rows"))


def _key_type(key):
    return "varchar" if key in TEXT_KEYS else "integer"


def _key_value(column, key=None):
    return "coalesce(%s, %s)" % (column, "''" if (key or column) in TEXT_KEYS else "0")


def _step_case(column):
    """SQL CASE giving the step number of a phase's Monitor step (the column presales_funnel_phase.step),
    as lib/funnel.Vocabulary.step_number does: which phase reaches which step is data."""
    whens = " ".join("WHEN '%s' THEN %d" % (code, step) for code, step in sorted(funnel.STEP_NUMBER.items()))
    return "CASE %s %s ELSE 0 END" % (column, whens)


def _lead_keys(measure, dims):
    return ("team_id",) + (LEAD_DIMS if dims else ()) + (LEAD_KEY[measure],)


def _lead_select(measure, dims, source, sign):
    """SELECT of the rollup rows one set of crm_lead rows (a table or a transition table) adds
    (sign 1) or takes away (sign -1): the one definition the trigger and the rebuild share."""
    expressions = [LEAD_MONTH[measure]] if measure in LEAD_MONTH else []
    for key in _lead_keys(measure, dims):
        expressions.append(computed_key(key, "changed.") or _key_value("changed.%s" % key, key))
    expressions.append("%d" % sign)
    if measure == "open":
        expressions += ["%d * %s" % (sign, expression) for _name, expression in OPEN_SUMS]
    return "SELECT %s FROM %s changed WHERE %s" % (", ".join(expressions), source, LEAD_CONDITION[measure])


def _lead_columns(measure, dims):
    return (("month",) if measure in LEAD_MONTH else ()) + _lead_keys(measure, dims)


def _lead_upsert(measure, dims, selects):
    """INSERT ... ON CONFLICT adding the rows of the selects (UNION ALL) to a lead rollup."""
    table = LEAD_ROLLUPS[(measure, dims)]
    columns = _lead_columns(measure, dims)
    sums = ["lead_count"] + ([name for name, _expression in OPEN_SUMS] if measure == "open" else [])
    group = ", ".join(str(index) for index in range(1, len(columns) + 1))
    return """
        INSERT INTO %(table)s AS rollup (%(columns)s, %(sums)s)
        SELECT %(columns)s, %(summed)s FROM (%(selects)s) delta (%(columns)s, %(sums)s)
         GROUP BY %(group)s HAVING %(nonzero)s
        ON CONFLICT (%(columns)s) DO UPDATE SET %(update)s""" % {
        "table": table, "columns": ", ".join(columns), "sums": ", ".join(sums), "group": group,
        "summed": ", ".join("sum(%s)" % name for name in sums),
        "selects": " UNION ALL ".join(selects),
        "nonzero": " OR ".join("sum(%s) <> 0" % name for name in sums),
        "update": ", ".join("%s = rollup.%s + EXCLUDED.%s" % (name, name, name) for name in sums)}


class SalesMonitorRollup(models.AbstractModel):
    """The stored state the monitor reads instead of scanning a million moments.

    PostgreSQL keeps it current: statement-level triggers on presales_contact_moment update the
    moment rollups and the current phase, furthest step and urgency of the sales ups touched,
    whoever inserts (the ORM, or the DMS bulk ingest with plain INSERTs). A trigger rather than
    a refresh the bulk path must remember to call: it cannot be forgotten, and it runs once per
    statement over the transition table, so a 5,000-row batch costs a few grouped statements.
    """

    _name = "sales_monitor.rollup"
    _description = "Sales monitor: rollups and stored state"

    @api.model_cr
    def init(self):
        # table, column and trigger names come from the constants above, never from input
        # pylint: disable=sql-injection
        cr = self.env.cr
        cr.execute("SELECT count(to_regclass(name)) FROM unnest(%s) name", ([rollup[0] for rollup in ROLLUPS],))
        first_install = cr.fetchone()[0] < len(ROLLUPS)
        for table, time_column, _expression, keys in ROLLUPS:
            columns = ", ".join("%s %s NOT NULL" % (key, _key_type(key)) for key in keys)
            cr.execute("""
                CREATE TABLE IF NOT EXISTS %s (
                    %s date NOT NULL, %s, moment_count integer NOT NULL,
                    PRIMARY KEY (%s, %s))""" % (table, time_column, columns, time_column, ", ".join(keys)))
        cr.execute("SELECT count(to_regclass(name)) FROM unnest(%s) name", (sorted(LEAD_ROLLUPS.values()),))
        first_lead_install = cr.fetchone()[0] < len(LEAD_ROLLUPS)
        for (measure, dims), table in sorted(LEAD_ROLLUPS.items()):
            columns = _lead_columns(measure, dims)
            cr.execute("""
                CREATE TABLE IF NOT EXISTS %s (%s, lead_count integer NOT NULL%s, PRIMARY KEY (%s))""" % (
                table, ", ".join("%s %s NOT NULL" % (column, "date" if column == "month" else _key_type(column))
                                 for column in columns),
                ", revenue numeric NOT NULL, revenue_gut numeric NOT NULL, urgent integer NOT NULL"
                if measure == "open" else "", ", ".join(columns)))
            # the trigger deletes the emptied rows through this index, without scanning the table
            cr.execute("CREATE INDEX IF NOT EXISTS %s_empty_idx ON %s (team_id) WHERE lead_count <= 0" % (table, table))
            if dims:
                for dim in LEAD_DIMS:
                    cr.execute("CREATE INDEX IF NOT EXISTS %s_%s_idx ON %s (%s%s)" % (
                        table, dim, table, dim, ", month" if "month" in columns else ""))
        cr.execute(self._sql_lead_trigger_function())
        for event, tables in LEAD_TRIGGERS:
            name = "sales_monitor_lead_%s" % event.lower()
            cr.execute("DROP TRIGGER IF EXISTS %s ON crm_lead" % name)
            cr.execute("""
                CREATE TRIGGER %s AFTER %s ON crm_lead REFERENCING %s
                FOR EACH STATEMENT EXECUTE FUNCTION sales_monitor_lead_changed()""" % (name, event, tables))
        cr.execute("""
            CREATE TABLE IF NOT EXISTS sales_monitor_stalled_limit (
                team_id integer NOT NULL, phase_id integer NOT NULL, seconds double precision NOT NULL,
                PRIMARY KEY (team_id, phase_id))""")
        cr.execute(self._sql_refresh_leads())
        cr.execute(self._sql_refresh_urgency())
        cr.execute(self._sql_trigger_function())
        cr.execute(self._sql_dims_functions())
        cr.execute("DROP TRIGGER IF EXISTS sales_monitor_moment_dims ON presales_contact_moment")
        cr.execute("""
            CREATE TRIGGER sales_monitor_moment_dims BEFORE INSERT OR UPDATE OF lead_id ON presales_contact_moment
            FOR EACH ROW EXECUTE FUNCTION sales_monitor_moment_dims()""")
        # per row, but only for the rows whose origin or customer group changed: a statement
        # trigger would join two transition tables the planner knows nothing about
        cr.execute("DROP TRIGGER IF EXISTS sales_monitor_lead_dims ON crm_lead")
        cr.execute("""
            CREATE TRIGGER sales_monitor_lead_dims
            AFTER UPDATE OF lead_type, source_id, monitor_customer_group ON crm_lead FOR EACH ROW
            WHEN ((OLD.lead_type, OLD.source_id, OLD.monitor_customer_group)
                  IS DISTINCT FROM (NEW.lead_type, NEW.source_id, NEW.monitor_customer_group))
            EXECUTE FUNCTION sales_monitor_lead_dims()""")
        for event, tables in (("INSERT", "NEW TABLE AS new_rows"),
                              ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                              ("DELETE", "OLD TABLE AS old_rows")):
            name = "sales_monitor_moment_%s" % event.lower()
            cr.execute("DROP TRIGGER IF EXISTS %s ON presales_contact_moment" % name)
            cr.execute("""
                CREATE TRIGGER %s AFTER %s ON presales_contact_moment REFERENCING %s
                FOR EACH STATEMENT EXECUTE FUNCTION sales_monitor_moment_changed()""" % (name, event, tables))
        # the filter dimensions are included so that the loose days of a filtered level 1 read
        # the index alone
        cr.execute("DROP INDEX IF EXISTS crm_lead_monitor_team_last_idx")
        cr.execute("CREATE INDEX IF NOT EXISTS crm_lead_monitor_team_last_dims_idx ON crm_lead "
                   "(team_id, monitor_last_moment_at) INCLUDE (monitor_phase_id, user_id, company_id, %s)"
                   % ", ".join(LEAD_DIMS))
        cr.execute("DROP INDEX IF EXISTS crm_lead_monitor_lead_date_idx")
        cr.execute("CREATE INDEX IF NOT EXISTS crm_lead_monitor_lead_date_dims_idx ON crm_lead "
                   "(lead_date) INCLUDE (team_id, user_id, monitor_furthest_step, first_response_minutes, %s)"
                   % ", ".join(LEAD_DIMS))
        # the minutes of one speed bucket of a branch in a period: the exact median's last step
        cr.execute("CREATE INDEX IF NOT EXISTS crm_lead_monitor_speed_bucket_idx ON crm_lead "
                   "(team_id, (%s), lead_date) INCLUDE (first_response_minutes, %s) "
                   "WHERE first_response_minutes IS NOT NULL" % (SPEED_BUCKET, ", ".join(LEAD_DIMS)))
        # the predicate as the ORM writes the domain [active = True, probability < 100], or the
        # planner cannot use the partial index
        cr.execute("DROP INDEX IF EXISTS crm_lead_monitor_open_idx")
        cr.execute("CREATE INDEX IF NOT EXISTS crm_lead_monitor_open_team_idx ON crm_lead (team_id, user_id) "
                   "INCLUDE (planned_revenue, stage_id, gut_probability, monitor_urgent, lead_status, company_id) "
                   "WHERE active = true AND probability < 100")
        cr.execute("CREATE INDEX IF NOT EXISTS presales_contact_moment_lead_time_idx ON presales_contact_moment "
                   "(lead_id, occurred_at, id) INCLUDE (phase_id)")
        cr.execute("CREATE INDEX IF NOT EXISTS presales_contact_moment_team_time_idx ON presales_contact_moment "
                   "(team_id, occurred_at) INCLUDE (user_id, phase_id, company_id, lead_id)")
        cr.execute("CREATE INDEX IF NOT EXISTS presales_contact_moment_user_time_idx ON presales_contact_moment "
                   "(user_id, occurred_at) INCLUDE (team_id, phase_id, company_id, lead_id)")
        # a filtered level 1 reads one filter value's rows of a period: covering, so that it reads
        # the index alone (the rows of one day lie all over the table)
        for table, time_column, _expression, _keys in ROLLUPS[3:]:
            for dim in DIMS:
                cr.execute("DROP INDEX IF EXISTS %s_%s_idx" % (table, dim[len("monitor_"):]))
                cr.execute("CREATE INDEX IF NOT EXISTS %s_%s_cover_idx ON %s (%s, %s) "
                           "INCLUDE (company_id, team_id, phase_id, moment_count)" % (
                               table, dim[len("monitor_"):], table, dim, time_column))
        # rollups counted by another day (UTC before the group's time zone) are counted again
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", (DAY_RULE_PARAM,))
        day_rule = (cr.fetchone() or [None])[0]
        if first_install or day_rule != monitor.GROUP_TZ:
            self._rebuild()
        elif first_lead_install:
            self._rebuild_leads()
        self.env["ir.config_parameter"].sudo().set_param(DAY_RULE_PARAM, monitor.GROUP_TZ)

    @api.model
    def _rebuild(self, moment_dims=True):
        """Fill the rollups and the sales ups' state from the moments already there (install, and
        a bulk load with the triggers off). moment_dims=False: the moments already carry their
        sales up's origin and customer group."""
        # pylint: disable=sql-injection
        cr = self.env.cr
        if moment_dims:
            cr.execute("""
                UPDATE presales_contact_moment moment
                   SET monitor_lead_type = lead.lead_type, monitor_source_id = lead.source_id,
                       monitor_customer_group = lead.monitor_customer_group
                  FROM crm_lead lead WHERE lead.id = moment.lead_id""")
        for table, time_column, expression, keys in ROLLUPS:
            cr.execute("DELETE FROM %s" % table)
            cr.execute("INSERT INTO %s (%s, %s, moment_count) SELECT %s, %s, count(*) FROM presales_contact_moment "
                       "GROUP BY %s" % (table, time_column, ", ".join(keys), expression,
                                        ", ".join(_key_value(key) for key in keys),
                                        ", ".join(str(index) for index in range(1, len(keys) + 2))))
        cr.execute("SELECT array_agg(DISTINCT lead_id) FROM presales_contact_moment WHERE lead_id IS NOT NULL")
        lead_ids = cr.fetchone()[0] or []
        if lead_ids:
            self.refresh_leads(lead_ids)
        self.refresh_stalled_limits()
        self.refresh_urgency()
        self._rebuild_leads()

    @api.model
    def _rebuild_leads(self):
        """Fill the sales-up rollups from crm_lead with the same statements the trigger runs
        (test_rebuild_gives_what_the_triggers_built proves it)."""
        # pylint: disable=sql-injection
        for (measure, dims), table in sorted(LEAD_ROLLUPS.items()):
            self.env.cr.execute("DELETE FROM %s" % table)
            self.env.cr.execute(_lead_upsert(measure, dims, [_lead_select(measure, dims, "crm_lead", 1)]))

    def _sql_lead_trigger_function(self):
        def statements(sources):
            upserts = [_lead_upsert(measure, dims, [
                _lead_select(measure, dims, source, sign) for source, sign in sources])
                for measure, dims in sorted(LEAD_ROLLUPS)]
            return ";\n".join(upserts) + ";"
        deletes = "\n".join("DELETE FROM %s WHERE lead_count <= 0;" % table for table in sorted(LEAD_ROLLUPS.values()))
        return """
            CREATE OR REPLACE FUNCTION sales_monitor_lead_changed() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    %s
                ELSIF TG_OP = 'DELETE' THEN
                    %s
                    %s
                ELSE
                    %s
                    %s
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql""" % (
            statements([("new_rows", 1)]), statements([("old_rows", -1)]), deletes,
            statements([("old_rows", -1), ("new_rows", 1)]), deletes)

    def _sql_dims_functions(self):
        """A moment carries the lead origin and customer group of its sales up (set on insert,
        and moved with the sales up when those change), so rollups and filters need no join."""
        return """
            CREATE OR REPLACE FUNCTION sales_monitor_moment_dims() RETURNS trigger AS $$
            BEGIN
                IF NEW.lead_id IS NULL THEN
                    NEW.monitor_lead_type := NULL;
                    NEW.monitor_source_id := NULL;
                    NEW.monitor_customer_group := NULL;
                ELSE
                    SELECT lead.lead_type, lead.source_id, lead.monitor_customer_group
                      INTO NEW.monitor_lead_type, NEW.monitor_source_id, NEW.monitor_customer_group
                      FROM crm_lead lead WHERE lead.id = NEW.lead_id;
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql;

            CREATE OR REPLACE FUNCTION sales_monitor_lead_dims() RETURNS trigger AS $$
            BEGIN
                UPDATE presales_contact_moment
                   SET monitor_lead_type = NEW.lead_type, monitor_source_id = NEW.source_id,
                       monitor_customer_group = NEW.monitor_customer_group
                 WHERE lead_id = NEW.id;
                RETURN NULL;
            END $$ LANGUAGE plpgsql;"""

    def _sql_refresh_leads(self):
        # One pass of window functions over the moments of the sales ups touched, then one
        # grouping: no join between intermediate results, whose row counts the planner cannot
        # know (a join of two CTEs it guesses at ten rows turns quadratic on a bulk insert).
        return """
            CREATE OR REPLACE FUNCTION sales_monitor_refresh_leads(lead_ids integer[]) RETURNS void AS $$
            BEGIN
                UPDATE crm_lead lead
                   SET monitor_phase_id = state.phase_id, monitor_phase_since = state.since,
                       monitor_last_moment_at = state.last_at, monitor_furthest_step = state.step
                  FROM (
                    SELECT lead_id, min(current_phase) AS phase_id, max(occurred_at) AS last_at,
                           min(occurred_at) FILTER (WHERE NOT left_phase) AS since, max(step) AS step
                      FROM (
                        SELECT lead_id, occurred_at, current_phase, step,
                               bool_or(phase_id <> current_phase) OVER (
                                   PARTITION BY lead_id ORDER BY occurred_at DESC, id DESC
                                   ROWS UNBOUNDED PRECEDING) AS left_phase
                          FROM (
                            SELECT moment.lead_id, moment.id, moment.occurred_at, moment.phase_id,
                                   %s AS step,
                                   first_value(moment.phase_id) OVER (
                                       PARTITION BY moment.lead_id
                                       ORDER BY moment.occurred_at DESC, moment.id DESC) AS current_phase
                              FROM (SELECT DISTINCT id FROM unnest(lead_ids) id) touched
                              JOIN presales_contact_moment moment ON moment.lead_id = touched.id
                              -- service moments (after-sales) are counted, but are no step of the sales up
                              JOIN presales_funnel_phase phase ON phase.id = moment.phase_id AND NOT phase.after_sales
                          ) with_current
                      ) with_run
                     GROUP BY lead_id
                  ) state
                 WHERE state.lead_id = lead.id
                   AND (lead.monitor_phase_id IS DISTINCT FROM state.phase_id
                        OR lead.monitor_phase_since IS DISTINCT FROM state.since
                        OR lead.monitor_last_moment_at IS DISTINCT FROM state.last_at
                        OR lead.monitor_furthest_step IS DISTINCT FROM state.step);
                -- sales ups whose last moment went away
                UPDATE crm_lead lead
                   SET monitor_phase_id = NULL, monitor_phase_since = NULL, monitor_last_moment_at = NULL,
                       monitor_furthest_step = 0
                  FROM (SELECT DISTINCT id FROM unnest(lead_ids) id) touched
                 WHERE touched.id = lead.id AND lead.monitor_last_moment_at IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM presales_contact_moment moment
                                     JOIN presales_funnel_phase phase ON phase.id = moment.phase_id
                                    WHERE moment.lead_id = lead.id AND NOT phase.after_sales);
            END $$ LANGUAGE plpgsql""" % _step_case("phase.step")

    def _sql_refresh_urgency(self):
        return """
            CREATE OR REPLACE FUNCTION sales_monitor_refresh_urgency(lead_ids integer[], at timestamp)
            RETURNS void AS $$
            DECLARE
                hot_days integer := coalesce(
                    (SELECT value FROM ir_config_parameter WHERE key = '%(hot)s'), '%(hot_default)s')::integer;
                offer_days integer := coalesce(
                    (SELECT value FROM ir_config_parameter WHERE key = '%(offer)s'), '%(offer_default)s')::integer;
            BEGIN
                IF lead_ids IS NULL THEN
                    lead_ids := ARRAY(SELECT id FROM crm_lead);
                END IF;
                UPDATE crm_lead lead
                   SET monitor_urgency = fresh.codes, monitor_urgent = fresh.codes IS NOT NULL
                  FROM (
                    SELECT lead.id, CASE WHEN %(open)s
                                     THEN nullif(concat_ws(',',
                        CASE WHEN EXISTS (SELECT 1 FROM mail_activity activity
                                           WHERE activity.res_id = lead.id AND activity.res_model = 'crm.lead'
                                             AND activity.date_deadline < %(today)s) THEN 'overdue' END,
                        CASE WHEN lead.needs_attention THEN 'untouched' END,
                        CASE WHEN lead.lead_status = 'hot' AND coalesce(lead.monitor_furthest_step, 0) < %(drive_step)s
                                  AND lead.lead_date < at - make_interval(days => hot_days)
                             THEN 'hot_no_test_drive' END,
                        CASE WHEN lead.monitor_phase_id IN (
                                SELECT id FROM presales_funnel_phase WHERE awaits_follow_up)
                                  AND lead.monitor_phase_since < at - make_interval(days => offer_days)
                             THEN 'offer_not_followed' END,
                        CASE WHEN extract(epoch FROM at - lead.monitor_phase_since) > (
                                SELECT stalled.seconds FROM sales_monitor_stalled_limit stalled
                                 WHERE stalled.team_id = lead.team_id AND stalled.phase_id = lead.monitor_phase_id)
                             THEN 'stalled' END,
                        -- lib/monitor.purchase_window_near
                        CASE WHEN (lead.purchase_timeframe_start IS NOT NULL OR lead.purchase_timeframe_end IS NOT NULL)
                                  AND (lead.purchase_timeframe_end IS NULL OR lead.purchase_timeframe_end >= %(today)s)
                                  AND coalesce(lead.purchase_timeframe_start, lead.purchase_timeframe_end)
                                      <= %(today)s + %(buying_days)s
                                  AND coalesce(lead.monitor_furthest_step, 0) < %(offer_step)s
                             THEN 'buying_soon' END), '') END AS codes
                      FROM (SELECT DISTINCT id FROM unnest(lead_ids) id) touched
                      JOIN crm_lead lead ON lead.id = touched.id
                  ) fresh
                 WHERE fresh.id = lead.id
                   AND (lead.monitor_urgency IS DISTINCT FROM fresh.codes
                        OR lead.monitor_urgent IS DISTINCT FROM (fresh.codes IS NOT NULL));
            END $$ LANGUAGE plpgsql""" % {
            "hot": HOT_DAYS_PARAM, "hot_default": monitor.DEFAULT_HOT_NO_TEST_DRIVE_DAYS,
            "offer": OFFER_DAYS_PARAM, "offer_default": monitor.DEFAULT_OFFER_FOLLOW_UP_DAYS,
            "drive_step": funnel.STEP_NUMBER["test_drive"],
            "offer_step": funnel.STEP_NUMBER["offer"], "buying_days": monitor.BUYING_SOON_DAYS,
            # deadlines and buying windows are dates of the dealer group's calendar (monitor.today)
            "today": "%s::date" % monitor.local_sql("at"),
            # only an open sales up is urgent (lib/lifecycle.py; parity: test_sql_urgency_equals_the_python_rule...)
            "open": lifecycle.sql_predicate(lifecycle.OPEN, "lead")}

    def _sql_trigger_function(self):
        statements = []
        for table, time_column, expression, keys in ROLLUPS:
            key_list = ", ".join(keys)
            selected = ", ".join(_key_value(key) for key in keys)
            group = ", ".join(str(index) for index in range(1, len(keys) + 2))
            match = " AND ".join("rollup.%s = delta.%s" % (key, key) for key in (time_column,) + keys)
            statements.append("""
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    UPDATE %(table)s rollup SET moment_count = rollup.moment_count - delta.moment_count
                      FROM (SELECT %(expression)s AS %(time)s, %(selected)s, count(*) AS moment_count
                              FROM old_rows GROUP BY %(group)s) delta (%(time)s, %(keys)s, moment_count)
                     WHERE %(match)s;
                    DELETE FROM %(table)s WHERE moment_count <= 0;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO %(table)s AS rollup (%(time)s, %(keys)s, moment_count)
                    SELECT %(expression)s, %(selected)s, count(*) FROM new_rows GROUP BY %(group)s
                    ON CONFLICT (%(time)s, %(keys)s)
                    DO UPDATE SET moment_count = rollup.moment_count + EXCLUDED.moment_count;
                END IF;""" % {"table": table, "expression": expression, "time": time_column,
                              "selected": selected, "group": group, "keys": key_list, "match": match})
        return """
            CREATE OR REPLACE FUNCTION sales_monitor_moment_changed() RETURNS trigger AS $$
            DECLARE
                lead_ids integer[];
            BEGIN
                %s
                IF TG_OP = 'INSERT' THEN
                    lead_ids := ARRAY(SELECT DISTINCT lead_id FROM new_rows WHERE lead_id IS NOT NULL);
                ELSIF TG_OP = 'DELETE' THEN
                    lead_ids := ARRAY(SELECT DISTINCT lead_id FROM old_rows WHERE lead_id IS NOT NULL);
                ELSE
                    lead_ids := ARRAY(SELECT lead_id FROM new_rows WHERE lead_id IS NOT NULL
                                      UNION SELECT lead_id FROM old_rows WHERE lead_id IS NOT NULL);
                END IF;
                IF array_length(lead_ids, 1) > 0 THEN
                    PERFORM sales_monitor_refresh_leads(lead_ids);
                    PERFORM sales_monitor_refresh_urgency(lead_ids, (now() AT TIME ZONE 'UTC')::timestamp);
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql""" % "\n".join(statements)

    @api.model
    def refresh_stalled_limits(self, now=None):
        """Recompute the stalled limit per branch and phase: the percentile of the stays in that
        phase (by the sales up's branch) that ended in the last 90 days. Hourly, by cron."""
        now = now or fields.Datetime.now()
        self.env.cr.execute("""
            WITH recent AS (
                SELECT DISTINCT lead_id FROM presales_contact_moment
                 WHERE lead_id IS NOT NULL AND occurred_at >= %(since)s::timestamp AND occurred_at <= %(now)s
            ), ordered AS (
                SELECT moment.lead_id, moment.id, moment.phase_id, moment.occurred_at,
                       lag(moment.phase_id) OVER (PARTITION BY moment.lead_id
                                                  ORDER BY moment.occurred_at, moment.id) AS previous_phase
                  FROM presales_contact_moment moment JOIN recent ON recent.lead_id = moment.lead_id
            ), stays AS (
                SELECT lead_id, phase_id, occurred_at AS entered_at,
                       lead(occurred_at) OVER (PARTITION BY lead_id ORDER BY occurred_at, id) AS left_at
                  FROM ordered WHERE previous_phase IS DISTINCT FROM phase_id
            )
            SELECT lead.team_id, stays.phase_id,
                   percentile_cont(%(fraction)s) WITHIN GROUP (ORDER BY extract(epoch FROM left_at - entered_at))
              FROM stays JOIN crm_lead lead ON lead.id = stays.lead_id
             WHERE lead.team_id IS NOT NULL AND left_at >= %(since)s::timestamp AND left_at <= %(now)s
             GROUP BY lead.team_id, stays.phase_id""", {
            "now": now, "fraction": monitor.STALLED_PERCENTILE,
            "since": fields.Datetime.to_string(fields.Datetime.from_string(now) - datetime.timedelta(
                days=monitor.STALLED_WINDOW_DAYS))})
        limits = self.env.cr.fetchall()
        self.env.cr.execute("DELETE FROM sales_monitor_stalled_limit")
        if limits:
            self.env.cr.execute(
                "INSERT INTO sales_monitor_stalled_limit (team_id, phase_id, seconds) VALUES %s"
                % ", ".join(["%s"] * len(limits)), limits)
        return dict(((team, phase), seconds) for team, phase, seconds in limits)

    @api.model
    def refresh_urgency(self, lead_ids=None, now=None):
        """Recompute the stored urgency of these sales ups (all when None) at now (UTC)."""
        self.env.cr.execute("SELECT sales_monitor_refresh_urgency(%s, %s::timestamp)",
                            (list(lead_ids) if lead_ids is not None else None, now or fields.Datetime.now()))
        self.env["crm.lead"].invalidate_cache(["monitor_urgency", "monitor_urgent"], lead_ids)

    @api.model
    def refresh_leads(self, lead_ids):
        """Recompute current phase, phase entry, last moment and furthest step (the trigger does
        this on every change of the moments; this is for repairs and tests)."""
        self.env.cr.execute("SELECT sales_monitor_refresh_leads(%s)", (list(lead_ids),))
        self.env["crm.lead"].invalidate_cache(
            ["monitor_phase_id", "monitor_phase_since", "monitor_last_moment_at", "monitor_furthest_step"], lead_ids)

    @api.model
    def _cron_refresh(self):
        """Hourly: time passes (overdue, untouched, stalled); refresh limits, then urgency."""
        self.refresh_stalled_limits()
        self.refresh_urgency()
        return True
