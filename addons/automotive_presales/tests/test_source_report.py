import psycopg2

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import DealerCase, sales_up_values


class TestSourceReport(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # sources of the test's own, so the demo's spend and sales ups do not count in
        Source = cls.env["utm.source"]
        cls.internet = Source.create({"name": "Test internet"})
        cls.print_ad = Source.create({"name": "Test print ad"})
        cls.event = Source.create({"name": "Test event"})
        cls.spring = cls.env["utm.campaign"].create({"name": "Spring SUV days"})
        Lead = cls.env["crm.lead"]
        cls.web_leads = Lead.browse()
        for number in range(4):
            cls.web_leads |= Lead.create(sales_up_values({
                "name": "Web lead %d" % number, "type": "opportunity", "user_id": cls.sales_a.id,
                "team_id": cls.branch_a.id, "source_id": cls.internet.id, "campaign_id": cls.spring.id}))
        cls.web_leads[0].action_set_won()
        cls.paper_leads = Lead.create(sales_up_values({
            "name": "Paper lead", "type": "opportunity", "source_id": cls.print_ad.id,
            "user_id": cls.sales_b.id, "team_id": cls.branch_b.id}))
        cls.paper_leads |= Lead.create(sales_up_values({
            "name": "Paper lead 2", "type": "opportunity", "source_id": cls.print_ad.id}))
        Cost = cls.env["presales.source.cost"]
        Cost.create({"source_id": cls.internet.id, "campaign_id": cls.spring.id, "amount": 600.0,
                     "date_from": "2026-03-01", "date_to": "2026-03-31"})
        Cost.create({"source_id": cls.internet.id, "campaign_id": cls.spring.id, "amount": 400.0,
                     "date_from": "2026-04-01", "date_to": "2026-04-30"})
        Cost.create({"source_id": cls.print_ad.id, "amount": 300.0,
                     "date_from": "2026-01-01", "date_to": "2026-12-31"})
        Cost.create({"source_id": cls.event.id, "amount": 200.0,
                     "date_from": "2026-05-01", "date_to": "2026-05-02", "note": "Stand at the car fair"})

    def _by_source(self, user):
        groups = self.env["presales.source.report"].sudo(user).read_group(
            [("source_id", "in", (self.internet | self.print_ad | self.event).ids)],
            ["source_id", "lead_count", "won_count", "cost", "cost_per_lead", "cost_per_sale"],
            ["source_id"])
        return {group["source_id"][0]: group for group in groups}

    def test_per_source_and_campaign_the_director_sees_leads_sales_and_cost(self):
        Report = self.env["presales.source.report"].sudo(self.director)
        row, = Report.read_group(
            [("source_id", "=", self.internet.id), ("campaign_id", "=", self.spring.id)],
            ["campaign_id", "lead_count", "won_count", "cost", "cost_per_lead", "cost_per_sale"],
            ["campaign_id"])
        self.assertEqual((row["lead_count"], row["won_count"], row["cost"]), (4, 1, 1000.0))
        self.assertAlmostEqual(row["cost_per_lead"], 250.0)
        self.assertAlmostEqual(row["cost_per_sale"], 1000.0)

    def test_spend_is_spread_over_the_months_of_its_period(self):
        Report = self.env["presales.source.report"].sudo(self.director)
        per_month = {group["month:month"]: group["cost"] for group in Report.read_group(
            [("source_id", "=", self.print_ad.id), ("cost", ">", 0)], ["month", "cost"], ["month:month"])}
        self.assertEqual(len(per_month), 12)
        self.assertAlmostEqual(per_month["January 2026"], 300.0 * 31 / 365, places=2)
        self.assertAlmostEqual(per_month["February 2026"], 300.0 * 28 / 365, places=2)
        self.assertAlmostEqual(sum(per_month.values()), 300.0, places=2)
        spring = {group["month:month"]: group["cost"] for group in Report.read_group(
            [("source_id", "=", self.internet.id), ("cost", ">", 0)], ["month", "cost"], ["month:month"])}
        self.assertEqual(spring, {"March 2026": 600.0, "April 2026": 400.0})

    def test_cost_per_lead_and_sale_are_ratios_of_the_group_and_empty_without_a_divisor(self):
        groups = self._by_source(self.director)
        paper = groups[self.print_ad.id]
        self.assertEqual((paper["lead_count"], paper["won_count"], paper["cost"]), (2, 0, 300.0))
        self.assertAlmostEqual(paper["cost_per_lead"], 150.0)
        self.assertIs(paper["cost_per_sale"], False)
        fair = groups[self.event.id]
        self.assertEqual((fair["lead_count"], fair["cost"]), (0, 200.0))
        self.assertIs(fair["cost_per_lead"], False)
        self.assertIs(fair["cost_per_sale"], False)
        self.assertAlmostEqual(groups[self.internet.id]["cost_per_sale"], 1000.0)

    def test_the_report_counts_the_credited_source(self):
        self.env["presales.attribution.change.wizard"].with_context(
            default_lead_id=self.paper_leads[0].id).create({
                "new_source_id": self.internet.id,
                "reason": "Customer found us online, the ad came later"}).action_apply()
        groups = self._by_source(self.director)
        self.assertEqual(groups[self.print_ad.id]["lead_count"], 1)
        self.assertEqual(groups[self.internet.id]["lead_count"], 5)

    def test_only_the_director_sees_cost(self):
        for user in (self.sales_a, self.manager_a):
            with self.assertRaises(AccessError):
                self.env["presales.source.cost"].sudo(user).search([])
            with self.assertRaises(AccessError):
                self.env["presales.source.report"].sudo(user).search([])
            with self.assertRaises(AccessError):
                self.env["presales.source.cost"].sudo(user).create({
                    "source_id": self.event.id, "amount": 1.0,
                    "date_from": "2026-01-01", "date_to": "2026-01-02"})
        self.assertEqual(
            sum(self.env["presales.source.cost"].sudo(self.director).search(
                [("source_id", "=", self.internet.id)]).mapped("amount")), 1000.0)

    @mute_logger("odoo.sql_db")
    def test_spend_needs_a_period_in_order_and_no_negative_amount(self):
        Cost = self.env["presales.source.cost"].sudo(self.director)
        with self.assertRaisesRegex(psycopg2.IntegrityError, "period_check"), self.env.cr.savepoint():
            Cost.create({"source_id": self.event.id, "amount": 100.0,
                         "date_from": "2026-06-30", "date_to": "2026-06-01"})
        with self.assertRaisesRegex(psycopg2.IntegrityError, "amount_check"), self.env.cr.savepoint():
            Cost.create({"source_id": self.event.id, "amount": -5.0,
                         "date_from": "2026-06-01", "date_to": "2026-06-30"})

    def test_the_reporting_menus_are_the_directors(self):
        director_group = self.env.ref("automotive_presales.group_sales_director")
        for xmlid in ("menu_source_report", "menu_attribution_changes", "menu_source_cost"):
            menu = self.env.ref("automotive_presales.%s" % xmlid)
            # the cost menu inherits the director-only Configuration menu
            groups = menu.groups_id or menu.parent_id.groups_id
            self.assertEqual(groups, director_group, xmlid)
        for user in (self.sales_a, self.manager_a):
            self.assertFalse(director_group & user.groups_id)
