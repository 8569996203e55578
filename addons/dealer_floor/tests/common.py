from odoo.addons.automotive_presales.tests.common import DealerCase, sales_up_values


class FloorCase(DealerCase):
    """The dealer group of automotive_presales plus a sales up per salesperson of branch A."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        cls.lead_a = Lead.create(sales_up_values({
            "name": "Golf for Anna", "partner_id": cls.customer_a.id, "user_id": cls.sales_a.id,
            "team_id": cls.branch_a.id, "phone": "06-11112222"}))
        cls.lead_a2 = Lead.create(sales_up_values({
            "name": "Polo for Bert", "partner_id": cls.customer_b.id, "user_id": cls.sales_a2.id,
            "team_id": cls.branch_a.id}))
        cls.Floor = cls.env["dealer.floor"]
