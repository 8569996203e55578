from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ConfiguratorCase, pdf_text


class TestDesking(ConfiguratorCase):
    """The payment grid of an offer (demo rates of Noord Autofinanciering and Polder Private Lease)
    and the deposits, on the offer, the order and the invoice.

    The Golf Style 2.0 TDI DSG red leather is 62,827.10 on the road in 2026 (49,900.40 with VAT,
    BPM 11,907.50, road-ready costs 1,019.20); the trade-in is appraised at 4,800.00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.trade_in = cls.env["presales.trade.in"].create({
            "lead_id": cls.lead_a.id, "make": "Opel", "model": "Astra", "year": 2015, "mileage": 128000,
            "vin": "W0L0AHL3255247384", "expected_value": 5200, "appraised_value": 4800,
            "appraiser_id": cls.manager_a.id, "appraisal_date": "2026-01-10"})
        cls.config = cls.configure(cls.lead_a)
        cls.offer = cls.env["presales.offer"].sudo(cls.sales_a).create({
            "lead_id": cls.lead_a.id, "configuration_ids": [(6, 0, cls.config.ids)], "trade_in_id": cls.trade_in.id,
            "grid_terms": "36, 48", "grid_down_payment": 1000, "grid_mileage": 10000})

    def row(self, kind, months=0):
        return self.offer.payment_option_ids.filtered(
            lambda option: option.kind == kind and option.term_months == months)

    def test_the_grid_by_hand(self):
        self.assertEqual(self.offer.amount_total, 62827.10)
        self.assertEqual(len(self.offer.payment_option_ids), 5, "cash, two financial and two private leases")
        self.assertEqual(self.row("cash").total_payable, 58027.10)
        # financial lease: 57,027.10 financed, final instalment 30 % = 18,848.13, 36 months at 6.9 %
        lease36 = self.row("financial_lease", 36)
        self.assertEqual((lease36.financed_amount, lease36.residual_value, lease36.monthly_payment),
                         (57027.10, 18848.13, 1285.49))
        self.assertEqual(lease36.total_payable, 66125.77)  # 1,000 + 36 x 1,285.49 + 18,848.13
        # 48 months at 7.2 %, final instalment 25 % = 15,706.775 -> 15,706.78
        self.assertEqual(self.row("financial_lease", 48).monthly_payment, 1087.55)
        # private lease 10,000 km: down to 52 % (36 months) and 45 % (48) at 4.9 %, plus 149 a month
        self.assertEqual(self.row("private_lease", 36).monthly_payment, 1011.31)  # 862.31 + 149
        self.assertEqual(self.row("private_lease", 48).monthly_payment, 925.35)  # 776.35 + 149

    def test_mileage_and_terms_change_the_grid(self):
        self.offer.write({"grid_mileage": 15000, "grid_terms": "24,36,48,60,72"})
        private = self.offer.payment_option_ids.filtered(lambda option: option.kind == "private_lease")
        self.assertEqual(private.mapped("term_months"), [24, 36, 48, 60, 72])
        self.assertEqual(set(private.mapped("mileage_per_year")), {15000})
        with self.assertRaises(ValidationError):
            self.offer.grid_terms = "forever"

    def test_choosing_a_way_to_pay_survives_a_new_price(self):
        self.row("private_lease", 48).action_choose()
        self.assertEqual(self.offer.chosen_payment_option_id.monthly_payment, 925.35)
        self.config.sudo(self.sales_a).discount_amount = 1000
        self.offer.invalidate_cache()
        chosen = self.offer.chosen_payment_option_id
        self.assertEqual((chosen.kind, chosen.term_months), ("private_lease", 48))
        self.assertLess(chosen.monthly_payment, 925.35)

    def test_the_grid_is_not_written_by_hand(self):
        with self.assertRaises(UserError):
            self.offer.write({"payment_option_ids": [(5, 0, 0)]})
        with self.assertRaises(AccessError):
            self.row("cash").sudo(self.sales_a).write({"monthly_payment": 1})

    def test_the_pdf_shows_the_grid_and_the_deposit(self):
        self.env["presales.deposit"].sudo(self.sales_a).create({
            "offer_id": self.offer.id, "amount": 2500, "payment_method": "debit_card", "received_on": "2026-03-02"})
        self.assertEqual(self.offer.deposit_total, 2500)
        self.assertEqual(self.offer.amount_due, 55527.10)  # 62,827.10 - 4,800 - 2,500
        text = pdf_text(self.real_pdf("automotive_configurator.report_presales_offer", self.offer.ids))
        for expected in ("Ways to pay", "1,285.49", "925.35", "Debit card (PIN)", "2,500.00", "55,527.10",
                         "62,827.10", "11,907.50"):
            self.assertIn(expected, text)

    def test_a_deposit_follows_the_offer_onto_the_order_and_the_invoice(self):
        deposit = self.env["presales.deposit"].sudo(self.sales_a).create({
            "offer_id": self.offer.id, "amount": 1500, "payment_method": "bank_transfer", "reference": "NL-778"})
        with self.assertRaises(UserError):
            deposit.write({"amount": 15000})
        self.offer.sudo(self.sales_a).action_hand_over()
        self.offer.sudo(self.sales_a).action_accept()
        action = self.offer.sudo(self.sales_a).action_create_order()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual((order.offer_id, deposit.order_id), (self.offer, order))
        self.assertEqual(order.deposit_total, 1500)
        with self.assertRaises(UserError):
            self.offer.sudo(self.sales_a).action_create_order()
        order.action_confirm()
        invoice = self.env["account.invoice"].browse(order.action_invoice_create())
        self.assertEqual(invoice.presales_deposit_ids, deposit)
        self.assertEqual(invoice.presales_amount_after_deposits, round(invoice.amount_total - 1500, 2))
        text = pdf_text(self.real_pdf("account.account_invoices", invoice.ids))
        self.assertIn("Bank transfer", text)
        self.assertIn("To pay after deposits", text)

    def test_deposits_follow_the_sales_up(self):
        deposit = self.env["presales.deposit"].sudo(self.sales_a).create({"offer_id": self.offer.id, "amount": 500})
        Deposit = self.env["presales.deposit"]
        self.assertEqual(Deposit.sudo(self.manager_a).search([("id", "=", deposit.id)]), deposit)
        self.assertFalse(Deposit.sudo(self.sales_a2).search([("id", "=", deposit.id)]))
        self.assertFalse(Deposit.sudo(self.sales_b).search([("id", "=", deposit.id)]))
        with self.assertRaises(AccessError):
            Deposit.sudo(self.sales_b).create({"offer_id": self.offer.id, "amount": 100})
        with self.assertRaises(AccessError):
            deposit.sudo(self.sales_a).unlink()
        with self.assertRaises(ValidationError):
            Deposit.create({"offer_id": self.offer.id, "amount": 0})
