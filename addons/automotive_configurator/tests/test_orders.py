from odoo.exceptions import UserError

from .common import ConfiguratorCase, pdf_text


class TestOrders(ConfiguratorCase):
    """New car, fleet and stock orders run through Odoo's confirm and invoice flows to a posted
    invoice; a stock car is reserved, then sold, never twice; a trade-in becomes a used car."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.car = cls.env["presales.stock.vehicle"].create({
            "stock_number": "CFG-1", "vin": "WVWZZZCD3RW012346", "year": 2025, "make": "Volkswagen",
            "model": "Golf", "trim": "Life", "colour": "Pure White", "fuel": "petrol", "price": 30990,
            "team_id": cls.branch_a.id})
        cls.trade_in = cls.env["presales.trade.in"].create({
            "lead_id": cls.lead_a.id, "make": "Opel", "model": "Astra", "year": 2015, "mileage": 128000,
            "vin": "W0L0AHL3255247384", "expected_value": 5200, "appraised_value": 4800,
            "appraiser_id": cls.manager_a.id, "appraisal_date": "2026-01-10"})

    def _invoice(self, order):
        """Confirm as the salesperson, invoice and post as the accountant (Odoo's own flows)."""
        order.sudo(order.user_id).action_confirm()
        self.assertEqual(order.state, "sale")
        invoice_ids = order.action_invoice_create()
        invoice = self.env["account.invoice"].browse(invoice_ids)
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, "open")
        self.assertTrue(invoice.move_id, "the invoice is posted to the books")
        self.assertEqual(invoice.amount_total, order.amount_total)
        return invoice

    def test_new_car_with_trade_in_to_posted_invoice(self):
        config = self.configure(self.lead_a, options=["vw_tow", "vw_winter"], discount_amount=500)
        order = self.env["sale.order"].sudo(self.sales_a)._presales_create_from_configurations(config)
        self.assertEqual(order.presales_order_type, "new_car")
        self.assertEqual(order.opportunity_id, self.lead_a)
        self.assertEqual(order.user_id, self.sales_a)
        names = order.order_line.mapped("product_id.name")
        self.assertEqual(names, ["Golf Style", "Tow bar", "Winter pack", "Discount on a configured vehicle",
                                 "BPM (registration tax)", "Road-ready costs", "Trade-in vehicle"])
        trade_line = order.order_line.filtered("trade_in_id")
        self.assertEqual((trade_line.price_unit, trade_line.tax_id.ids), (-4800.0, []))
        self.assertEqual(order.amount_total, round(config.price_on_the_road - 4800, 2))
        invoice = self._invoice(order)
        self.assertEqual(invoice.amount_total, round(config.price_on_the_road - 4800, 2))

        order.action_presales_deliver()
        used = self.env["presales.stock.vehicle"].search([("trade_in_id", "=", self.trade_in.id)])
        self.assertEqual((used.state, used.team_id, used.vin, used.is_used),
                         ("available", self.branch_a, "W0L0AHL3255247384", True))
        self.assertEqual((used.make, used.model, used.mileage), ("Opel", "Astra", 128000))
        self.assertIn("delivery", self.lead_a.contact_moment_ids.mapped("kind"))
        with self.assertRaises(UserError):
            order.action_presales_deliver()

    def test_fleet_of_configurations_to_posted_invoice(self):
        style = self.configure(self.lead_b, quantity=3)
        life = self.configure(self.lead_b, version=self.golf_life, engine_id=self.item("golf_tsi"),
                              transmission_id=self.item("golf_manual"), colour_id=self.item("vw_white"),
                              upholstery_id=self.item("vw_cloth"), quantity=2)
        order = self.env["sale.order"].sudo(self.sales_b)._presales_create_from_configurations(style | life)
        self.assertEqual(order.presales_order_type, "fleet")
        cars = order.order_line.filtered(lambda line: line.product_id.catalog_kind == "version")
        self.assertEqual(cars.mapped("product_uom_qty"), [3.0, 2.0])
        self.assertEqual(order.amount_total, round(style.price_on_the_road + life.price_on_the_road, 2))
        self._invoice(order)

    def test_stock_car_reserved_then_sold_never_twice(self):
        wizard = self.env["presales.stock.order"].sudo(self.sales_a).create({
            "lead_id": self.lead_a.id, "make": "volks", "fuel": "petrol", "price_min": 30000, "price_max": 31000,
            "team_id": self.branch_a.id})
        self.assertEqual(wizard.matching_ids, self.car)
        wizard.vehicle_id = self.car
        order = self.env["sale.order"].browse(wizard.action_order()["res_id"])
        self.assertEqual(order.presales_order_type, "stock")
        self.assertEqual(order.order_line.filtered("stock_vehicle_id").price_unit, 30990)
        second = self.env["sale.order"].sudo(self.sales_b)._presales_create_from_stock(self.lead_b, self.car)

        self._invoice(order)
        self.assertEqual(self.car.state, "sold")
        with self.assertRaises(UserError) as error:
            second.sudo(self.sales_b).action_confirm()
        self.assertIn("stock vehicle CFG-1", error.exception.name)
        self.assertIn("already sold", error.exception.name)
        self.assertEqual(second.state, "draft")
        with self.assertRaises(UserError):
            self.env["sale.order"]._presales_create_from_stock(self.lead_b, self.car)

    def test_reserved_car_cannot_be_confirmed_for_another_customer(self):
        first = self.env["sale.order"]._presales_create_from_stock(self.lead_a, self.car)
        second = self.env["sale.order"]._presales_create_from_stock(self.lead_b, self.car)
        first.action_confirm()
        self.assertEqual((self.car.state, self.car.reserved_lead_id), ("reserved", self.lead_a))
        with self.assertRaises(UserError) as error:
            second.action_confirm()
        self.assertIn("stock vehicle CFG-1", error.exception.name)
        self.assertIn("already on another confirmed order", error.exception.name)
        first.action_cancel()
        self.assertEqual(self.car.state, "available")
        second.action_confirm()
        self.assertEqual(self.car.reserved_lead_id, self.lead_b)

    def test_a_trade_in_without_vin_cannot_enter_stock(self):
        self.trade_in.vin = False
        order = self.env["sale.order"]._presales_create_from_stock(self.lead_a, self.car)
        order.action_confirm()
        with self.assertRaises(UserError) as error:
            order.action_presales_deliver()
        self.assertIn("Trade-in 2015 Opel Astra on sales up Golf for Anna: field VIN is required", error.exception.name)

    def test_stock_vehicle_sheet_is_one_page(self):
        self.car.write({"equipment": "Park Distance Control\nApp-Connect", "power_kw": 110})
        text = pdf_text(self.real_pdf("automotive_configurator.report_stock_vehicle_sheet", self.car.ids))
        self.assertEqual(text.rstrip("\f").count("\f"), 0, "the vehicle sheet takes more than one page")
        for expected in ("CFG-1", "WVWZZZCD3RW012346", "Volkswagen Golf", "Pure White", "Petrol", "App-Connect",
                         "110 kW (150 hp)", "30,990.00"):
            self.assertIn(expected, text)
