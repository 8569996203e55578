import datetime

from ..lib import monitor
from ..models.sales_monitor_rollup import LEAD_ROLLUPS, ROLLUPS, SPEED_BAND, SPEED_BUCKET
from .common import MonitorCase

PERIODS = ({"date_from": "2026-03-01", "date_to": "2026-03-31"}, {"date_from": "2026-02-15", "date_to": "2026-04-10"},
           {"date_from": "2026-03-02", "date_to": "2026-03-15"}, {"date_from": "2025-01-01", "date_to": "2026-12-31"})


class TestMonitorLeadRollups(MonitorCase):
    """Level 1's sales-up figures from the rollups against the rule-filtered queries, per role."""

    def _figures(self, user, rollup=True, **filters):
        Monitor = self.env["sales.monitor"].sudo(user).with_context(sales_monitor_no_rollup=not rollup)
        return {row["id"]: {name: row[name] for name in ("moments", "customers", "potential", "potential_gut",
                                                         "urgent", "conversion", "speed_to_lead_minutes")}
                for row in Monitor.monitor_data("branches", **filters)["rows"]}

    def _snapshot(self):
        tables = sorted(LEAD_ROLLUPS.values()) + [rollup[0] for rollup in ROLLUPS]
        snapshot = {}
        for table in tables:
            self.env.cr.execute("SELECT * FROM %s" % table)  # pylint: disable=sql-injection
            snapshot[table] = sorted(self.env.cr.fetchall())
        return snapshot

    def test_director_reads_the_rollups_and_gets_what_the_rules_give(self):
        Monitor = self.env["sales.monitor"].sudo(self.director)
        self.assertTrue(Monitor._use_lead_rollups("branches", monitor.parse_filters("branches", {}, self.today())))
        for period in PERIODS:
            for filters in ({}, {"lead_type": "web"}, {"customer_group": "business"}, {"source_id": self.source.id},
                            {"lead_type": "importer", "customer_group": "business"}, {"team_id": self.branch_a.id}):
                filters = dict(filters, **period)
                self.assertEqual(self._figures(self.director, **filters),
                                 self._figures(self.director, rollup=False, **filters), filters)
        # hand-checked, March (test_monitor_data counts the same through the rules): branch A has
        # L1 (offer made) and L2 (follow-up) current, 12,000 + 20,000 potential, L1 and L2 urgent,
        # three sales ups came in with first responses of 30, 120 and 4,440 minutes
        branch_a = self._figures(self.director, date_from="2026-03-01", date_to="2026-03-31")[self.branch_a.id]
        self.assertEqual(self._nonzero(branch_a["customers"]), {"offer_made": 1, "lead_follow_up": 1})
        self.assertEqual((branch_a["potential"], branch_a["potential_gut"], branch_a["urgent"]),
                         (32000, 25000, 2))
        self.assertEqual(branch_a["conversion"]["counts"],
                         {"lead": 3, "test_drive": 2, "offer": 2, "agreement": 1, "delivery": 0})
        self.assertEqual(branch_a["speed_to_lead_minutes"], 120)
        # loose days, 15 February to 10 April: L3's planned delivery (2 April) is its last moment
        branch_a = self._figures(self.director, date_from="2026-02-15", date_to="2026-04-10")[self.branch_a.id]
        self.assertEqual(self._nonzero(branch_a["customers"]),
                         {"offer_made": 1, "lead_follow_up": 1, "planned_delivery": 1})

    def test_manager_and_salesperson_go_through_their_rules(self):
        for user in (self.manager_a, self.sales_a):
            Monitor = self.env["sales.monitor"].sudo(user)
            self.assertFalse(Monitor._use_lead_rollups("branches", monitor.parse_filters("branches", {}, self.today())))
        # hand-checked: the manager sees all of branch A, sales_a only L1 and L2
        branch_a = self._figures(self.manager_a, **self.march)[self.branch_a.id]
        self.assertEqual((branch_a["potential"], branch_a["urgent"]), (32000, 2))
        self.assertEqual(branch_a["conversion"]["counts"]["lead"], 3)
        own = self._figures(self.sales_a, **self.march)[self.branch_a.id]
        self.assertEqual((own["potential"], own["urgent"], own["conversion"]["counts"]["lead"]), (32000, 2, 2))
        self.assertEqual(own["speed_to_lead_minutes"], 75)

    def test_moment_fast_path_equals_the_rules_per_role(self):
        # a moment without a sales up in branch A (the branch manager's rule grants it, and
        # sales_a's through the customer's salesperson), and one of L4 (branch B) booked on
        # branch A: its sales up's branch decides, nobody of branch A sees it
        self.customer_a.user_id = self.sales_a
        self.env["presales.contact.moment"].create({
            "kind": "call", "summary": "No sales up", "partner_id": self.customer_a.id, "user_id": self.sales_a.id,
            "team_id": self.branch_a.id, "occurred_at": "2026-03-20 10:00:00"})
        self._moment(self.l4, "call", "2026-03-21 10:00:00", user=self.sales_a).sudo().write(
            {"team_id": self.branch_a.id})
        for user in (self.manager_a, self.sales_a, self.sales_a2, self.sales_b):
            Monitor = self.env["sales.monitor"].sudo(user)
            self.assertTrue(Monitor._rule_scope("presales.contact.moment")["lead_sql"], user.login)
            for level in ("branches", "staff"):
                for period in PERIODS[:2]:
                    fast = Monitor.monitor_data(level, **period)["rows"]
                    ruled = Monitor.with_context(sales_monitor_no_rollup=True).monitor_data(level, **period)["rows"]
                    self.assertEqual([row["moments"] for row in fast], [row["moments"] for row in ruled],
                                     (user.login, level, period))
        # hand-checked, March: branch A's 9 moments and the one without a sales up; not L4's
        rows = self._rows(self.manager_a, "branches", **self.march)
        self.assertEqual(sum(rows[self.branch_a.id]["moments"].values()), 9 + 1)
        self.assertEqual(rows[self.branch_a.id]["moments"]["lead_follow_up"], 2 + 1)
        # sales_a: L1 and L2 (6 moments) and the customer's moment
        rows = self._rows(self.sales_a, "branches", **self.march)
        self.assertEqual(sum(rows[self.branch_a.id]["moments"].values()), 6 + 1)
        # the director counts all eleven on branch A
        rows = self._rows(self.director, "branches", **self.march)
        self.assertEqual(sum(rows[self.branch_a.id]["moments"].values()), 9 + 2)

    def test_a_rule_the_rollups_cannot_apply_sends_the_director_through_the_rules(self):
        self.env["ir.rule"].create({
            "name": "Test: no importer sales ups", "model_id": self.env.ref("crm.model_crm_lead").id,
            "domain_force": "[('lead_type', '!=', 'importer')]"})
        Monitor = self.env["sales.monitor"].sudo(self.director)
        self.assertFalse(Monitor._use_lead_rollups("branches", monitor.parse_filters("branches", {}, self.today())))
        # and a moment rule that is no OR of sales-up leaves sends a salesperson through the rules
        self.env["ir.rule"].create({
            "name": "Test: no importer moments", "model_id": self.env.ref(
                "automotive_presales.model_presales_contact_moment").id,
            "groups": [(4, self.env.ref("automotive_presales.group_salesperson").id)],
            "domain_force": "[('kind', '!=', 'lead')]"})
        self.assertIsNone(self.env["sales.monitor"].sudo(self.sales_a)._rule_scope(
            "presales.contact.moment")["lead_sql"])
        branch_a = self._figures(self.director, **self.march)[self.branch_a.id]
        # L2 (importer, 20,000 potential, follow-up) is hidden by the rule
        self.assertEqual(self._nonzero(branch_a["customers"]), {"offer_made": 1})
        self.assertEqual((branch_a["potential"], branch_a["urgent"]), (12000, 1))

    def test_rebuild_gives_what_the_triggers_built(self):
        # a small group generated in bulk SQL through the triggers: many-row statements that insert,
        # move, close and delete, as the DMS ingest and the bench generator write
        cr = self.env.cr
        phases = dict((phase.code, phase.id) for phase in self.env["presales.funnel.phase"].search([]))
        cr.execute("""
            INSERT INTO crm_lead (name, type, active, company_id, user_id, team_id, lead_type, lead_status, lead_date,
                                  planned_revenue, gut_probability, probability, stage_id, source_id,
                                  first_response_minutes, monitor_customer_group)
            SELECT 'Bulk ' || n, 'opportunity', true, %s, CASE WHEN n %% 2 = 0 THEN %s ELSE %s END,
                   CASE WHEN n %% 2 = 0 THEN %s ELSE %s END, (ARRAY['web', 'importer', 'call'])[1 + n %% 3],
                   'warm', timestamp '2026-01-01' + n * interval '2 days', 1000 * n, n, 20, %s,
                   CASE WHEN n %% 4 = 0 THEN %s END, CASE WHEN n %% 5 = 0 THEN NULL ELSE n * 37 %% 3000 END,
                   CASE WHEN n %% 3 = 0 THEN 'business' ELSE 'private' END
              FROM generate_series(1, 40) n RETURNING id""", (
            self.env.user.company_id.id, self.sales_a.id, self.sales_b.id, self.branch_a.id, self.branch_b.id,
            self.stage.id, self.source.id))
        lead_ids = [row[0] for row in cr.fetchall()]
        cr.execute("""
            INSERT INTO presales_contact_moment (occurred_at, kind, summary, user_id, team_id, lead_id, phase_id,
                                                 origin, company_id)
            SELECT lead.lead_date + step * interval '1 day', 'call', 'Bulk', lead.user_id, lead.team_id, lead.id,
                   (%s::integer[])[1 + (lead.id + step) %% 4], 'dms', lead.company_id
              FROM crm_lead lead CROSS JOIN generate_series(0, 4) step WHERE lead.id = ANY(%s)""", (
            [phases["lead_digital"], phases["test_drive"], phases["offer_made"], phases["sales_agreement"]], lead_ids))
        cr.execute("UPDATE crm_lead SET team_id = %s, lead_type = 'web' WHERE id = ANY(%s)",
                   (self.branch_b.id, lead_ids[:10]))
        cr.execute("UPDATE crm_lead SET active = false, probability = 0 WHERE id = ANY(%s)", (lead_ids[10:15],))
        cr.execute("UPDATE crm_lead SET probability = 100 WHERE id = ANY(%s)", (lead_ids[15:18],))
        cr.execute("DELETE FROM presales_contact_moment WHERE summary = 'Bulk' AND lead_id = ANY(%s) AND occurred_at > "
                   "(SELECT lead_date FROM crm_lead WHERE crm_lead.id = lead_id) + interval '2 days'",
                   (lead_ids[20:30],))
        cr.execute("DELETE FROM crm_lead WHERE id = ANY(%s)", (lead_ids[35:],))
        self.env["sales_monitor.rollup"].refresh_urgency()
        by_triggers = self._snapshot()
        self.assertTrue(by_triggers["sales_monitor_lead_speed"])
        self.env["sales_monitor.rollup"]._rebuild()
        self.assertEqual(self._snapshot(), by_triggers)

    def test_speed_bucket_sql_equals_the_python_rule(self):
        minutes = [0, 1, 3, 4, 15, 16, 35, 36, 99, 100, 120, 1439, 1440, 2880, 4440, 100000, -3]
        self.env.cr.execute("SELECT first_response_minutes, %s FROM unnest(%%s) first_response_minutes"
                            % SPEED_BUCKET, (minutes,))
        self.assertEqual(dict(self.env.cr.fetchall()), {value: monitor.speed_bucket(value) for value in minutes})

    def test_speed_band_sql_equals_the_python_rule(self):
        minutes = [None, 0, 1, 4, 5, 12, 29, 30, 31, 600]
        self.env.cr.execute("SELECT first_response_minutes, %s FROM unnest(%%s::integer[]) first_response_minutes"
                            % SPEED_BAND, (minutes,))
        self.assertEqual(dict(self.env.cr.fetchall()), {value: monitor.speed_band(value) for value in minutes})

    @staticmethod
    def today():
        return datetime.date.today()
