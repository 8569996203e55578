from odoo.exceptions import AccessError

from .common import DealerCase, sales_up_values


class OwnershipWritesCase(DealerCase):
    """Portfolios and sales ups of each role, for the write-path tests of issue 7.

    sales_a (branch A) owns customer_a and lead_a; sales_a2 (branch A) owns customer_a2 and lead_a2,
    and customer_shared and lead_shared, on which sales_a is second salesperson; sales_b (branch B) owns customer_b and
    lead_b. manager_a leads branch A; the director sees everything.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer_a.user_id = cls.sales_a
        cls.customer_b.user_id = cls.sales_b
        cls.customer_a2 = Partner.create(
            {"firstname": "Carla", "lastname": "Colleague", "customer": True, "user_id": cls.sales_a2.id})
        cls.customer_shared = Partner.create(
            {"firstname": "Sam", "lastname": "Shared", "customer": True, "user_id": cls.sales_a2.id})
        Lead = cls.env["crm.lead"]
        cls.lead_a = Lead.create(sales_up_values({
            "name": "Estate for Anna", "partner_id": cls.customer_a.id,
            "user_id": cls.sales_a.id, "team_id": cls.branch_a.id}))
        cls.lead_a2 = Lead.create(sales_up_values({
            "name": "Coupe for Carla", "partner_id": cls.customer_a2.id,
            "user_id": cls.sales_a2.id, "team_id": cls.branch_a.id}))
        cls.lead_shared = Lead.create(sales_up_values({
            "name": "Van for Sam", "partner_id": cls.customer_shared.id, "user_id": cls.sales_a2.id,
            "second_user_id": cls.sales_a.id, "team_id": cls.branch_a.id}))
        cls.lead_b = Lead.create(sales_up_values({
            "name": "SUV for Bert", "partner_id": cls.customer_b.id,
            "user_id": cls.sales_b.id, "team_id": cls.branch_b.id}))

    def assertHidden(self, records, user):
        """`user` can neither search nor read `records`."""
        found = records.sudo(user).search([("id", "in", records.ids)])
        self.assertFalse(found, "%s should not see %s" % (user.login, found))

    def assertRefused(self, call, error=AccessError):
        """`call` raises `error`, and what it did before is rolled back."""
        with self.assertRaises(error), self.env.cr.savepoint():
            call()
