from odoo.tools.safe_eval import safe_eval

from .common import DealerCase, sales_up_values


class TestCustomerOverview(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.garage = Partner.create({"name": "Garage Gamma", "is_company": True, "customer": True})
        cls.buyer = Partner.create({
            "firstname": "Greta", "lastname": "Gamma", "parent_id": cls.garage.id, "customer": True})
        cls.colleague = Partner.create({
            "firstname": "Gijs", "lastname": "Gamma", "parent_id": cls.garage.id, "customer": True})
        cls.product = cls.env["product.product"].create({
            "name": "Demo hatchback", "type": "service", "list_price": 21000.0})

    def _sales_up(self, partner):
        return self.env["crm.lead"].create(sales_up_values({
            "name": "Sales up of %s" % partner.name, "type": "opportunity",
            "partner_id": partner.id, "user_id": self.sales_a.id, "team_id": self.branch_a.id}))

    def test_a_new_partner_is_a_prospect(self):
        self.assertEqual(self.customer_a.presales_customer_state, "prospect")
        self.assertEqual(self.garage.presales_customer_state, "prospect")

    def test_a_won_sales_up_makes_a_customer_but_an_open_or_lost_one_does_not(self):
        lead = self._sales_up(self.customer_a)
        self.assertEqual(self.customer_a.presales_customer_state, "prospect")
        lost = self._sales_up(self.customer_b)
        lost.write({"lost_reason": self.loss_reason.id})
        lost.action_set_lost()
        self.assertEqual(self.customer_b.presales_customer_state, "prospect")
        lead.sudo(self.sales_a).action_set_won()
        self.assertEqual(self.customer_a.presales_customer_state, "customer")
        self.assertEqual(self.customer_b.presales_customer_state, "prospect")

    def test_a_confirmed_order_makes_a_customer_a_quotation_does_not(self):
        order = self.env["sale.order"].create({
            "partner_id": self.customer_b.id,
            "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1})]})
        self.assertEqual(self.customer_b.presales_customer_state, "prospect")
        order.action_confirm()
        self.assertEqual(self.customer_b.presales_customer_state, "customer")

    def test_a_sale_to_a_contact_person_makes_the_whole_company_a_customer(self):
        self._sales_up(self.buyer).action_set_won()
        self.assertEqual(self.buyer.presales_customer_state, "customer")
        self.assertEqual(self.garage.presales_customer_state, "customer")
        self.assertEqual(self.colleague.presales_customer_state, "customer")
        self.assertEqual(self.customer_a.presales_customer_state, "prospect")

    def test_a_customer_who_moves_takes_the_purchase_along(self):
        self._sales_up(self.buyer).action_set_won()
        workshop = self.env["res.partner"].create({"name": "Workshop Delta", "is_company": True, "customer": True})
        self.assertEqual(workshop.presales_customer_state, "prospect")
        self.buyer.parent_id = workshop
        self.assertEqual(self.buyer.presales_customer_state, "customer")
        self.assertEqual(workshop.presales_customer_state, "customer")
        # the company left behind and its other contact person bought nothing themselves
        self.assertEqual(self.garage.presales_customer_state, "prospect")
        self.assertEqual(self.colleague.presales_customer_state, "prospect")
        # a moved sales up moves the purchase too
        self.buyer.presales_lead_ids.write({"partner_id": self.customer_a.id})
        self.assertEqual(workshop.presales_customer_state, "prospect")
        self.assertEqual(self.customer_a.presales_customer_state, "customer")

    def test_merging_a_customer_into_a_prospect_makes_a_customer(self):
        self._sales_up(self.customer_b).action_set_won()
        prospect = self.env["res.partner"].create({"firstname": "Bert", "lastname": "Beta", "customer": True})
        self.assertEqual(prospect.presales_customer_state, "prospect")
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((prospect | self.customer_b).ids, prospect)
        self.assertEqual(prospect.presales_customer_state, "customer")

    def test_the_menus_show_companies_and_people_apart_from_contact_persons(self):
        def found(xmlid):
            action = self.env.ref(xmlid)
            return self.env["res.partner"].search(safe_eval(action.domain))
        customers = found("automotive_presales.res_partner_action_customer_overview")
        self.assertIn(self.garage, customers)
        self.assertIn(self.customer_a, customers)
        self.assertNotIn(self.buyer, customers)
        persons = found("automotive_presales.res_partner_action_contact_persons")
        self.assertIn(self.buyer, persons)
        self.assertIn(self.colleague, persons)
        self.assertNotIn(self.garage, persons)
        self.assertNotIn(self.customer_a, persons)

    def test_the_list_greys_prospects_and_colours_customers_blue(self):
        arch = self.env.ref("automotive_presales.res_partner_view_tree_customer_overview").arch
        self.assertIn("decoration-muted=\"presales_customer_state == 'prospect'\"", arch)
        self.assertIn("decoration-info=\"presales_customer_state == 'customer'\"", arch)
