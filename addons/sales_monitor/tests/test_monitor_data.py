from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib import monitor
from .common import MonitorCase

# March 2026 in the dealer group's time zone, as the UTC datetimes stored
MARCH = [str(bound) for bound in monitor.period_bounds(date(2026, 3, 1), date(2026, 3, 31))]

BRANCH_A_MOMENTS = {"lead_digital": 1, "lead_importer": 1, "lead_showroom": 1, "lead_follow_up": 2,
                    "test_drive": 2, "offer_made": 1, "sales_agreement": 1}


class TestMonitorLevels(MonitorCase):

    def test_director_sees_each_branch_with_hand_counted_figures(self):
        data = self._data(self.director, "branches", **self.march)
        self.assertEqual([phase["code"] for phase in data["phases"]][:3],
                         ["lead_importer", "lead_digital", "lead_showroom"])
        rows = {row["id"]: row for row in data["rows"]}
        branch_a, branch_b = rows[self.branch_a.id], rows[self.branch_b.id]
        self.assertEqual(self._nonzero(branch_a["moments"]), BRANCH_A_MOMENTS)
        self.assertEqual(self._nonzero(branch_a["customers"]),
                         {"offer_made": 1, "lead_follow_up": 1})
        # L3's latest moment (planned delivery) is in April: not a March customer
        self.assertEqual(branch_a["potential"], 12000 + 20000)
        self.assertEqual(branch_a["potential_gut"], 15000 + 10000)
        self.assertEqual(branch_a["conversion"]["counts"],
                         {"lead": 3, "test_drive": 2, "offer": 2, "agreement": 1, "delivery": 0})
        self.assertEqual(branch_a["conversion"]["rates"]["test_drive"], 66.7)
        # first responses 30, 120 and 4440 minutes
        self.assertEqual(branch_a["speed_to_lead_minutes"], 120)
        self.assertEqual(self._nonzero(branch_b["moments"]), {"lead_digital": 1, "lost_order": 1})
        self.assertEqual(self._nonzero(branch_b["customers"]), {"lost_order": 1})
        self.assertEqual((branch_b["potential"], branch_b["urgent"]), (0, 0))
        # L4's only moment after the lead is its loss: no contact, so no speed to lead
        self.assertIsNone(branch_b["speed_to_lead_minutes"])
        self.assertEqual((branch_b["contacted_within_5_pct"], branch_b["contacted_within_30_pct"]), (0.0, 0.0))

    def test_april_counts_the_planned_delivery_and_its_customer(self):
        rows = self._rows(self.director, "branches", date_from="2026-04-01", date_to="2026-04-30")
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["moments"]), {"planned_delivery": 1})
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["customers"]), {"planned_delivery": 1})

    def test_urgent_counts_sales_ups_with_a_reason_and_level_3_says_why(self):
        rows = self._rows(self.director, "branches", **self.march)
        self.assertEqual(rows[self.branch_a.id]["urgent"], 2)
        customers = self._rows(self.sales_a, "customers", **self.march)
        self.assertEqual(set(customers), {self.l1.id, self.l2.id})
        self.assertIn("Offer not followed up within 5 days", customers[self.l1.id]["reasons"])
        self.assertIn("Hot lead without a test drive after 3 days", customers[self.l2.id]["reasons"])
        self.assertEqual(customers[self.l1.id]["phase"], "offer_made")
        self.assertEqual(customers[self.l1.id]["last_activity"], "2026-03-10 16:00:00")
        self.assertEqual(customers[self.l1.id]["potential"], 12000)
        self.assertEqual(self._nonzero(customers[self.l2.id]["moments"]),
                         {"lead_importer": 1, "lead_follow_up": 1})

    def test_staff_level_with_averages_and_rank(self):
        data = self._data(self.director, "staff", team_id=self.branch_a.id, **self.march)
        rows = {row["id"]: row for row in data["rows"]}
        self.assertEqual(sum(rows[self.sales_a.id]["moments"].values()), 6)
        self.assertEqual(self._nonzero(rows[self.sales_a2.id]["moments"]),
                         {"lead_showroom": 1, "test_drive": 1, "sales_agreement": 1})
        self.assertEqual((rows[self.sales_a2.id]["rank"], rows[self.sales_a.id]["rank"]), (1, 2))
        self.assertEqual(data["branch_average"]["moments"]["test_drive"],
                         round(2 / len(data["rows"]), 1))
        # the group average: every branch's March test drives over every branch's people
        teams = self.env["crm.team"].search([])
        people = self.env["res.users"].search_count([("sale_team_id", "in", teams.ids)])
        drives = self.env["presales.contact.moment"].search_count([
            ("phase_id.code", "=", "test_drive"), ("team_id", "in", teams.ids),
            ("occurred_at", ">=", MARCH[0]), ("occurred_at", "<", MARCH[1])])
        self.assertGreaterEqual(drives, 2, "the class's two test drives in branch A")
        self.assertEqual(data["group_average"]["moments"]["test_drive"], round(drives / people, 1))
        # an average, not a record: a salesperson's level 2 shows the same group figure
        own = self._data(self.sales_a, "staff", team_id=self.branch_a.id, **self.march)
        self.assertEqual(own["group_average"], data["group_average"])

    def test_filters_on_lead_origin_and_customer_group(self):
        rows = self._rows(self.director, "branches", lead_type="importer", **self.march)
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["moments"]), {"lead_importer": 1, "lead_follow_up": 1})
        self.assertEqual(rows[self.branch_a.id]["potential"], 20000)
        rows = self._rows(self.director, "branches", customer_group="business", **self.march)
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["customers"]), {"lead_follow_up": 1})
        rows = self._rows(self.director, "branches", customer_group="private", **self.march)
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["customers"]), {"offer_made": 1})

    def test_filters_on_a_partner_category_and_on_the_source(self):
        lease = self.env["res.partner.category"].create({"name": "Monitor: lease company"})
        self.fleet.category_id = lease
        rows = self._rows(self.director, "branches", customer_group=lease.id, **self.march)
        # only L2, the fleet company's sales up
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["moments"]), {"lead_importer": 1, "lead_follow_up": 1})
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["customers"]), {"lead_follow_up": 1})
        self.assertEqual(rows[self.branch_a.id]["potential"], 20000)
        self.assertEqual(sum(rows[self.branch_b.id]["moments"].values()), 0)
        # only L1, the car portal's sales up
        rows = self._rows(self.director, "branches", source_id=self.source.id, **self.march)
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["moments"]),
                         {"lead_digital": 1, "lead_follow_up": 1, "test_drive": 1, "offer_made": 1})
        self.assertEqual((rows[self.branch_a.id]["potential"], rows[self.branch_a.id]["potential_gut"]),
                         (12000, 15000))

    def test_bad_filters_are_refused_by_name(self):
        with self.assertRaisesRegex(UserError, "date_from .* after date_to"):
            self._data(self.director, "branches", date_from="2026-04-01", date_to="2026-03-01")
        with self.assertRaisesRegex(UserError, "filter colour is unknown"):
            self._data(self.director, "branches", colour="red")
        with self.assertRaisesRegex(UserError, "level 'region'"):
            self._data(self.director, "region")


class TestMonitorOwnership(MonitorCase):

    def test_branch_manager_sees_only_their_branch(self):
        rows = self._rows(self.manager_a, "branches", **self.march)
        self.assertEqual(set(rows), {self.branch_a.id})
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["moments"]), BRANCH_A_MOMENTS)
        staff = self._rows(self.manager_a, "staff", **self.march)
        self.assertIn(self.sales_a2.id, staff)
        self.assertNotIn(self.sales_b.id, staff)
        with self.assertRaises(AccessError):
            self._data(self.manager_a, "staff", team_id=self.branch_b.id, **self.march)
        with self.assertRaises(AccessError):
            self._data(self.manager_a, "customers", user_id=self.sales_b.id, **self.march)

    def test_salesperson_sees_only_their_own_figures(self):
        rows = self._rows(self.sales_a, "branches", **self.march)
        self.assertEqual(set(rows), {self.branch_a.id})
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["moments"]),
                         {"lead_digital": 1, "lead_importer": 1, "lead_follow_up": 2, "test_drive": 1,
                          "offer_made": 1})
        self.assertEqual(rows[self.branch_a.id]["conversion"]["counts"]["lead"], 2)
        self.assertEqual(set(self._rows(self.sales_a, "staff", **self.march)), {self.sales_a.id})
        with self.assertRaises(AccessError):
            self._data(self.sales_a, "customers", user_id=self.sales_a2.id, **self.march)
        with self.assertRaises(AccessError):
            self._data(self.sales_a, "branches", team_id=self.branch_b.id, **self.march)

    def test_a_colleague_or_another_branchs_salesperson_is_refused_on_every_level(self):
        asked = ((self.sales_a, self.sales_a2), (self.sales_b, self.sales_a), (self.manager_a, self.sales_b))
        for user, other in asked:
            for level in ("branches", "staff", "customers"):
                with self.subTest(user=user.login, level=level), self.assertRaises(AccessError):
                    self._data(user, level, user_id=other.id, **self.march)
        # their own figures and, for the manager, those of the branch's people stay open
        self.assertEqual(set(self._rows(self.sales_a, "staff", user_id=self.sales_a.id, **self.march)),
                         {self.sales_a.id})
        self.assertEqual(set(self._rows(self.manager_a, "staff", user_id=self.sales_a2.id, **self.march)),
                         {self.sales_a2.id})
        self.assertEqual(set(self._rows(self.director, "customers", user_id=self.sales_b.id, **self.march)),
                         {self.l4.id})

    def test_other_branch_salesperson_sees_nothing_of_branch_a(self):
        rows = self._rows(self.sales_b, "branches", **self.march)
        self.assertEqual(set(rows), {self.branch_b.id})
        self.assertEqual(sum(rows[self.branch_b.id]["moments"].values()), 2)
        self.assertEqual(set(self._rows(self.sales_b, "customers", **self.march)), {self.l4.id})

    def test_counts_match_what_the_orm_lets_each_role_read(self):
        for user in (self.sales_a, self.sales_a2, self.sales_b, self.manager_a, self.director):
            rows = self._data(user, "branches", **self.march)["rows"]
            moments = self.env["presales.contact.moment"].sudo(user).search_count([
                ("occurred_at", ">=", MARCH[0]), ("occurred_at", "<", MARCH[1]),
                ("team_id", "in", [row["id"] for row in rows])])
            self.assertEqual(sum(sum(row["moments"].values()) for row in rows), moments, user.login)


class TestMonitorDays(MonitorCase):

    def test_the_rollups_count_by_the_groups_day(self):
        """A call at 00:30 in Amsterdam on 1 April (22:30 UTC on 31 March) is April's and that day's:
        in the month and day rollups, in the raw count of a loose day, in the list behind a number."""
        late = self._moment(self.l2, "call", "2026-03-31 22:30:00")
        self._moment(self.l2, "call", "2026-03-31 21:30:00")  # 23:30 on 31 March in Amsterdam

        def calls(date_from, date_to):
            row = self._rows(self.director, "branches", date_from=date_from, date_to=date_to)[self.branch_a.id]
            return row["moments"]["lead_follow_up"]
        self.assertEqual(calls("2026-04-01", "2026-04-01"), 1, "the day rollup")
        self.assertEqual(calls("2026-03-31", "2026-03-31"), 1)
        self.assertEqual(calls("2026-04-01", "2026-04-30"), 1, "the month rollup")
        self.assertEqual(calls("2026-03-01", "2026-03-31"), BRANCH_A_MOMENTS["lead_follow_up"] + 1)
        self.assertEqual(calls("2026-03-31", "2026-04-30"), 2, "a loose day and a whole month")
        action = self.env["sales.monitor"].sudo(self.director).monitor_records(
            "branches", self.branch_a.id, "moments", phase_code="lead_follow_up",
            date_from="2026-04-01", date_to="2026-04-01")
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), late)
        # the rollups rebuilt from the moments count the same days as the triggers did
        self.env["sales_monitor.rollup"]._rebuild()
        self.assertEqual((calls("2026-04-01", "2026-04-01"), calls("2026-04-01", "2026-04-30")), (1, 1))


class TestMonitorRecords(MonitorCase):

    def test_every_number_opens_exactly_the_records_it_counts(self):
        Monitor = self.env["sales.monitor"].sudo(self.manager_a)
        row = self._rows(self.manager_a, "branches", **self.march)[self.branch_a.id]
        for measure, phase, expected in (("moments", "lead_follow_up", 2), ("customers", "offer_made", 1),
                                         ("potential", None, 2), ("urgent", None, row["urgent"])):
            action = Monitor.monitor_records("branches", self.branch_a.id, measure, phase_code=phase, **self.march)
            records = self.env[action["res_model"]].sudo(self.manager_a).with_context(
                **action["context"]).search(action["domain"])
            self.assertEqual(len(records), expected, measure)
            self.assertEqual([view for _id, view in action["views"]][:3], ["list", "pivot", "graph"])
        self.assertEqual(row["moments"]["lead_follow_up"], 2)
        # a salesperson's list holds only their own records, whatever the row asked for
        action = self.env["sales.monitor"].sudo(self.sales_a2).monitor_records(
            "branches", self.branch_a.id, "moments", **self.march)
        moments = self.env["presales.contact.moment"].sudo(self.sales_a2).search(action["domain"])
        self.assertEqual(set(moments.mapped("user_id")), {self.sales_a2})
        with self.assertRaisesRegex(UserError, "measure 'secrets'"):
            Monitor.monitor_records("branches", self.branch_a.id, "secrets", **self.march)

    def test_each_role_lands_on_its_own_level(self):
        Monitor = self.env["sales.monitor"]
        self.assertEqual(Monitor.sudo(self.director).monitor_landing()["level"], "branches")
        landing = Monitor.sudo(self.manager_a).monitor_landing()
        self.assertEqual((landing["level"], landing["filters"]), ("staff", {"team_id": self.branch_a.id}))
        landing = Monitor.sudo(self.sales_b).monitor_landing()
        self.assertEqual((landing["level"], landing["filters"]), ("customers", {"user_id": self.sales_b.id}))


class TestMonitorTargets(MonitorCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Target = cls.env["sales_monitor.target"]
        Target.create({"user_id": cls.sales_a.id, "month": "2026-03-17", "leads": 4, "test_drives": 2,
                       "agreements": 1, "deliveries": 1})
        Target.create({"user_id": cls.sales_a2.id, "month": "2026-03-01", "agreements": 2})
        Target.create({"user_id": cls.sales_b.id, "month": "2026-03-01", "agreements": 3})

    def test_staff_shows_achievement_against_the_monthly_targets(self):
        rows = self._rows(self.manager_a, "staff", **self.march)
        targets = rows[self.sales_a.id]["targets"]
        # sales_a: two sales ups came in (L1, L2), one test drive, no agreement in March
        self.assertEqual(targets["leads"], {"target": 4, "actual": 2, "achievement": 50.0})
        self.assertEqual(targets["test_drives"], {"target": 2, "actual": 1, "achievement": 50.0})
        self.assertEqual(targets["agreements"], {"target": 1, "actual": 0, "achievement": 0.0})
        self.assertEqual(rows[self.sales_a2.id]["targets"]["agreements"],
                         {"target": 2, "actual": 1, "achievement": 50.0})
        self.assertEqual(rows[self.manager_a.id]["targets"]["leads"]["achievement"], None)

    def test_success_rate_per_channel(self):
        rows = self._rows(self.manager_a, "staff", **self.march)
        self.assertEqual(rows[self.sales_a.id]["channels"], {
            "web": {"leads": 1, "agreements": 0, "rate": 0.0},
            "importer": {"leads": 1, "agreements": 0, "rate": 0.0}})
        self.assertEqual(rows[self.sales_a2.id]["channels"], {"walk_in": {"leads": 1, "agreements": 1, "rate": 100.0}})

    def test_targets_are_stored_per_month_and_seen_per_role(self):
        Target = self.env["sales_monitor.target"]
        self.assertEqual(Target.search([("user_id", "=", self.sales_a.id)]).month, "2026-03-01")
        self.assertEqual(Target.sudo(self.sales_a).search([]).mapped("user_id"), self.sales_a)
        self.assertEqual(Target.sudo(self.manager_a).search([]).mapped("user_id"), self.sales_a | self.sales_a2)
        with self.assertRaises(AccessError):
            Target.sudo(self.sales_a).create({"user_id": self.sales_a.id, "month": "2026-04-01", "leads": 9})
        with self.assertRaisesRegex(ValidationError, "Agreements cannot be negative"):
            Target.create({"user_id": self.sales_b.id, "month": "2026-05-01", "agreements": -1})

    def test_a_branch_manager_sets_the_targets_of_their_branch_only(self):
        Target = self.env["sales_monitor.target"].sudo(self.manager_a)
        target = Target.create({"user_id": self.sales_a.id, "month": "2026-06-01", "leads": 5})
        self.assertEqual(target.team_id, self.sales_a.sale_team_id)
        with self.assertRaisesRegex(ValidationError, "Leads handled cannot be negative"):
            Target.create({"user_id": self.sales_a2.id, "month": "2026-06-01", "leads": -1})
        with self.assertRaises(AccessError):
            Target.create({"user_id": self.sales_b.id, "month": "2026-06-01", "leads": 5})
