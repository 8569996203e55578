from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from odoo.addons.automotive_presales.lib import funnel, lifecycle, sales_up

from ..lib import monitor
from .sales_monitor_rollup import HOT_DAYS_PARAM, LEAD_ROLLUPS, OFFER_DAYS_PARAM, SPEED_BUCKET, computed_key

BENCHMARK_PARAM = "sales_monitor.benchmark_%s"
RADAR_PARAM = "sales_monitor.radar_%s"
# the column a row of each level groups moments and sales ups by
ROW_KEYS = {"branches": "team_id", "staff": "user_id", "customers": "lead_id"}
LEAD_ROW_KEYS = {"branches": "team_id", "staff": "user_id", "customers": "id"}


# the paths a contact-moment rule may grant a moment by through its sales up, in SQL over the
# sales up (alias lead), as Odoo evaluates them in a rule (as superuser, archived records included)
LEAD_RULE_PATHS = {
    "lead_id.user_id": "lead.user_id",
    "lead_id.second_user_id": "lead.second_user_id",
    "lead_id.team_id": "lead.team_id",
    # the branches these users lead (resolved to ids first, so that the planner uses an index)
    "lead_id.team_id.user_id": "lead.team_id",
}


def _domain_tree(leaves):
    """A normalized (prefix) domain as a tree: ('|' or '&', [children]) or a leaf."""
    def parse(position):
        item = leaves[position]
        if item in ("|", "&"):
            left, position = parse(position + 1)
            right, position = parse(position)
            return (item, [left, right]), position
        return item, position + 1
    tree, end = parse(0)
    if end != len(leaves):
        raise ValueError("not a normalized domain")
    return tree


def _flatten(tree, operator):
    if isinstance(tree, tuple) and tree and tree[0] == operator and isinstance(tree[1], list):
        return [leaf for child in tree[1] for leaf in _flatten(child, operator)]
    return [tree]


def _lead_rule_sql(leaves, teams_led_by):
    """(sql, params) of what a contact-moment rule grants a moment WITH a sales up by, when the
    rule is an OR of leaves on the sales up and of parts that need the moment to have none
    (('lead_id', '=', False) among their AND), else None. Parity with the rule itself:
    test_moment_fast_path_equals_the_rules_per_role."""
    if "!" in leaves:
        return None
    try:
        branches = _flatten(_domain_tree(leaves), "|")
    except (ValueError, IndexError):
        return None
    parts, params = [], []
    for branch in branches:
        if isinstance(branch, tuple) and branch and branch[0] == "&":
            if ("lead_id", "=", False) not in _flatten(branch, "&"):
                return None
            continue
        if not (isinstance(branch, tuple) and len(branch) == 3 and branch[0] in LEAD_RULE_PATHS
                and branch[1] in ("=", "in")):
            return None
        path, operator, value = branch
        if value is False or (operator == "in" and not isinstance(value, (list, tuple))):
            return None
        values = tuple(value) if operator == "in" else (value,)
        if not values:
            continue
        if path == "lead_id.team_id.user_id":
            values = tuple(teams_led_by(values))
            if not values:
                continue
        parts.append("%s IN %%s" % LEAD_RULE_PATHS[path])
        params.append(values)
    if not parts:
        return ("false", [])
    return (" OR ".join(parts), params)


class SalesMonitor(models.AbstractModel):
    """The funnel monitor's figures per branch, salesperson or customer (sales up).

    Only what the caller may see: rows are the branches, salespeople or sales ups of the
    caller's scope, and every count goes through the record rules of the moments and sales ups,
    except a director's unfiltered moment counts, read from rollups that hold every moment of
    the director's companies (the same set the director's rules give, see the parity tests).
    """

    _name = "sales.monitor"
    _description = "Sales monitor"

    @api.model
    def monitor_data(self, level, **filters):
        today = monitor.today()
        try:
            values = monitor.parse_filters(
                level, filters, today, lead_types=[code for code, _label in sales_up.LEAD_TYPES])
        except monitor.InvalidFilter as error:
            raise UserError(_("Sales monitor: %s.") % error)
        phases, blocks = self._monitor_columns()
        rows = self._monitor_rows(level, values)
        result = {
            "level": level,
            "filters": dict({name: values[name] for name in monitor.FILTERS},
                            date_from=fields.Date.to_string(values["date_from"]),
                            date_to=fields.Date.to_string(values["date_to"])),
            "phases": phases,
            "blocks": blocks,
            "rows": [],
        }
        if not rows:
            return result
        codes = {phase["id"]: phase["code"] for phase in phases}
        benchmarks = self._monitor_benchmarks()
        result["benchmarks"] = benchmarks
        keys = [row_id for row_id, _name in rows]
        moments = self._monitor_moments(level, values, keys)
        customers = self._monitor_customers(level, values, keys)
        open_figures = self._monitor_open(level, values, keys)
        cohort = self._monitor_cohort(level, values, keys)
        for row_id, name in rows:
            potential, potential_gut, urgent = open_figures.get(row_id, (0.0, 0.0, 0))
            steps, speed, bands, process = cohort.get(row_id, ([0] * len(monitor.STEP_CODES), None, {}, {}))
            within = monitor.contacted_within(bands)
            result["rows"].append({
                "id": row_id,
                "name": name,
                "moments": self._by_code(moments.get(row_id, {}), codes),
                "customers": self._by_code(customers.get(row_id, {}), codes),
                "potential": round(potential, 2),
                "potential_gut": round(potential_gut, 2),
                "urgent": urgent,
                "conversion": self._conversion(steps),
                "speed_to_lead_minutes": speed,
                "contacted_within_5_pct": within[5],
                "contacted_within_30_pct": within[30],
                "leads": sum(bands.values()),
                "process": monitor.process_rates(process, benchmarks),
            })
        if level == "customers":
            self._monitor_customer_details(result["rows"])
        if level == "staff":
            self._monitor_benchmark(result, values)
        if level in ("branches", "staff"):
            result["sources"] = self._monitor_sources(level, values, keys, benchmarks)
        return result

    def _monitor_sources(self, level, values, keys, benchmarks):
        """Speed to lead and the process rates per lead source, over the rows of the level (the
        sales ups that came in during the period)."""
        bands, process = {}, {}
        if self._use_lead_rollups(level, values):
            for source_id, band, count in self._lead_rollup_counts("band", "lead_date", values, keys, "source_id"):
                bands.setdefault(source_id, {})[band] = bands.get(source_id, {}).get(band, 0) + count
            for source_id, flags, count in self._lead_rollup_counts("process", "lead_date", values, keys,
                                                                    "source_id"):
                process.setdefault(source_id, {})[flags] = process.get(source_id, {}).get(flags, 0) + count
        else:
            start, end = monitor.period_bounds(values["date_from"], values["date_to"])
            domain = self._lead_domain(level, values, keys) + [
                ("lead_date", ">=", fields.Datetime.to_string(start)),
                ("lead_date", "<", fields.Datetime.to_string(end))]
            from_clause, where, params = self._rule_query("crm.lead", domain, active_test=False)
            self.env.cr.execute("SELECT coalesce(crm_lead.source_id, 0), %s, %s, count(*) FROM %s WHERE %s "
                                "GROUP BY 1, 2, 3" % (computed_key("speed_band", "crm_lead."),
                                                      computed_key("process_flags", "crm_lead."), from_clause, where),
                                params)
            for source_id, band, flags, count in self.env.cr.fetchall():
                bands.setdefault(source_id, {})[band] = bands.get(source_id, {}).get(band, 0) + count
                process.setdefault(source_id, {})[flags] = process.get(source_id, {}).get(flags, 0) + count
        names = dict((source.id, source.name) for source in self.env["utm.source"].sudo().browse(
            [source_id for source_id in bands if source_id]).exists())
        sources = []
        for source_id, counted in bands.items():
            within = monitor.contacted_within(counted)
            sources.append({"source_id": source_id or False, "name": names.get(source_id) or _("No source"),
                            "leads": sum(counted.values()), "contacted_within_5_pct": within[5],
                            "contacted_within_30_pct": within[30],
                            "process": monitor.process_rates(process.get(source_id, {}), benchmarks)})
        return sorted(sources, key=lambda source: (-source["leads"], source["name"]))

    @api.model
    def _monitor_columns(self):
        """The monitor's columns from the funnel's vocabulary: the phases in funnel order, each with
        its block, and the blocks with the codes of their phases (the template's header rows)."""
        vocabulary = self.env["presales.funnel.vocabulary"].get()
        records = {phase.code: phase for phase in self.env["presales.funnel.phase"].search([])}
        block_names = {block.code: block.name for block in self.env["presales.funnel.block"].search([])}
        phases, blocks = [], []
        for block, block_phases in vocabulary.grouped():
            shown = [records[phase.code] for phase in block_phases if phase.code in records]
            if not shown:
                continue
            blocks.append({"code": block.code, "name": block_names.get(block.code, block.name),
                           "after_sales": block.after_sales, "phases": [phase.code for phase in shown]})
            phases += [{"id": phase.id, "code": phase.code, "name": phase.name, "block": block.code,
                        "step": phase.step or False} for phase in shown]
        return phases, blocks

    @staticmethod
    def _by_code(counts, codes):
        return {code: counts.get(phase_id, 0) for phase_id, code in codes.items()}

    @staticmethod
    def _conversion(steps):
        counts = dict(zip(monitor.STEP_CODES, steps))
        rates = {}
        for previous, code in zip(monitor.STEP_CODES, monitor.STEP_CODES[1:]):
            rates[code] = round(100.0 * counts[code] / counts[previous], 1) if counts[previous] else None
        return {"counts": counts, "rates": rates}

    # ---- who sees which rows ----

    def _monitor_role(self, user=None):
        user = user or self.env.user
        if user.has_group("automotive_presales.group_sales_director"):
            return "director"
        if user.has_group("automotive_presales.group_branch_manager"):
            return "manager"
        return "salesperson"

    def _monitor_teams(self, user=None):
        """The branches the caller (or this user) may see figures of: every branch (director),
        the branches they lead and their own (branch manager), their own (salesperson)."""
        user = user or self.env.user
        Team = self.env["crm.team"].sudo()
        role = self._monitor_role(user)
        if role == "director":
            return Team.search([])
        if role == "manager":
            return Team.search(["|", ("user_id", "=", user.id), ("id", "=", user.sale_team_id.id)])
        return user.sale_team_id.sudo()

    def _monitor_may_see_person(self, user_id, teams, role):
        """May the caller filter on this salesperson: their own figures (salesperson), those of
        their branches' people (branch manager), anyone's (director)."""
        if role == "director":
            return bool(self.env["res.users"].sudo().browse(user_id).exists())
        if role == "manager":
            return self.env["res.users"].sudo().browse(user_id).exists().sale_team_id in teams
        return user_id == self.env.uid

    def _monitor_rows(self, level, values):
        """[(id, name)] of the rows of the level, limited to the caller's scope."""
        teams = self._monitor_teams()
        role = self._monitor_role()
        denied = AccessError(_("Sales monitor: you may not see the figures asked for."))
        if values["team_id"]:
            if values["team_id"] not in teams.ids:
                raise denied
            teams = teams.filtered(lambda team: team.id == values["team_id"])
        if values["user_id"] and not self._monitor_may_see_person(values["user_id"], teams, role):
            # the same answer on every level: a colleague's or another branch's salesperson is
            # refused, never an empty or partial answer that looks like theirs
            raise denied
        if level == "branches":
            return [(team.id, team.name) for team in teams]
        if level == "staff":
            if not values["team_id"]:
                if len(teams) != 1 and self.env.user.sale_team_id not in teams:
                    raise UserError(_("Sales monitor: the staff level needs the filter team_id (a branch)."))
                teams = teams.filtered(lambda team: team == self.env.user.sale_team_id) or teams[:1]
                values["team_id"] = teams.id
            people = self.env["res.users"].sudo().search([("sale_team_id", "=", teams.id)])
            if role == "salesperson":
                people = people.filtered(lambda person: person.id == self.env.uid)
            if values["user_id"]:
                people = people.filtered(lambda person: person.id == values["user_id"])
            return [(person.id, person.name) for person in people]
        # customers: the sales ups of one salesperson
        user_id = values["user_id"] or self.env.uid
        person = self.env["res.users"].sudo().browse(user_id).exists()
        if not person or (role == "salesperson" and user_id != self.env.uid) or (
                role == "manager" and person.sale_team_id not in teams):
            raise denied
        values["user_id"] = user_id
        start, end = monitor.period_bounds(values["date_from"], values["date_to"])
        # the sales ups touched in the period, and every open one (still to be worked)
        # (Odoo 11's expression.OR joins normalized domains only: each gets its explicit '&')
        touched = [("monitor_last_moment_at", ">=", fields.Datetime.to_string(start)),
                   ("monitor_last_moment_at", "<", fields.Datetime.to_string(end))]
        leads = self.env["crm.lead"].with_context(active_test=False).search(
            self._lead_dims(values) + [("user_id", "=", user_id)] + expression.OR(
                [expression.normalize_domain(touched), expression.normalize_domain(lifecycle.domain(lifecycle.OPEN))]),
            order="monitor_last_moment_at desc, id")
        # the few columns needed, read for the whole batch: going through the records prefetches
        # every column of every sales up and of its customer (18 s for a salesperson's 400 sales
        # ups under make load's load, against 0.3 s this way)
        rows = leads.read(["partner_id", "name"], load="_classic_write")
        partners = self.env["res.partner"].browse({row["partner_id"] for row in rows if row["partner_id"]})
        names = {partner["id"]: partner["display_name"] for partner in partners.read(["display_name"])}
        return [(row["id"], names.get(row["partner_id"]) or row["name"]) for row in rows]

    # ---- the figures ----

    def _dims(self, values, lead_type_field, source_field):
        """Domain for the customer group and lead origin filters; sales ups and moments name the
        lead type and source differently (a moment carries copies of its sales up's)."""
        domain = []
        if values["lead_type"]:
            domain.append((lead_type_field, "=", values["lead_type"]))
        if values["source_id"]:
            domain.append((source_field, "=", values["source_id"]))
        group = values["customer_group"]
        if isinstance(group, int):
            domain.append(("partner_id.category_id", "in", [group]))
        elif group:
            domain.append(("monitor_customer_group", "=", group))
        return domain

    def _lead_dims(self, values):
        """Domain on crm.lead for the customer group and lead origin filters."""
        return self._dims(values, "lead_type", "source_id")

    def _has_dims(self, values):
        return bool(values["lead_type"] or values["source_id"] or values["customer_group"])

    def _rule_query(self, model, domain, active_test=True):
        """(from, where, params) of a domain with the caller's record rules applied."""
        records = self.env[model]
        query = records._where_calc(domain, active_test=active_test)
        records._apply_ir_rules(query, "read")
        return query.get_sql()

    def _moment_dims(self, values):
        """Domain on presales.contact.moment for the customer group and lead origin filters."""
        return self._dims(values, "monitor_lead_type", "monitor_source_id")

    def _rule_scope(self, model, values=None):
        """What the caller's record rules on `model` leave of its rows, in terms the fast paths
        know, or None when some rule picks rows they cannot tell apart (the figures then go
        through the rules). A dict with:

        - "companies": the companies the only global rule limits rows to (None: no such rule);
        - "everything": a group rule of the caller is [(1, '=', 1)]: every row of the companies;
        - "lead_sql": for contact moments, the SQL over the sales up (alias lead) that the group
          rules grant a moment with a sales up by, when each group rule is an OR of leaves on
          the sales up (its owner, second salesperson, branch or branch leader) and a part for
          moments without one (None otherwise).

        Computed once per monitor_data call (kept in values["_rules"])."""
        cache = values.setdefault("_rules", {}) if values is not None else {}
        if model not in cache:
            cache[model] = self._rule_scope_compute(model)
        return cache[model]

    def _rule_scope_compute(self, model):
        if self.env.uid == SUPERUSER_ID:
            # no rule applies; the group (benchmark averages) is the companies of the user
            return {"companies": self.env["res.company"].search([("id", "child_of", self.env.user.company_id.ids)]).ids,
                    "everything": True, "lead_sql": None}
        # the rules of the caller as ir.rule._compute_domain gathers them
        self.env.cr.execute("""
            SELECT r.id FROM ir_rule r JOIN ir_model m ON r.model_id = m.id
             WHERE m.model = %s AND r.active AND r.perm_read
               AND (r.global OR r.id IN (SELECT rg.rule_group_id FROM rule_group_rel rg
                                           JOIN res_groups_users_rel gu ON rg.group_id = gu.gid
                                          WHERE gu.uid = %s))""", (model, self.env.uid))
        rules = self.env["ir.rule"].sudo().browse([row[0] for row in self.env.cr.fetchall()])
        context = self.env["ir.rule"]._eval_context()
        scope = {"companies": None, "everything": not rules, "lead_sql": None}
        lead_parts = []
        for rule in rules:
            domain = expression.normalize_domain(safe_eval(rule.domain_force, context) if rule.domain_force else [])
            leaves = [tuple(leaf) if isinstance(leaf, (list, tuple)) else leaf for leaf in domain]
            if rule.groups:
                if leaves == [expression.TRUE_LEAF]:
                    scope["everything"] = True
                elif lead_parts is not None:
                    part = (_lead_rule_sql(leaves, self._teams_led_by)
                            if model == "presales.contact.moment" else None)
                    lead_parts = lead_parts + [part] if part else None
            elif len(leaves) == 1 and leaves[0][:2] == ("company_id", "child_of") and scope["companies"] is None:
                scope["companies"] = self.env["res.company"].sudo().search([("id", "child_of", leaves[0][2])]).ids
            else:
                return None
        if not scope["everything"] and lead_parts:
            scope["lead_sql"] = (" OR ".join("(%s)" % sql for sql, _params in lead_parts),
                                 [param for _sql, params in lead_parts for param in params])
        return scope

    def _teams_led_by(self, user_ids):
        """Ids of the branches (archived ones too, as a rule sees them) these users lead."""
        Team = self.env["crm.team"].sudo().with_context(active_test=False)
        return Team.search([("user_id", "in", list(user_ids))]).ids

    def _use_rollups(self, level, values):
        if (level == "customers" or isinstance(values["customer_group"], int)
                or self.env.context.get("sales_monitor_no_rollup")
                or not (self._rule_scope("presales.contact.moment", values) or {}).get("everything")):
            return False
        return not self._has_dims(values) or (level == "branches" and not values["user_id"])

    def _use_lead_rollups(self, level, values):
        """The sales-up rollups are per branch: level 1 without a salesperson or partner category
        filter, for a caller who may read every sales up (no rule the rollups cannot apply)."""
        return (level == "branches" and not values["user_id"] and not isinstance(values["customer_group"], int)
                and not self.env.context.get("sales_monitor_no_rollup")
                and self._rule_scope("crm.lead", values) == {"companies": None, "everything": True, "lead_sql": None})

    def _monitor_moments(self, level, values, keys):
        """{row id: {phase id: moments in the period}}."""
        if self._use_rollups(level, values):
            return self._monitor_moments_rollup(level, values, keys)
        start, end = monitor.period_bounds(values["date_from"], values["date_to"])
        key = ROW_KEYS[level]
        domain = [("occurred_at", ">=", fields.Datetime.to_string(start)),
                  ("occurred_at", "<", fields.Datetime.to_string(end)), (key, "in", keys)]
        domain += self._moment_dims(values)
        if values["team_id"]:
            domain.append(("team_id", "=", values["team_id"]))
        if values["user_id"]:
            domain.append(("user_id", "=", values["user_id"]))
        scope = self._rule_scope("presales.contact.moment", values)
        extra, extra_params, counts = "", [], []
        if (scope and scope["lead_sql"] and not isinstance(values["customer_group"], int)
                and not self.env.context.get("sales_monitor_no_rollup")):
            # The moments the rules grant through their sales up, counted with a join instead of
            # the rules (Odoo writes a rule on lead_id.team_id as the id list of every sales up
            # of the branch); only the others, if any, go through the rules.
            lead_sql, lead_params = scope["lead_sql"]
            conditions, params = self._moment_conditions(values, key, keys, start, end, scope)
            self.env.cr.execute("""
                SELECT moment.%s, moment.phase_id,
                       coalesce(moment.lead_id IN (SELECT lead.id FROM crm_lead lead WHERE %s), false), count(*)
                  FROM presales_contact_moment moment
                 WHERE %s GROUP BY 1, 2, 3""" % (key, lead_sql, conditions), lead_params + params)
            rows = self.env.cr.fetchall()
            counts = [(row_id, phase_id, count) for row_id, phase_id, granted, count in rows if granted]
            if all(granted for _row, _phase, granted, _count in rows):
                return self._nest(counts)
            extra = " AND (presales_contact_moment.lead_id IS NULL OR presales_contact_moment.lead_id NOT IN " \
                    "(SELECT lead.id FROM crm_lead lead WHERE %s))" % lead_sql
            extra_params = lead_params
        from_clause, where, params = self._rule_query("presales.contact.moment", domain)
        self.env.cr.execute(
            "SELECT presales_contact_moment.%s, presales_contact_moment.phase_id, count(*) FROM %s WHERE %s%s "
            "GROUP BY 1, 2" % (key, from_clause, where, extra), params + extra_params)
        return self._nest(counts + self.env.cr.fetchall())

    def _moment_conditions(self, values, key, keys, start, end, scope):
        """WHERE over presales_contact_moment (alias moment) for the rows, period and filters."""
        conditions = ["moment.occurred_at >= %s", "moment.occurred_at < %s", "moment.%s IN %%s" % key]
        params = [start, end, tuple(keys)]
        if scope["companies"] is not None:
            conditions.append("moment.company_id IN %s")
            params.append(tuple(scope["companies"]) or (0,))
        for name, column in (("team_id", "team_id"), ("user_id", "user_id"), ("lead_type", "monitor_lead_type"),
                             ("source_id", "monitor_source_id"), ("customer_group", "monitor_customer_group")):
            if values[name]:
                conditions.append("moment.%s = %%s" % column)
                params.append(values[name])
        return " AND ".join(conditions), params

    def _monitor_moments_rollup(self, level, values, keys):
        months, day_ranges = monitor.split_months(values["date_from"], values["date_to"])
        key = ROW_KEYS[level]
        conditions, params = ["%s IN %%s" % key], [tuple(keys)]
        companies = self._rule_scope("presales.contact.moment", values)["companies"]
        if companies is not None:
            conditions.append("company_id IN %s")
            params.append(tuple(companies) or (0,))
        for name, column in (("team_id", "team_id"), ("user_id", "user_id"), ("lead_type", "monitor_lead_type"),
                             ("source_id", "monitor_source_id"), ("customer_group", "monitor_customer_group")):
            if values[name]:
                conditions.append("%s = %%s" % column)
                params.append(values[name])
        where = " AND ".join(conditions)
        by_user = level == "staff" or values["user_id"]
        dims = self._has_dims(values)
        month_table = ("sales_monitor_moment_month_dims" if dims else
                       "sales_monitor_moment_month_user" if by_user else "sales_monitor_moment_month_team")
        day_table = "sales_monitor_moment_day_dims" if dims else "sales_monitor_moment_day_team"
        parts, all_params = [], []
        if months:
            parts.append("SELECT %s, phase_id, moment_count FROM %s WHERE month IN %%s AND %s" % (
                key, month_table, where))
            all_params += [tuple(months)] + params
        for first, last in day_ranges:
            if by_user:
                start, end = monitor.period_bounds(first, last)
                parts.append("SELECT %s, phase_id, 1 FROM presales_contact_moment WHERE occurred_at >= %%s "
                             "AND occurred_at < %%s AND %s" % (key, where))
                all_params += [start, end] + params
            else:
                parts.append("SELECT %s, phase_id, moment_count FROM %s WHERE day BETWEEN %%s AND %%s AND %s"
                             % (key, day_table, where))
                all_params += [first, last] + params
        self.env.cr.execute("SELECT %s, phase_id, sum(moment_count)::integer FROM (%s) counted (%s, phase_id, "
                            "moment_count) GROUP BY 1, 2" % (key, " UNION ALL ".join(parts), key), all_params)
        return self._nest(self.env.cr.fetchall())

    @staticmethod
    def _nest(rows):
        nested = {}
        for row_id, phase_id, count in rows:
            per_phase = nested.setdefault(row_id, {})
            per_phase[phase_id] = per_phase.get(phase_id, 0) + count
        return nested

    def _lead_domain(self, level, values, keys):
        domain = [(LEAD_ROW_KEYS[level], "in", keys)] + self._lead_dims(values)
        if values["team_id"]:
            domain.append(("team_id", "=", values["team_id"]))
        if values["user_id"]:
            domain.append(("user_id", "=", values["user_id"]))
        return domain

    def _monitor_customers(self, level, values, keys):
        """{row id: {phase id: sales ups whose current phase it is, last moment in the period}}."""
        if self._use_lead_rollups(level, values):
            return self._nest(self._lead_rollup_counts("phase", "monitor_last_moment_at", values, keys))
        start, end = monitor.period_bounds(values["date_from"], values["date_to"])
        domain = self._lead_domain(level, values, keys) + [
            ("monitor_last_moment_at", ">=", fields.Datetime.to_string(start)),
            ("monitor_last_moment_at", "<", fields.Datetime.to_string(end))]
        from_clause, where, params = self._rule_query("crm.lead", domain, active_test=False)
        self.env.cr.execute("SELECT crm_lead.%s, crm_lead.monitor_phase_id, count(*) FROM %s WHERE %s GROUP BY 1, 2"
                            % (LEAD_ROW_KEYS[level], from_clause, where), params)
        return self._nest(self.env.cr.fetchall())

    def _monitor_open(self, level, values, keys):
        """{row id: (potential, potential by gut feel, urgent sales ups)} of the open sales ups."""
        stages = self.env["crm.stage"].sudo().search_read([], ["probability"])
        if self._use_lead_rollups(level, values):
            probability = {stage["id"]: stage["probability"] or 0 for stage in stages}
            conditions, params = self._lead_rollup_where(values, keys)
            self.env.cr.execute("SELECT team_id, stage_id, revenue, revenue_gut, urgent FROM %s WHERE %s" % (
                LEAD_ROLLUPS[("open", self._has_dims(values))], conditions), params)
            figures = {}
            for team_id, stage_id, revenue, revenue_gut, urgent in self.env.cr.fetchall():
                potential, potential_gut, count = figures.get(team_id, (0.0, 0.0, 0))
                figures[team_id] = (potential + float(revenue) * probability.get(stage_id, 0) / 100.0,
                                    potential_gut + float(revenue_gut), count + urgent)
            return figures
        domain = self._lead_domain(level, values, keys) + lifecycle.domain(lifecycle.OPEN)
        from_clause, where, params = self._rule_query("crm.lead", domain)
        # the stage probabilities as a CASE: a handful of stages, and no join beside the rules' tables
        stage_case = "CASE crm_lead.stage_id %s ELSE 0 END" % " ".join(
            "WHEN %d THEN %f" % (stage["id"], stage["probability"] or 0) for stage in stages) if stages else "0"
        self.env.cr.execute("""
            SELECT crm_lead.%s,
                   sum(coalesce(crm_lead.planned_revenue, 0) * %s / 100.0),
                   sum(coalesce(crm_lead.planned_revenue, 0) * coalesce(crm_lead.gut_probability, 0) / 100.0),
                   count(*) FILTER (WHERE crm_lead.monitor_urgent)
              FROM %s WHERE %s GROUP BY 1""" % (LEAD_ROW_KEYS[level], stage_case, from_clause, where), params)
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _monitor_cohort(self, level, values, keys):
        """{row id: ([sales ups reaching each step], median speed to lead, {speed band: sales ups})}
        of the sales ups that came in during the period (lib/monitor.speed_band)."""
        if self._use_lead_rollups(level, values):
            return self._monitor_cohort_rollup(values, keys)
        start, end = monitor.period_bounds(values["date_from"], values["date_to"])
        domain = self._lead_domain(level, values, keys) + [
            ("lead_date", ">=", fields.Datetime.to_string(start)), ("lead_date", "<", fields.Datetime.to_string(end))]
        from_clause, where, params = self._rule_query("crm.lead", domain, active_test=False)
        steps = ", ".join("count(*) FILTER (WHERE crm_lead.monitor_furthest_step >= %d)" % number
                          for number in range(1, len(monitor.STEP_CODES) + 1))
        band = computed_key("speed_band", "crm_lead.")
        band_count = len(monitor.WITHIN_MINUTES) + 2
        bands = ", ".join("count(*) FILTER (WHERE %s = %d)" % (band, number) for number in range(band_count))
        self.env.cr.execute("""
            SELECT crm_lead.%s, %s,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY crm_lead.first_response_minutes), %s
              FROM %s WHERE %s GROUP BY 1""" % (LEAD_ROW_KEYS[level], steps, bands, from_clause, where), params)
        steps_end = 1 + len(monitor.STEP_CODES)
        cohort = {row[0]: (list(row[1:steps_end]), row[steps_end],
                           {number: count for number, count in enumerate(row[steps_end + 1:]) if count}, {})
                  for row in self.env.cr.fetchall()}
        self.env.cr.execute("SELECT crm_lead.%s, %s, count(*) FROM %s WHERE %s GROUP BY 1, 2" % (
            LEAD_ROW_KEYS[level], computed_key("process_flags", "crm_lead."), from_clause, where), params)
        for row_id, flags, count in self.env.cr.fetchall():
            cohort[row_id][3][flags] = count
        return cohort

    # ---- level 1 from the sales-up rollups (see sales_monitor_rollup.LEAD_ROLLUPS) ----

    def _lead_rollup_where(self, values, keys, alias=""):
        """WHERE over a sales-up rollup or crm_lead (same column names) for the rows and filters."""
        conditions, params = ["%steam_id IN %%s" % alias], [tuple(keys)]
        for name, column in (("team_id", "team_id"), ("lead_type", "lead_type"), ("source_id", "source_id"),
                             ("customer_group", "monitor_customer_group")):
            if values[name]:
                conditions.append("%s%s = %%s" % (alias, column))
                params.append(values[name])
        return " AND ".join(conditions), params

    def _lead_rollup_counts(self, measure, time_column, values, keys, group="team_id"):
        """[(team, key, sales ups)] of a sales-up rollup over the period: its whole months from
        the rollup, the loose days at the ends from crm_lead (a branch's sales ups are each in one
        month and one day, so the sum is exact). group="source_id": per lead source instead (0:
        none), from the rollup with the filter dimensions."""
        months, day_ranges = monitor.split_months(values["date_from"], values["date_to"])
        table = LEAD_ROLLUPS[(measure, self._has_dims(values) or group != "team_id")]
        key = {"phase": "monitor_phase_id", "step": "monitor_furthest_step", "speed": "speed_bucket",
               "band": "speed_band", "process": "process_flags"}[measure]
        where, params = self._lead_rollup_where(values, keys)
        raw_where, raw_params = self._lead_rollup_where(values, keys, "crm_lead.")
        raw_key = computed_key(key, "crm_lead.") or "coalesce(crm_lead.%s, 0)" % key
        parts, all_params = [], []
        raw_group = "coalesce(crm_lead.%s, 0)" % group
        if months:
            parts.append("SELECT %s, %s, lead_count FROM %s WHERE month IN %%s AND %s" % (group, key, table, where))
            all_params += [tuple(months)] + params
        for first, last in day_ranges:
            start, end = monitor.period_bounds(first, last)
            parts.append(
                "SELECT %s, %s, 1 FROM crm_lead WHERE crm_lead.%s >= %%s AND crm_lead.%s < %%s AND %s%s"
                % (raw_group, raw_key, time_column, time_column, raw_where,
                   " AND crm_lead.first_response_minutes IS NOT NULL" if measure == "speed" else ""))
            all_params += [start, end] + raw_params
        self.env.cr.execute("SELECT team_id, row_key, sum(lead_count)::integer FROM (%s) counted (team_id, row_key, "
                            "lead_count) GROUP BY 1, 2" % " UNION ALL ".join(parts), all_params)
        return self.env.cr.fetchall()

    def _monitor_cohort_rollup(self, values, keys):
        """The cohort per branch from the rollups: steps from the furthest-step counts, the exact
        median speed to lead from the histogram of first-response buckets and the minutes of the
        one or two buckets that hold the middle (lib/monitor.histogram_median)."""
        steps = {}
        for team_id, furthest, count in self._lead_rollup_counts("step", "lead_date", values, keys):
            counts = steps.setdefault(team_id, [0] * len(monitor.STEP_CODES))
            for number in range(1, min(furthest, len(monitor.STEP_CODES)) + 1):
                counts[number - 1] += count
        histograms = {}
        for team_id, bucket, count in self._lead_rollup_counts("speed", "lead_date", values, keys):
            histograms.setdefault(team_id, {})[bucket] = count
        wanted = [(team_id, bucket) for team_id, histogram in histograms.items()
                  for bucket in monitor.median_buckets(histogram)]
        minutes = {}
        if wanted:
            start, end = monitor.period_bounds(values["date_from"], values["date_to"])
            where, params = self._lead_rollup_where(values, keys, "crm_lead.")
            bucket = SPEED_BUCKET.replace("first_response_minutes", "crm_lead.first_response_minutes")
            self.env.cr.execute("""
                SELECT crm_lead.team_id, %s, array_agg(crm_lead.first_response_minutes
                                                       ORDER BY crm_lead.first_response_minutes)
                  FROM crm_lead JOIN (VALUES %s) wanted (team_id, bucket)
                    ON crm_lead.team_id = wanted.team_id AND %s = wanted.bucket
                 WHERE crm_lead.lead_date >= %%s AND crm_lead.lead_date < %%s
                   AND crm_lead.first_response_minutes IS NOT NULL AND %s
                 GROUP BY 1, 2""" % (bucket, ", ".join(["(%s, %s)"] * len(wanted)), bucket, where),
                                [value for pair in wanted for value in pair] + [start, end] + params)
            for team_id, bucket_number, values_in in self.env.cr.fetchall():
                minutes.setdefault(team_id, {})[bucket_number] = values_in
        bands = {}
        for team_id, band, count in self._lead_rollup_counts("band", "lead_date", values, keys):
            bands.setdefault(team_id, {})[band] = count
        process = {}
        for team_id, flags, count in self._lead_rollup_counts("process", "lead_date", values, keys):
            process.setdefault(team_id, {})[flags] = count
        cohort = {}
        for team_id in set(steps) | set(histograms) | set(bands):
            histogram = histograms.get(team_id, {})
            speed = monitor.histogram_median(histogram, minutes.get(team_id, {})) if histogram else None
            cohort[team_id] = (steps.get(team_id, [0] * len(monitor.STEP_CODES)), speed, bands.get(team_id, {}),
                               process.get(team_id, {}))
        return cohort

    # ---- level 3 and level 2 extras ----

    def _monitor_customer_details(self, rows):
        leads = self.env["crm.lead"].with_context(active_test=False).browse([row["id"] for row in rows])
        self.env.cr.execute(
            "SELECT res_id, min(date_deadline) FROM mail_activity WHERE res_model = 'crm.lead' AND res_id IN %s "
            "GROUP BY res_id", (tuple(leads.ids),))
        next_activity = dict(self.env.cr.fetchall())
        # the columns shown, read for the whole batch (going through the records would prefetch
        # every column of every sales up: seconds for a salesperson's few hundred)
        details = {lead["id"]: lead for lead in leads.read(
            ["name", "monitor_phase_id", "monitor_phase_since", "monitor_last_moment_at", "monitor_urgency"],
            load="_classic_write")}
        # the reasons in words as crm.lead's monitor_urgency_reasons says them, from the stored codes
        # (the computed field would fetch each sales up whole)
        hot_days, offer_days = self._urgency_days()
        phases = self.env[leads._fields["monitor_phase_id"].comodel_name].browse(
            {lead["monitor_phase_id"] for lead in details.values() if lead["monitor_phase_id"]})
        codes = {phase["id"]: phase["code"] for phase in phases.read(["code"])}
        for row in rows:
            lead = details[row["id"]]
            row.update({
                "sales_up": lead["name"],
                "phase": codes.get(lead["monitor_phase_id"]) or False,
                "phase_since": lead["monitor_phase_since"],
                "last_activity": lead["monitor_last_moment_at"],
                "next_activity": next_activity.get(row["id"]) or False,
                "reasons": monitor.reasons_in_words((lead["monitor_urgency"] or "").split(","), hot_days, offer_days),
            })

    def _monitor_benchmark(self, result, values):
        """Branch and group averages beside each salesperson, and a rank by agreements."""
        rows = result["rows"]
        codes = [phase["code"] for phase in result["phases"]]

        def average(figures):
            count = len(figures) or 1
            return {code: round(sum(figure.get(code, 0) for figure in figures) / count, 1) for code in codes}

        result["branch_average"] = {"moments": average([row["moments"] for row in rows])}
        group = self.sudo()._monitor_group_moments(values)
        result["group_average"] = {"moments": {
            code: round(group["totals"].get(code, 0) / (group["people"] or 1), 1) for code in codes}}
        agreements = [row["conversion"]["counts"]["agreement"] for row in rows]
        for row, position in zip(rows, monitor.rank(agreements)):
            row["rank"] = position
        self._monitor_targets(rows, values)
        self._monitor_channels(rows, values)
        self._monitor_discipline(rows, values)

    def _monitor_discipline(self, rows, values):
        """Sold in the DMS, never in the CRM, per salesperson: the DMS's sales agreements and vehicle
        deliveries of the period (each step's first phase) whose sales up is not won in the CRM or
        that have none (`dms_sales_not_in_crm`), and the sales ups won in the CRM more than a day
        after the DMS reported the sale (`deals_logged_late`). Read through the moments' rules;
        a sale matched to its sales up later (reconciliation) leaves the first count by itself."""
        vocabulary = self.env["presales.funnel.vocabulary"].get()
        sold = [vocabulary.entry_phase(step) for step in ("agreement", "delivery") if vocabulary.entry_phase(step)]
        start, end = monitor.period_bounds(values["date_from"], values["date_to"])
        domain = [("user_id", "in", [row["id"] for row in rows]), ("origin", "=", "dms"),
                  ("phase_id.code", "in", sold), ("occurred_at", ">=", fields.Datetime.to_string(start)),
                  ("occurred_at", "<", fields.Datetime.to_string(end))]
        from_clause, where, params = self._rule_query("presales.contact.moment", domain)
        won = lifecycle.sql_predicate(lifecycle.WON, "sold_lead")
        self.env.cr.execute("""
            SELECT presales_contact_moment.user_id,
                   count(*) FILTER (WHERE sold_lead.id IS NULL OR NOT %s),
                   count(DISTINCT sold_lead.id) FILTER (
                       WHERE %s AND sold_lead.date_closed > presales_contact_moment.occurred_at + interval '1 day')
              FROM %s LEFT JOIN crm_lead sold_lead ON sold_lead.id = presales_contact_moment.lead_id
             WHERE %s GROUP BY 1""" % (won, won, from_clause, where), params)
        figures = {user_id: (missing, late) for user_id, missing, late in self.env.cr.fetchall()}
        for row in rows:
            row["dms_sales_not_in_crm"], row["deals_logged_late"] = figures.get(row["id"], (0, 0))

    def _monitor_targets(self, rows, values):
        """Each salesperson's targets for the months of the period beside what they achieved."""
        groups = self.env["sales_monitor.target"].read_group(
            [("user_id", "in", [row["id"] for row in rows]),
             ("month", ">=", fields.Date.to_string(values["date_from"].replace(day=1))),
             ("month", "<=", fields.Date.to_string(values["date_to"]))],
            ["user_id", "leads", "test_drives", "agreements", "deliveries"], ["user_id"])
        targets = {group["user_id"][0]: group for group in groups}
        # a step is entered by its first phase (lib/funnel.Vocabulary.entry_phase): its moments are done
        vocabulary = self.env["presales.funnel.vocabulary"].get()
        entry = {step: vocabulary.entry_phase(step) for step in ("test_drive", "agreement", "delivery")}
        for row in rows:
            actual = {"leads": row["conversion"]["counts"]["lead"],
                      "test_drives": row["moments"].get(entry["test_drive"], 0),
                      "agreements": row["moments"].get(entry["agreement"], 0),
                      "deliveries": row["moments"].get(entry["delivery"], 0)}
            target = targets.get(row["id"], {})
            row["targets"] = {
                name: {"target": target.get(name) or 0, "actual": done,
                       "achievement": round(100.0 * done / target[name], 1) if target.get(name) else None}
                for name, done in actual.items()}

    def _monitor_channels(self, rows, values):
        """Success rate per channel (lead type): of the sales ups that came in during the period,
        the share that reached an agreement."""
        start, end = monitor.period_bounds(values["date_from"], values["date_to"])
        domain = self._lead_domain("staff", values, [row["id"] for row in rows]) + [
            ("lead_date", ">=", fields.Datetime.to_string(start)), ("lead_date", "<", fields.Datetime.to_string(end))]
        from_clause, where, params = self._rule_query("crm.lead", domain, active_test=False)
        self.env.cr.execute("""
            SELECT crm_lead.user_id, crm_lead.lead_type, count(*),
                   count(*) FILTER (WHERE crm_lead.monitor_furthest_step >= %%s)
              FROM %s WHERE %s GROUP BY 1, 2""" % (from_clause, where),
                            [funnel.STEP_NUMBER["agreement"]] + params)
        channels = {}
        for user_id, lead_type, leads, agreements in self.env.cr.fetchall():
            channels.setdefault(user_id, {})[lead_type or "unknown"] = {
                "leads": leads, "agreements": agreements, "rate": round(100.0 * agreements / leads, 1)}
        for row in rows:
            row["channels"] = channels.get(row["id"], {})

    def _monitor_group_moments(self, values):
        """Moments per phase code over the whole group and its number of salespeople: an
        average, never a record, so it is read from the rollups with superuser rights for every
        role (the group's branches, the period's months and loose days)."""
        teams = self.env["crm.team"].sudo().search([])
        group_values = dict(values, team_id=None, user_id=None, lead_type=None, source_id=None, customer_group=None)
        group_values.pop("_rules", None)
        counts = self.with_context(sales_monitor_no_rollup=False)._monitor_moments_rollup(
            "branches", group_values, teams.ids) if teams else {}
        codes = dict((phase.id, phase.code) for phase in self.env["presales.funnel.phase"].search([]))
        totals = {}
        for per_phase in counts.values():
            for phase_id, count in per_phase.items():
                totals[codes.get(phase_id)] = totals.get(codes.get(phase_id), 0) + count
        people = self.env["res.users"].search_count([("sale_team_id", "in", teams.ids)])
        return {"totals": totals, "people": people}

    @api.model
    def _monitor_benchmarks(self):
        """{rate code: %} the director set in Settings (lib/monitor.PROCESS_RATES gives the defaults)."""
        params = self.env["ir.config_parameter"].sudo()
        benchmarks = {}
        for code, _label, default in monitor.PROCESS_RATES:
            try:
                benchmarks[code] = float(params.get_param(BENCHMARK_PARAM % code) or default)
            except ValueError:
                benchmarks[code] = float(default)
        return benchmarks

    @api.model
    def _urgency_days(self):
        params = self.env["ir.config_parameter"].sudo()

        def days(key, default):
            try:
                return max(1, int(params.get_param(key) or default))
            except ValueError:
                return default
        return (days(HOT_DAYS_PARAM, monitor.DEFAULT_HOT_NO_TEST_DRIVE_DAYS),
                days(OFFER_DAYS_PARAM, monitor.DEFAULT_OFFER_FOLLOW_UP_DAYS))

    # ---- the screen: where a role lands, and the records behind a number ----

    @api.model
    def monitor_landing(self):
        """The level and filters the screen opens on for the caller, and the filter choices."""
        role = self._monitor_role()
        if role == "director":
            level, filters = "branches", {}
        elif role == "manager":
            teams = self._monitor_teams()
            team = self.env.user.sale_team_id if self.env.user.sale_team_id in teams else teams[:1]
            level, filters = "staff", {"team_id": team.id}
        else:
            level, filters = "customers", {"user_id": self.env.uid}
        selections = self.env["crm.lead"].fields_get(["lead_type", "monitor_customer_group"], ["selection"])
        return {
            "level": level,
            "filters": filters,
            "role": role,
            # the selections' labels in the user's language (fields_get translates them)
            "lead_types": [list(item) for item in selections["lead_type"]["selection"]],
            "customer_groups": [list(item) for item in selections["monitor_customer_group"]["selection"]] + [
                [category.id, category.name] for category in self.env["res.partner.category"].search([])],
            "sources": [[source.id, source.name] for source in self.env["utm.source"].search([])],
        }

    @api.model
    def monitor_records(self, level, row_id, measure, phase_code=None, **filters):
        """The window action listing the records behind one number of the screen (list, pivot,
        graph). The records are read with the caller's rights, so the list holds what the
        number counted and nothing the caller may not see."""
        today = monitor.today()
        try:
            values = monitor.parse_filters(level, filters, today)
        except monitor.InvalidFilter as error:
            raise UserError(_("Sales monitor: %s.") % error)
        start, end = [fields.Datetime.to_string(bound) for bound in
                      monitor.period_bounds(values["date_from"], values["date_to"])]
        phase = self.env["presales.funnel.phase"].search([("code", "=", phase_code)], limit=1) if phase_code else None
        context = {"active_test": False}
        if measure == "moments":
            model = "presales.contact.moment"
            domain = [(ROW_KEYS[level], "=", row_id), ("occurred_at", ">=", start), ("occurred_at", "<", end)]
            domain += self._moment_dims(values)
            if phase:
                domain.append(("phase_id", "=", phase.id))
        elif measure in ("customers", "potential", "urgent"):
            model = "crm.lead"
            domain = [(LEAD_ROW_KEYS[level], "=", row_id)] + self._lead_dims(values)
            if measure == "customers":
                domain += [("monitor_last_moment_at", ">=", start), ("monitor_last_moment_at", "<", end)]
                if phase:
                    domain.append(("monitor_phase_id", "=", phase.id))
            else:
                context = {}
                domain += lifecycle.domain(lifecycle.OPEN)
                if measure == "urgent":
                    domain.append(("monitor_urgent", "=", True))
        else:
            raise UserError(_("Sales monitor: measure %r is unknown; use moments, customers, potential or "
                              "urgent.") % (measure,))
        for name in ("team_id", "user_id"):
            if values[name]:
                domain.append((name, "=", values[name]))
        return {
            "type": "ir.actions.act_window",
            "name": _("%s: %s") % (self.env[model]._description, phase.name if phase else measure),
            "res_model": model,
            "views": [(False, "list"), (False, "pivot"), (False, "graph"), (False, "form")],
            "domain": domain,
            "context": context,
            "target": "current",
        }
