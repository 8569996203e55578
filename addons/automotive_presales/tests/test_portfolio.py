from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from odoo.tests import common

from .common import DealerCase, sales_up_values


class PortfolioCase(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]

        def customer(name, owner, **values):
            return Partner.create(dict(values, name=name, customer=True, user_id=owner.id if owner else False))

        cls.cust_own = customer("Own Customer", cls.sales_a)
        cls.cust_colleague = customer("Colleague Customer", cls.sales_a2)
        cls.cust_branch_b = customer("Branch B Customer", cls.sales_b)
        cls.cust_company = customer("Company Portfolio Customer", None)
        cls.cust_via_lead = customer("Customer Of A Lead", None)
        cls.env["crm.lead"].create(sales_up_values({
            "name": "Lead of the company portfolio customer", "partner_id": cls.cust_via_lead.id,
            "user_id": cls.sales_a.id, "team_id": cls.branch_a.id}))
        cls.own_company = customer("Own Fleet Ltd", cls.sales_a, is_company=True)
        cls.own_company_contact = customer("Fleet Buyer", None, parent_id=cls.own_company.id)
        cls.supplier = Partner.create({"name": "Tyre Supplier", "customer": False, "supplier": True})
        cls.all_partners = (cls.cust_own | cls.cust_colleague | cls.cust_branch_b | cls.cust_company
                            | cls.cust_via_lead | cls.own_company | cls.own_company_contact | cls.supplier
                            | cls.customer_a | cls.customer_b)

    def visible(self, user):
        return self.env["res.partner"].sudo(user).search([("id", "in", self.all_partners.ids)])


class TestPortfolioVisibility(PortfolioCase):

    def test_salesperson_sees_own_portfolio_customers_of_own_sales_ups_and_non_customers(self):
        self.assertEqual(
            self.visible(self.sales_a),
            self.cust_own | self.cust_via_lead | self.own_company | self.own_company_contact | self.supplier)

    def test_salesperson_never_sees_company_portfolio_or_colleagues_customers(self):
        for partner in (self.cust_company, self.cust_colleague, self.cust_branch_b, self.customer_a):
            with self.assertRaises(AccessError, msg=partner.name):
                partner.sudo(self.sales_a).read(["name"])

    def test_branch_manager_sees_branch_customers_and_company_portfolio(self):
        self.assertEqual(
            self.visible(self.manager_a),
            self.all_partners - self.cust_branch_b)

    def test_director_sees_every_customer(self):
        self.assertEqual(self.visible(self.director), self.all_partners)

    def test_users_and_the_company_stay_visible_to_a_salesperson(self):
        Partner = self.env["res.partner"].sudo(self.sales_a)
        needed = (self.sales_a.partner_id | self.sales_b.partner_id | self.director.partner_id
                  | self.env.user.company_id.partner_id)
        self.assertEqual(Partner.search([("id", "in", needed.ids)]), needed)
        # the preferences form the web client opens
        own = self.sales_a.sudo(self.sales_a).read(["name", "email", "partner_id", "presales_available"])
        self.assertEqual(own[0]["partner_id"][0], self.sales_a.partner_id.id)

    def test_salesperson_creates_a_customer_then_a_sales_up_for_it(self):
        partner = self.env["res.partner"].sudo(self.sales_a).create(
            {"name": "New Walk-in", "customer": True, "phone": "0612345678"})
        self.assertEqual(partner.user_id, self.sales_a, "a new customer joins its creator's portfolio")
        lead = self.env["crm.lead"].sudo(self.sales_a).create(sales_up_values(
            {"name": "Walk-in wants a hybrid", "type": "opportunity", "partner_id": partner.id}))
        self.assertEqual(lead.partner_id.read(["name"])[0]["name"], "New Walk-in")
        self.assertEqual(lead.user_id, self.sales_a)
        self.assertFalse(self.env["res.partner"].sudo(self.sales_a2).search([("id", "=", partner.id)]))

    def test_salesperson_cannot_move_a_customer_between_portfolios(self):
        with self.assertRaises(AccessError) as caught:
            self.cust_own.sudo(self.sales_a).write({"user_id": self.sales_a2.id})
        self.assertIn("Own Customer", caught.exception.name)
        self.assertIn("Salesperson", caught.exception.name)
        self.cust_own.sudo(self.sales_a).write({"phone": "0101"})
        self.assertEqual(self.cust_own.phone, "0101")


class TestPortfolioAssign(PortfolioCase):

    def wizard(self, user, partners, salesperson):
        return self.env["presales.portfolio.assign"].sudo(user).with_context(
            active_model="res.partner", active_ids=partners.ids).create({"user_id": salesperson.id})

    def test_manager_assigns_company_portfolio_customers_in_bulk(self):
        partners = self.cust_company | self.customer_a
        wizard = self.wizard(self.manager_a, partners, self.sales_a2)
        self.assertEqual(wizard.partner_ids, partners)
        self.assertEqual(wizard.partner_count, 2)
        wizard.with_context(tracking_disable=False).action_assign()
        self.assertEqual(partners.mapped("user_id"), self.sales_a2)
        self.assertEqual(self.env["res.partner"].sudo(self.sales_a2).search([("id", "in", partners.ids)]), partners)
        self.assertFalse(self.env["res.partner"].sudo(self.sales_a).search([("id", "in", partners.ids)]))
        tracking = self.env["mail.tracking.value"].search([
            ("mail_message_id", "in", self.cust_company.message_ids.ids), ("field", "=", "user_id")])
        self.assertEqual(tracking.new_value_integer, self.sales_a2.id)

    def test_manager_assigns_only_to_salespeople_of_their_branch(self):
        with self.assertRaisesRegex(UserError, "Sales B"):
            self.wizard(self.manager_a, self.cust_company, self.sales_b).action_assign()
        self.assertFalse(self.cust_company.user_id)

    def test_manager_cannot_assign_another_branchs_customer(self):
        # a wizard opened on a customer the manager cannot see is refused as it opens
        with self.assertRaisesRegex(AccessError, "records you may not see"):
            self.wizard(self.manager_a, self.cust_branch_b, self.sales_a)
        self.assertEqual(self.cust_branch_b.user_id, self.sales_b)

    def test_director_assigns_anywhere(self):
        self.wizard(self.director, self.cust_company | self.cust_branch_b, self.sales_b).action_assign()
        self.assertEqual(self.cust_company.user_id, self.sales_b)

    def test_salesperson_cannot_use_the_assignment(self):
        with self.assertRaises(AccessError):
            self.wizard(self.sales_a, self.cust_own, self.sales_a).action_assign()


@common.at_install(False)
@common.post_install(True)
class TestPortfolioMenus(PortfolioCase):
    """Menus are checked once every addon is loaded: they point at models of all three."""

    def test_company_portfolio_menu_is_for_managers_and_up(self):
        menu = self.env.ref("automotive_presales.menu_company_portfolio")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.sudo(self.manager_a)._visible_menu_ids())
        self.assertIn(menu.id, Menu.sudo(self.director)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.sudo(self.sales_a)._visible_menu_ids())
        action = self.env.ref("automotive_presales.action_company_portfolio")
        listed = self.env["res.partner"].sudo(self.manager_a).search(
            safe_eval(action.domain) + [("id", "in", self.all_partners.ids)])
        self.assertEqual(listed, self.cust_company | self.cust_via_lead | self.customer_a | self.customer_b)
