from odoo.exceptions import UserError

from odoo.addons.automotive_presales.lib import lifecycle, stock

from .common import ConfiguratorCase


class TestDealOrders(ConfiguratorCase):
    """Winning and ordering know each other: whichever comes first, the sales up is won once, the
    agreement is logged once, the car is held for it and sold by its invoice; an invoiced sales up
    is not re-opened, a confirmed one not lost; orders follow their sales up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.car = cls.env["presales.stock.vehicle"].create({
            "stock_number": "DEAL-1", "vin": "WVWZZZCD3RW012346", "year": 2025, "make": "Volkswagen",
            "model": "Golf", "trim": "Life", "fuel": "petrol", "price": 30990, "team_id": cls.branch_a.id})

    def _kinds(self, lead):
        return sorted(lead.sudo().contact_moment_ids.mapped("kind"))

    def _order(self, lead, user):
        return self.env["sale.order"].sudo(user)._presales_create_from_stock(lead, self.car)

    def _invoice(self, order):
        invoice = self.env["account.invoice"].browse(order.sudo().action_invoice_create())
        invoice.action_invoice_open()
        return invoice

    def _credit(self, invoice):
        refund = invoice.refund(description="Order cancelled by the customer")
        refund.action_invoice_open()
        return refund

    def _assert_deal(self, lead, car_state, order_state):
        self.assertEqual(lead.lifecycle_state, lifecycle.WON)
        self.assertEqual(self._kinds(lead).count("agreement"), 1)
        self.assertEqual((self.car.state, self.car.reserved_lead_id), (car_state, lead))
        orders = self.env["sale.order"].search([("opportunity_id", "=", lead.id)])
        self.assertEqual(orders.mapped("state"), [order_state])

    def test_win_then_order(self):
        wizard = self.env["presales.win"].sudo(self.sales_a).with_context(active_id=self.lead_a.id).create({
            "lead_id": self.lead_a.id, "stock_vehicle_id": self.car.id, "planned_revenue": 30500,
            "delivery_date": "2027-01-10"})
        wizard.action_win()
        self.assertEqual(self.car.state, stock.RESERVED)
        order = self._order(self.lead_a, self.sales_a)
        order.action_confirm()
        self._assert_deal(self.lead_a, stock.RESERVED, "sale")
        self._invoice(order)
        self._assert_deal(self.lead_a, stock.SOLD, "sale")
        self.assertEqual(self.lead_a.desired_vehicle_ids.reservation_state, "sold")
        self.assertEqual(self.lead_a.planned_revenue, 30500)

    def test_order_then_win(self):
        order = self._order(self.lead_a, self.sales_a)
        self.assertEqual(self.car.state, stock.AVAILABLE)
        order.action_confirm()
        self._assert_deal(self.lead_a, stock.RESERVED, "sale")
        # the confirmed order's price is the sale price
        self.assertEqual(self.lead_a.planned_revenue, order.amount_total)
        # Mark Won is not offered again; over RPC it would change nothing
        self.lead_a.sudo(self.sales_a).action_set_won()
        self._invoice(order)
        self._assert_deal(self.lead_a, stock.SOLD, "sale")

    def test_an_invoiced_sales_up_is_not_reopened_until_credited_and_cancelled(self):
        order = self._order(self.lead_a, self.sales_a)
        order.action_confirm()
        invoice = self._invoice(order)
        with self.assertRaises(UserError) as refused, self.cr.savepoint():
            self.lead_a.sudo(self.sales_a).action_presales_reopen()
        self.assertIn("credit the invoice first", refused.exception.name)
        self.assertIn(invoice.number, refused.exception.name)
        self._assert_deal(self.lead_a, stock.SOLD, "sale")
        # the credit note undoes the sale: the car is held for the sales up again by its order
        self._credit(invoice)
        self.assertEqual((self.car.state, self.car.reserved_lead_id), (stock.RESERVED, self.lead_a))
        with self.assertRaises(UserError) as refused, self.cr.savepoint():
            self.lead_a.sudo(self.sales_a).action_presales_reopen()
        self.assertIn("cancel the order first", refused.exception.name)
        order.sudo().action_cancel()
        self.assertEqual(self.car.state, stock.AVAILABLE)
        self.lead_a.sudo(self.sales_a).action_presales_reopen()
        self.assertEqual(self.lead_a.lifecycle_state, lifecycle.OPEN)

    def test_a_sales_up_with_a_confirmed_order_is_not_lost(self):
        order = self._order(self.lead_a, self.sales_a)
        order.action_confirm()
        self.lead_a.write({"lost_reason": self.loss_reason.id})
        with self.assertRaises(UserError) as refused, self.cr.savepoint():
            self.lead_a.sudo(self.sales_a).action_set_lost()
        self.assertIn(order.name, refused.exception.name)
        self.assertEqual(self.lead_a.lifecycle_state, lifecycle.WON)

    def test_a_cancelled_order_keeps_the_car_for_a_customer_who_still_wants_it(self):
        wish = self.env["presales.desired.vehicle"].create({"lead_id": self.lead_a.id, "stock_vehicle_id": self.car.id})
        wish.sudo(self.sales_a).action_reserve()
        order = self._order(self.lead_a, self.sales_a)
        order.action_confirm()
        with self.assertRaises(UserError) as refused, self.cr.savepoint():
            wish.sudo(self.sales_a).action_release()
        self.assertIn("cancel the order to release it", refused.exception.name)
        order.action_cancel()
        self.assertEqual((self.car.state, self.car.reserved_lead_id), (stock.RESERVED, self.lead_a))

    def test_a_colleague_cannot_quote_a_held_car(self):
        self._order(self.lead_a, self.sales_a).action_confirm()
        with self.assertRaises(UserError) as refused:
            self._order(self.lead_b, self.sales_b)
        self.assertIn("Stock vehicle DEAL-1", refused.exception.name)

    def test_orders_follow_their_sales_up(self):
        order = self._order(self.lead_a, self.sales_a)
        quotation = self.env["sale.order"].sudo(self.sales_a)._presales_create_from_configurations(
            self.configure(self.lead_a))
        self.lead_a.sudo(self.manager_a).write({"user_id": self.sales_a2.id})
        # read as the system: sales_a no longer sees the orders he handed over
        order, quotation = order.sudo(), quotation.sudo()
        self.assertEqual((order | quotation).mapped("user_id"), self.sales_a2)
        logs = self.env["presales.assignment.log"].search([("order_id", "in", (order | quotation).ids)])
        self.assertEqual(len(logs), 2)
        self.assertEqual(logs.mapped("previous_user_id"), self.sales_a)
        # bulk: an order of a sales up takes its sales up along
        wizard = self.env["presales.reassign"].sudo(self.manager_a).with_context(
            active_model="sale.order", active_ids=order.ids).create({"user_id": self.sales_a.id})
        wizard.action_reassign()
        self.assertEqual((self.lead_a.user_id, quotation.user_id), (self.sales_a, self.sales_a))

    def test_the_handover_moves_quotations_and_orders(self):
        order = self._order(self.lead_a, self.sales_a)
        loose = self.env["sale.order"].create({"partner_id": self.customer_a.id, "user_id": self.sales_a.id,
                                               "team_id": self.branch_a.id})
        wizard = self.env["presales.handover"].sudo(self.director).create(
            {"user_id": self.sales_a.id, "mode": "one", "target_user_id": self.sales_a2.id})
        self.assertEqual(wizard.open_order_count, 2)
        wizard.action_handover()
        self.assertEqual((order.sudo() | loose).mapped("user_id"), self.sales_a2)
        self.assertEqual(self.lead_a.user_id, self.sales_a2)

    def test_a_car_sold_before_comes_back_through_its_state_when_traded_in(self):
        Vehicle = self.env["presales.stock.vehicle"]
        sold_once = Vehicle.create({"stock_number": "OLD-1", "vin": "W0L0AHL3255247384", "year": 2015,
                                    "make": "Opel", "model": "Astra", "price": 9900, "team_id": self.branch_b.id})
        sold_once._presales_stock_event(stock.FEED_SOLD)
        trade_in = self.env["presales.trade.in"].create({
            "lead_id": self.lead_a.id, "make": "Opel", "model": "Astra", "year": 2015, "mileage": 128000,
            "vin": "W0L0AHL3255247384"})
        self.assertEqual(trade_in._presales_take_into_stock(self.branch_a), sold_once)
        self.assertEqual((sold_once.state, sold_once.reserved_lead_id.id, sold_once.team_id, sold_once.trade_in_id,
                          sold_once.mileage, sold_once.is_used),
                         (stock.AVAILABLE, False, self.branch_a, trade_in, 128000, True))
        # a VIN still on the lot is a typing error on the trade-in, told in words
        typo = self.env["presales.trade.in"].create({
            "lead_id": self.lead_a.id, "make": "Volkswagen", "model": "Golf", "vin": self.car.vin})
        with self.assertRaises(UserError) as refused, self.cr.savepoint():
            typo._presales_take_into_stock(self.branch_a)
        self.assertIn("on the lot already", refused.exception.name)
        self.assertEqual(self.car.state, stock.AVAILABLE)
