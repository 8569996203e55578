from odoo.tools.safe_eval import safe_eval

from .common import DealerCase


class TestOwnershipPartners(DealerCase):
    """Customers are customers: no colleagues among them, and a portal login opens no customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers_action = cls.env.ref("automotive_presales.res_partner_action_customer_overview")
        cls.colleague_customer = cls.env["res.partner"].create({
            "name": "Portal Piet", "customer": True, "user_id": cls.sales_a2.id, "email": "piet@example.com"})
        cls.portal_user = cls.env["res.users"].with_context(no_reset_password=True).create({
            "login": "piet", "partner_id": cls.colleague_customer.id,
            "groups_id": [(6, 0, cls.env.ref("base.group_portal").ids)]})

    def _customers_menu(self, user):
        domain = safe_eval(self.customers_action.domain)
        return self.env["res.partner"].sudo(user).search(domain)

    def test_employees_are_no_customers(self):
        employees = (self.sales_a | self.sales_a2 | self.sales_b | self.manager_a | self.director).mapped("partner_id")
        self.assertFalse(employees.filtered("customer"))
        for user in (self.sales_a, self.manager_a, self.director):
            self.assertFalse(self._customers_menu(user) & employees, "no colleague among %s's customers" % user.login)
        # colleagues stay readable by name (chatter, Discuss, the salesperson field)
        self.assertEqual(self.sales_a2.partner_id.sudo(self.sales_a).read(["name"])[0]["name"], "Sales A2")

    def test_a_portal_login_does_not_open_a_colleagues_customer(self):
        self.assertTrue(self.colleague_customer.customer)
        for user in (self.sales_a, self.sales_b):
            self.assertFalse(self.env["res.partner"].sudo(user).search([("id", "=", self.colleague_customer.id)]))
        self.assertIn(self.colleague_customer, self._customers_menu(self.sales_a2))
        self.assertIn(self.colleague_customer, self._customers_menu(self.manager_a))
