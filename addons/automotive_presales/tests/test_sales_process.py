from odoo.exceptions import AccessError, UserError

from ..lib import sales_up
from .common import DealerCase


class TestSalesProcess(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        common = {"type": "opportunity", "lead_type": "walk_in", "lead_status": "warm"}
        cls.lead_a = Lead.create(dict(common, name="A", partner_id=cls.customer_a.id,
                                      user_id=cls.sales_a.id, team_id=cls.branch_a.id))
        cls.lead_a2 = Lead.create(dict(common, name="A2", partner_id=cls.customer_a.id,
                                       user_id=cls.sales_a2.id, team_id=cls.branch_a.id))
        cls.lead_unassigned = Lead.create(dict(common, name="A unassigned", partner_id=cls.customer_a.id,
                                               user_id=False, team_id=cls.branch_a.id))
        cls.lead_b = Lead.create(dict(common, name="B", partner_id=cls.customer_b.id,
                                      user_id=cls.sales_b.id, team_id=cls.branch_b.id,
                                      second_user_id=cls.sales_a.id))
        for step in ("greeting", "needs_analysis", "demo"):
            cls.lead_a._presales_log_step(step)
        for step in ("greeting", "needs_analysis"):
            cls.lead_a2._presales_log_step(step)
        cls.lead_unassigned._presales_log_step("greeting")
        cls.lead_b._presales_log_step("greeting")
        cls.leads = cls.lead_a | cls.lead_a2 | cls.lead_unassigned | cls.lead_b

    def _report(self, user):
        return self.env["presales.sales.step.report"].sudo(user).search([("lead_id", "in", self.leads.ids)])

    def test_the_owner_records_a_step_with_the_button(self):
        self.lead_a.sudo(self.sales_a).with_context(presales_step="write_up").action_presales_log_step()
        step = self.lead_a.sales_step_ids.filtered(lambda record: record.step == "write_up")
        self.assertEqual(step.user_id, self.sales_a)
        self.assertIn(",write_up,", self.lead_a.presales_reached_steps)
        self.assertNotIn(",signed,", self.lead_a.presales_reached_steps)

    def test_an_unknown_step_is_refused_naming_the_sales_up(self):
        with self.assertRaises(UserError) as error:
            self.lead_a.with_context(presales_step="coffee").action_presales_log_step()
        self.assertIn("A", str(error.exception))
        self.assertIn("coffee", str(error.exception))

    def test_drop_off_counts_who_reached_a_step_and_who_went_on(self):
        Report = self.env["presales.sales.step.report"]
        groups = {group["step"]: group for group in Report.read_group(
            [("lead_id", "in", self.leads.ids)], ["step", "reached_count", "went_on_count", "went_on_rate"],
            ["step"])}
        self.assertEqual(groups["greeting"]["reached_count"], 4)
        self.assertEqual(groups["greeting"]["went_on_count"], 2)
        self.assertAlmostEqual(groups["greeting"]["went_on_rate"], 50.0)
        self.assertEqual(groups["needs_analysis"]["reached_count"], 2)
        self.assertAlmostEqual(groups["needs_analysis"]["went_on_rate"], 50.0)
        self.assertEqual(groups["demo"]["went_on_count"], 0)
        self.assertNotIn("signed", groups)

    def test_steps_come_in_process_order_and_the_total_rate_is_the_ratio_of_the_totals(self):
        Report = self.env["presales.sales.step.report"]
        domain = [("lead_id", "in", self.leads.ids)]
        steps = [group["step"] for group in Report.read_group(domain, ["step", "went_on_rate"], ["step"])]
        self.assertEqual(steps, ["greeting", "needs_analysis", "demo"])
        # the pivot's total: 3 of the 7 steps reached went on
        total, = Report.read_group(domain, ["went_on_rate"], [])
        self.assertAlmostEqual(total["went_on_rate"], 100.0 * 3 / 7)
        per_branch = {group["team_id"][0]: group["went_on_rate"] for group in Report.read_group(
            domain, ["team_id", "went_on_rate"], ["team_id"])}
        self.assertAlmostEqual(per_branch[self.branch_a.id], 50.0)
        self.assertAlmostEqual(per_branch[self.branch_b.id], 0.0)

    def test_the_report_says_who_went_on_as_lib_sales_up_does(self):
        """The SQL of the report repeats sales_up.step_drop_off: both on the same sales ups."""
        rows = self.env["presales.sales.step.report"].search([("lead_id", "in", self.leads.ids)])
        in_sql = {(row.lead_id.id, row.step, bool(row.went_on_count)) for row in rows}
        in_python = {(lead.id, step, went_on) for lead in self.leads
                     for step, went_on in sales_up.step_drop_off(lead.sales_step_ids.mapped("step"))}
        self.assertEqual(in_sql, in_python)

    def test_drop_off_per_branch_and_salesperson(self):
        Report = self.env["presales.sales.step.report"]
        per_user = Report.read_group(
            [("lead_id", "in", self.leads.ids), ("step", "=", "greeting")],
            ["user_id", "team_id", "reached_count", "went_on_count"], ["team_id", "user_id"], lazy=False)
        rows = {(group["team_id"][0], group["user_id"] and group["user_id"][0]): group["went_on_count"]
                for group in per_user}
        self.assertEqual(rows, {
            (self.branch_a.id, self.sales_a.id): 1, (self.branch_a.id, self.sales_a2.id): 1,
            (self.branch_a.id, False): 0, (self.branch_b.id, self.sales_b.id): 0})

    def test_salesperson_sees_own_and_second_salesperson_rows_only(self):
        self.assertEqual(self._report(self.sales_a).mapped("lead_id"), self.lead_a | self.lead_b)
        self.assertEqual(self._report(self.sales_b).mapped("lead_id"), self.lead_b)

    def test_branch_manager_sees_the_branch_including_unassigned_sales_ups(self):
        self.assertEqual(self._report(self.manager_a).mapped("lead_id"),
                         self.lead_a | self.lead_a2 | self.lead_unassigned)

    def test_director_sees_every_branch(self):
        self.assertEqual(self._report(self.director).mapped("lead_id"), self.leads)

    def test_nobody_writes_the_report(self):
        row = self._report(self.director)[:1]
        with self.assertRaises(AccessError):
            row.sudo(self.director).write({"reached_count": 5})
