from odoo.tests import common
from odoo.tools.safe_eval import safe_eval


@common.at_install(False)
@common.post_install(True)
class TestDemo(common.TransactionCase):
    """The demo looks like a Dutch dealer group's day; only with demo data installed."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("automotive_presales.sales_up_01", raise_if_not_found=False):
            self.skipTest("the database has no demo data")

    def test_a_dutch_dealer_group_in_eur(self):
        company = self.env.ref("base.main_company")
        self.assertEqual((company.currency_id.name, company.country_id.code), ("EUR", "NL"))
        self.assertTrue(company.logo and company.street and company.city)
        self.assertEqual(self.env.ref("automotive_presales.sales_up_01").company_currency.name, "EUR")

    def test_only_branches_and_no_generic_leads(self):
        teams = self.env["crm.team"].search([])
        self.assertEqual(set(teams.mapped("name")), {"Amsterdam", "Utrecht", "Rotterdam"})
        Lead = self.env["crm.lead"].with_context(active_test=False)
        self.assertFalse(Lead.search([("team_id.is_branch", "=", False)]))
        generic_sources = self.env.ref("utm.utm_source_search_engine") | self.env.ref("utm.utm_source_newsletter") \
            | self.env.ref("utm.utm_source_mailing")
        self.assertFalse(self.env["presales.source.report"].search([("source_id", "in", generic_sources.ids)]))

    def test_the_customer_lists_show_the_dealers_customers_only(self):
        director = self.env.ref("automotive_presales.user_director")
        self.assertIn(self.env.ref("automotive_presales.customer_01"), self.env["res.partner"].sudo(director).search(
            safe_eval(self.env.ref("automotive_presales.res_partner_action_customer_overview").domain)))
        for xmlid in ("automotive_presales.res_partner_action_customer_overview",
                      "automotive_presales.res_partner_action_contact_persons"):
            action = self.env.ref(xmlid)
            shown = self.env["res.partner"].sudo(director).search(safe_eval(action.domain or "[]"))
            self.assertNotIn("Agrolait", shown.mapped("name"))
            data = self.env["ir.model.data"].search([("model", "=", "res.partner"), ("res_id", "in", shown.ids)])
            # the dealer's own demo (of any of our addons) only; no partner of Odoo's generic demo
            ours = set(self.env["ir.module.module"].search([("author", "=", "Dealer CRM")]).mapped("name"))
            self.assertEqual(set(data.mapped("module")) - ours, set(), xmlid)

    def test_every_phase_has_moments_and_they_belong_to_their_sales_up(self):
        Moment = self.env["presales.contact.moment"]
        phases = set(Moment.search([]).mapped("phase_id.code"))
        self.assertLessEqual(set(self.env["presales.funnel.phase"].search([]).mapped("code")), phases)
        customers_with_sales_ups = self.env["crm.lead"].with_context(active_test=False).search([]).mapped("partner_id")
        # the service moments of after-sales belong to the customer's car, not to a sales up
        loose = Moment.search([("lead_id", "=", False), ("partner_id", "in", customers_with_sales_ups.ids),
                               ("phase_id.after_sales", "=", False)])
        self.assertFalse(loose)
        won = self.env.ref("automotive_presales.sales_up_19")
        self.assertEqual(sorted(won.contact_moment_ids.mapped("kind")),
                         ["agreement", "delivery", "delivery_planned", "happy_call", "lead"])

    def test_labels_say_branch(self):
        self.assertEqual(self.env["crm.lead"]._fields["team_id"].string, "Branch")
        self.assertEqual(self.env["res.users"]._fields["sale_team_id"].string, "Branch")
