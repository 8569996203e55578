from odoo.exceptions import AccessError

from .common import ConfiguratorCase


class TestOwnership(ConfiguratorCase):
    """Configurations, offers and orders follow the sales up: the salesperson their own, the branch
    manager the branch, the director all; never a colleague's, another branch's or an unassigned one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.configs = {}
        cls.offers = {}
        for key, lead in (("a", cls.lead_a), ("a2", cls.lead_a2), ("b", cls.lead_b), ("none", cls.lead_unassigned)):
            cls.configs[key] = cls.configure(lead)
            cls.offers[key] = cls.env["presales.offer"].create({
                "lead_id": lead.id, "configuration_ids": [(6, 0, cls.configs[key].ids)]})

    def _visible(self, model, user, records):
        return self.env[model].sudo(user).search([("id", "in", [record.id for record in records.values()])])

    def test_what_each_role_sees(self):
        expected = {
            self.sales_a: ["a"],
            self.sales_a2: ["a2"],
            self.sales_b: ["b"],
            self.manager_a: ["a", "a2", "none"],
            self.director: ["a", "a2", "b", "none"],
        }
        for user, keys in expected.items():
            for model, records in (("presales.vehicle.configuration", self.configs),
                                   ("presales.offer", self.offers)):
                with self.subTest(user=user.login, model=model):
                    self.assertEqual(self._visible(model, user, records),
                                     self.env[model].browse([records[key].id for key in keys]))

    def test_a_colleague_cannot_read_nor_change_a_configuration(self):
        config = self.configs["a"].sudo(self.sales_a2)
        with self.assertRaises(AccessError):
            config.read(["price_total"])
        with self.assertRaises(AccessError):
            config.write({"discount_amount": 10})
        with self.assertRaises(AccessError) as error:
            self.env["presales.vehicle.configuration"].sudo(self.sales_a2).create({
                "lead_id": self.lead_a.id, "version_id": self.golf_style.id})
        self.assertIn("New configuration: field Sales up: you may only link a record you can already see",
                      error.exception.name)
        self.assertNotIn(self.lead_a.name, error.exception.name)
        own = self.configs["a2"].sudo(self.sales_a2)
        with self.assertRaises(AccessError) as error:
            own.write({"lead_id": self.lead_a.id})
        self.assertIn("field Sales up", error.exception.name)
        self.assertEqual(self.configs["a2"].lead_id, self.lead_a2)

    def test_an_offer_cannot_name_a_colleague_s_sales_up_or_trade_in(self):
        trade_in = self.env["presales.trade.in"].create({"lead_id": self.lead_a.id, "make": "Opel", "model": "Astra"})
        Offer = self.env["presales.offer"].sudo(self.sales_a2)
        with self.assertRaises(AccessError) as error:
            Offer.create({"lead_id": self.lead_a.id})
        self.assertIn("New offer: field Sales up", error.exception.name)
        with self.assertRaises(AccessError) as error:
            self.offers["a2"].sudo(self.sales_a2).write({"trade_in_id": trade_in.id})
        self.assertIn("field Trade-in", error.exception.name)

    def test_an_own_order_takes_no_colleagues_trade_in_configuration_or_customer(self):
        """Issue 16, hole 10: an own order's lines name only trade-ins and configurations of sales
        ups the salesperson works on, in any shape of id."""
        trade_in = self.env["presales.trade.in"].create({"lead_id": self.lead_a.id, "make": "Opel", "model": "Astra"})
        order = self.env["sale.order"].sudo(self.sales_a2)._presales_create_from_configurations(self.configs["a2"])
        line = order.order_line[:1]
        for values in ({"trade_in_id": trade_in.id}, {"trade_in_id": str(trade_in.id)},
                       {"configuration_id": float(self.configs["a"].id)}):
            with self.subTest(values=values), self.assertRaises(AccessError), self.env.cr.savepoint():
                line.write(values)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            order.write({"order_line": [(0, 0, {"product_id": self.golf_style.product_variant_id.id,
                                                "trade_in_id": trade_in.id})]})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            order.write({"partner_shipping_id": str(self.lead_b.partner_id.id)})
        self.assertFalse(order.sudo().order_line.mapped("trade_in_id"))

    def test_project_groups_per_role(self):
        group_a = self.offers["a"].project_group_id
        group_b = self.offers["b"].project_group_id
        self.assertEqual(group_a, self.offers["a2"].project_group_id)
        Group = self.env["presales.project.group"]
        self.assertEqual(Group.sudo(self.sales_b).search([("id", "in", (group_a | group_b).ids)]), group_b)
        self.assertEqual(Group.sudo(self.director).browse(group_a.id).offer_ids,
                         self.offers["a"] | self.offers["a2"])
        self.assertEqual(Group.sudo(self.sales_a).browse(group_a.id).offer_ids, self.offers["a"])

    def test_orders_follow_their_owner_and_the_director_reassigns(self):
        SaleOrder = self.env["sale.order"]
        order_a = SaleOrder.sudo(self.sales_a)._presales_create_from_configurations(self.configs["a"])
        order_b = SaleOrder.sudo(self.sales_b)._presales_create_from_configurations(self.configs["b"])
        unassigned = SaleOrder._presales_create_from_configurations(self.configs["none"])
        unassigned.user_id = False
        self.assertEqual(unassigned.team_id, self.branch_a)
        orders = (order_a | order_b | unassigned).ids
        expected = {
            self.sales_a: order_a,
            self.sales_b: order_b,
            self.manager_a: order_a | unassigned,
            self.director: order_a | order_b | unassigned,
        }
        for user, visible in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(SaleOrder.sudo(user).search([("id", "in", orders)]), visible)
        with self.assertRaises(AccessError) as error:
            order_a.sudo(self.sales_a).write({"user_id": self.sales_a2.id})
        self.assertIn("field Salesperson", error.exception.name)

        tracked = order_a.sudo(self.director).with_context(tracking_disable=False)
        tracked.write({"user_id": self.sales_a2.id})
        order_a = order_a.sudo()
        self.assertEqual(order_a.user_id, self.sales_a2)
        values = order_a.message_ids.mapped("tracking_value_ids").filtered(
            lambda value: value.field == "user_id")
        self.assertEqual((values.old_value_char, values.new_value_char), (self.sales_a.name, self.sales_a2.name))
        self.assertEqual(SaleOrder.sudo(self.sales_a2).search([("id", "=", order_a.id)]), order_a)
