import datetime

from odoo import fields
from odoo.exceptions import ValidationError

from odoo.addons.automotive_presales.lib import lifecycle

from ..lib import monitor
from .common import MonitorCase


def _ago(**delta):
    return fields.Datetime.to_string(datetime.datetime.utcnow().replace(microsecond=0) - datetime.timedelta(**delta))


class TestMonitorStore(MonitorCase):
    """The stored state and rollups against the rules they repeat."""

    def test_rollups_give_the_same_counts_as_the_moments_for_any_period(self):
        Monitor = self.env["sales.monitor"].sudo(self.director)
        for date_from, date_to in (("2026-03-01", "2026-03-31"), ("2026-03-02", "2026-03-15"),
                                   ("2026-02-15", "2026-04-10"), ("2026-03-10", "2026-03-10"),
                                   ("2025-01-01", "2026-12-31")):
            for level, extra in (("branches", {}), ("staff", {"team_id": self.branch_a.id}),
                                 ("branches", {"user_id": self.sales_a.id}), ("branches", {"lead_type": "web"}),
                                 ("branches", {"customer_group": "business"}),
                                 ("branches", {"source_id": self.source.id, "customer_group": "private"})):
                filters = dict(extra, date_from=date_from, date_to=date_to)
                fast = Monitor.monitor_data(level, **filters)["rows"]
                raw = Monitor.with_context(sales_monitor_no_rollup=True).monitor_data(level, **filters)["rows"]
                self.assertEqual([row["moments"] for row in fast], [row["moments"] for row in raw],
                                 "%s %s %s" % (level, date_from, date_to))

    def test_a_sales_up_that_changes_origin_takes_its_moments_along(self):
        self.l1.write({"lead_type": "importer"})
        rows = self._rows(self.director, "branches", lead_type="importer", **self.march)
        self.assertEqual(sum(rows[self.branch_a.id]["moments"].values()), 2 + 4)
        rows = self._rows(self.director, "branches", lead_type="web", **self.march)
        self.assertEqual(sum(rows[self.branch_a.id]["moments"].values()), 0)
        self.l2.partner_id = self.customer_b
        rows = self._rows(self.director, "branches", customer_group="business", **self.march)
        self.assertEqual(sum(rows[self.branch_a.id]["moments"].values()), 0)

    def test_current_phase_and_furthest_step_follow_the_python_rule(self):
        for lead in (self.l1, self.l2, self.l3, self.l4):
            moments = lead.with_context(active_test=False).contact_moment_ids
            phase, since, last = monitor.current_phase(
                [(fields.Datetime.from_string(moment.occurred_at), moment.id, moment.phase_id.code)
                 for moment in moments])
            self.assertEqual((lead.monitor_phase_id.code, lead.monitor_phase_since, lead.monitor_last_moment_at),
                             (phase, fields.Datetime.to_string(since), fields.Datetime.to_string(last)), lead.name)
            vocabulary = self.env["presales.funnel.vocabulary"].get()
            self.assertEqual(lead.monitor_furthest_step,
                             monitor.furthest_step(moments.mapped("phase_id.code"), vocabulary.step_number))
        self.assertEqual((self.l1.monitor_phase_id.code, self.l1.monitor_furthest_step), ("offer_made", 3))
        self.assertEqual((self.l3.monitor_phase_id.code, self.l3.monitor_furthest_step), ("planned_delivery", 4))

    def test_dms_bulk_insert_updates_rollups_and_state_in_the_database(self):
        phase = self.env.ref("automotive_presales.phase_test_drive")
        self.env.cr.execute("""
            INSERT INTO presales_contact_moment (occurred_at, kind, summary, user_id, team_id, lead_id,
                                                 partner_id, phase_id, origin, company_id)
            VALUES ('2026-03-20 10:00:00', 'test_drive', 'DMS drive', %s, %s, %s, %s, %s, 'dms', %s),
                   ('2026-03-21 10:00:00', 'test_drive', 'DMS drive', %s, %s, %s, %s, %s, 'dms', %s)""",
                            (self.sales_a.id, self.branch_a.id, self.l2.id, self.fleet.id, phase.id,
                             self.env.user.company_id.id) * 2)
        self.l2.invalidate_cache()
        self.assertEqual((self.l2.monitor_phase_id, self.l2.monitor_phase_since), (phase, "2026-03-20 10:00:00"))
        self.assertEqual(self.l2.monitor_furthest_step, 2)
        self.assertNotIn("hot_no_test_drive", self.l2.monitor_urgency or "")
        rows = self._rows(self.director, "branches", **self.march)
        self.assertEqual(rows[self.branch_a.id]["moments"]["test_drive"], 4)
        self.assertEqual(self._nonzero(rows[self.branch_a.id]["customers"]), {"offer_made": 1, "test_drive": 1})
        # and a delete takes them out again
        self.env.cr.execute("DELETE FROM presales_contact_moment WHERE summary = 'DMS drive'")
        self.l2.invalidate_cache()
        self.assertEqual(self.l2.monitor_phase_id.code, "lead_follow_up")
        rows = self._rows(self.director, "branches", **self.march)
        self.assertEqual(rows[self.branch_a.id]["moments"]["test_drive"], 2)


class TestMonitorUrgency(MonitorCase):
    """Urgency computed in SQL for every sales up equals the reasons of lib/monitor.py."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # four finished stays in 'test drive' in branch B over the last 90 days: 2, 4, 6 and 8 days
        cls.recent = []
        for index, days in enumerate((2, 4, 6, 8)):
            lead = cls._lead("R%d" % index, cls.sales_b, cls.branch_b, "web", _ago(days=40), False, 1000, 10, "warm")
            cls._moment(lead, "test_drive", _ago(days=30))
            cls._moment(lead, "offer_sent", _ago(days=30 - days))
            cls.recent.append(lead)
        cls.slow = cls._lead("Slow", cls.sales_b, cls.branch_b, "web", _ago(days=20), False, 1000, 10, "warm")
        cls._moment(cls.slow, "test_drive", _ago(days=8))
        cls.quick = cls._lead("Quick", cls.sales_b, cls.branch_b, "web", _ago(days=20), False, 1000, 10, "warm")
        cls._moment(cls.quick, "test_drive", _ago(days=3))
        # purchase windows: starting in a week, in two months, passed, and one that ends in ten days
        today = datetime.date.today()
        cls.windows = {}
        for name, start, end in (("Week", 7, None), ("Months", 60, 90), ("Passed", -30, -3), ("Ends", None, 10)):
            lead = cls._lead(name, cls.sales_b, cls.branch_b, "web", _ago(days=1), False, 1000, 10, "warm")
            # a window typed in later, on a sales up whose expected closing nobody set (an import)
            lead.write({"purchase_timeframe_start": start is not None and fields.Date.to_string(
                today + datetime.timedelta(days=start)), "purchase_timeframe_end": end is not None and
                fields.Date.to_string(today + datetime.timedelta(days=end)), "date_deadline": False})
            cls.windows[name] = lead
        cls.late = cls._lead("Late", cls.sales_b, cls.branch_b, "call", _ago(days=2), False, 1000, 10, "warm")
        cls.env["mail.activity"].create({
            "res_model_id": cls.env.ref("crm.model_crm_lead").id, "res_id": cls.late.id,
            "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id, "summary": "Call back",
            "date_deadline": fields.Date.to_string(datetime.date.today() - datetime.timedelta(days=1)),
            "user_id": cls.sales_b.id})
        cls.env["sales_monitor.rollup"].refresh_stalled_limits()
        cls.env["sales_monitor.rollup"].refresh_urgency()

    def test_stalled_limit_is_the_75th_percentile_of_the_branch_phase_stays(self):
        limits = self.env["sales_monitor.rollup"].refresh_stalled_limits()
        test_drive = self.env.ref("automotive_presales.phase_test_drive")
        # stays of 2, 4, 6, 8 days: 75th percentile 6.5 days
        self.assertAlmostEqual(limits[(self.branch_b.id, test_drive.id)], 6.5 * 86400, delta=1)
        self.assertIn("stalled", self.slow.monitor_urgency)
        self.assertNotIn("stalled", self.quick.monitor_urgency or "")
        self.assertIn("overdue", self.late.monitor_urgency)
        self.assertEqual(self._rows(self.sales_b, "customers")[self.slow.id]["reasons"][-1][:8], "Stalled:")

    def test_a_customer_about_to_buy_without_an_offer_needs_attention(self):
        buying = {name: "buying_soon" in (lead.monitor_urgency or "") for name, lead in self.windows.items()}
        self.assertEqual(buying, {"Week": True, "Months": False, "Passed": False, "Ends": True})
        self._moment(self.windows["Week"], "offer_sent", _ago(hours=1))
        self.assertNotIn("buying_soon", self.windows["Week"].monitor_urgency or "")
        self.assertIn("Buys within 14 days (purchase window) and has no offer yet",
                      self._rows(self.sales_b, "customers")[self.windows["Ends"].id]["reasons"])
        # the forecast puts a sales up without expected closing in the month its window ends
        row = self.env["sales_monitor.opportunity.report"].search([("lead_id", "=", self.windows["Ends"].id)])
        self.assertEqual(row.forecast_date, self.windows["Ends"].purchase_timeframe_end)

    def test_sql_urgency_equals_the_python_rule_for_every_sales_up(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        limits = self.env["sales_monitor.rollup"].refresh_stalled_limits()
        Lead = self.env["crm.lead"].with_context(active_test=False)
        leads = Lead.search([("team_id", "in", (self.branch_a | self.branch_b).ids)])
        self.assertGreater(len(leads), 8)
        for lead in leads:
            activities = self.env["mail.activity"].search([("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)])
            deadlines = sorted(activities.mapped("date_deadline"))
            expected = monitor.urgency_reasons({
                "is_open": lifecycle.is_open(lead.active, lead.probability, lead.lead_status),
                "oldest_deadline": fields.Date.from_string(deadlines[0]) if deadlines else None,
                "needs_attention": lead.needs_attention,
                "lead_status": lead.lead_status,
                "lead_date": fields.Datetime.from_string(lead.lead_date),
                "furthest_step": lead.monitor_furthest_step,
                "awaits_follow_up": lead.monitor_phase_id.awaits_follow_up,
                "purchase_start": fields.Date.from_string(lead.purchase_timeframe_start),
                "purchase_end": fields.Date.from_string(lead.purchase_timeframe_end),
                "phase_since": fields.Datetime.from_string(lead.monitor_phase_since),
            }, now, monitor.today(now), stalled_limit=limits.get((lead.team_id.id, lead.monitor_phase_id.id)))
            self.assertEqual((lead.monitor_urgency or "").split(",") if lead.monitor_urgency else [], expected,
                             lead.name)

    def test_stalled_limits_equal_the_python_percentile(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        limits = self.env["sales_monitor.rollup"].refresh_stalled_limits(fields.Datetime.to_string(now))
        stays = []
        leads = self.env["crm.lead"].with_context(active_test=False).search([])
        for lead in leads:
            moments = [(fields.Datetime.from_string(moment.occurred_at), moment.id, moment.phase_id.id)
                       for moment in lead.contact_moment_ids]
            stays += [(lead.team_id.id, phase, entered, left)
                      for phase, entered, left in monitor.phase_durations(moments) if lead.team_id]
        expected = monitor.stalled_limits(stays, now)
        self.assertEqual(set(limits), set(expected))
        for key, seconds in expected.items():
            self.assertAlmostEqual(limits[key], seconds, delta=0.01)

    def test_thresholds_are_settings(self):
        hot = self._lead("Hot", self.sales_b, self.branch_b, "web", _ago(days=4), False, 1000, 10, "hot")
        self.assertIn("hot_no_test_drive", hot.monitor_urgency)
        self.env["res.config.settings"].create({"monitor_hot_no_test_drive_days": 5,
                                                "monitor_offer_follow_up_days": 5}).set_values()
        hot.invalidate_cache()
        self.assertNotIn("hot_no_test_drive", hot.monitor_urgency or "")
        with self.assertRaisesRegex(ValidationError, "at least 1 day"):
            self.env["res.config.settings"].create({"monitor_hot_no_test_drive_days": 0}).set_values()
