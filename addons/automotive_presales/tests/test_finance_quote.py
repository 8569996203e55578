from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .vehicles_common import VehiclesCase


class TestFinanceQuote(VehiclesCase):

    def _quote(self, lead=None, user=None, **values):
        values = dict({"lead_id": (lead or self.lead_a).id, "kind": "loan", "vehicle_price": 20000.0,
                       "down_payment": 0.0, "term_months": 48, "annual_rate": 5.0}, **values)
        return self.env["presales.finance.quote"].sudo(user or self.sales_a).create(values)

    def test_the_monthly_payment_is_computed_and_stored(self):
        quote = self._quote()
        self.assertAlmostEqual(quote.monthly_payment, 460.59, places=2)
        self.assertEqual(quote.financed_amount, 20000.0)
        self.assertAlmostEqual(quote.total_payable, 48 * 460.59, places=2)
        self.assertEqual(quote.name, "Loan 48 months at 5.00 %")
        stored = self.env["presales.finance.quote"].search(
            [("monthly_payment", "=", 460.59), ("id", "=", quote.id)])
        self.assertEqual(stored, quote)

    def test_the_payment_follows_the_terms(self):
        quote = self._quote()
        quote.write({"annual_rate": 0.0})
        self.assertAlmostEqual(quote.monthly_payment, 416.67, places=2)
        quote.write({"down_payment": 8000.0, "balloon_amount": 2400.0})
        self.assertAlmostEqual(quote.monthly_payment, 200.0, places=2)
        self.assertEqual(quote.financed_amount, 12000.0)

    def test_several_quotes_side_by_side(self):
        cash = self._quote(kind="cash", term_months=0, annual_rate=0.0)
        loan = self._quote()
        lease = self._quote(kind="lease", down_payment=2000.0, term_months=36, annual_rate=3.9,
                            balloon_amount=9000.0)
        self.assertEqual(self.lead_a.finance_quote_ids, cash | loan | lease)
        self.assertEqual(cash.monthly_payment, 0.0)
        self.assertEqual(cash.total_payable, 20000.0)
        self.assertTrue(0 < lease.monthly_payment < loan.monthly_payment)

    def test_choosing_a_quote_unmarks_the_others(self):
        loan = self._quote(is_chosen=True)
        lease = self._quote(kind="lease", term_months=36, balloon_amount=8000.0)
        other_lead = self._quote(lead=self.lead_b, user=self.sales_b, is_chosen=True)
        self.assertEqual(self.lead_a.chosen_finance_quote_id, loan)
        lease.sudo(self.sales_a).action_choose()
        self.assertFalse(loan.is_chosen)
        self.assertTrue(lease.is_chosen)
        self.assertEqual(self.lead_a.chosen_finance_quote_id, lease)
        # another sales up keeps its own choice
        self.assertTrue(other_lead.is_chosen)
        newest = self._quote(is_chosen=True, annual_rate=2.9)
        self.assertEqual(self.lead_a.finance_quote_ids.filtered("is_chosen"), newest)

    def test_two_chosen_quotes_in_one_write_are_refused(self):
        first = self._quote()
        second = self._quote(annual_rate=4.0)
        with self.assertRaises(ValidationError) as error:
            (first | second).write({"is_chosen": True})
        self.assertIn(self.lead_a.name, str(error.exception))

    def test_the_database_holds_one_chosen_quote_per_sales_up(self):
        first = self._quote(is_chosen=True)
        second = self._quote(annual_rate=4.0)
        with self.assertRaises(IntegrityError), self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.env.cr.execute("UPDATE presales_finance_quote SET is_chosen = true WHERE id IN %s",
                                [tuple((first | second).ids)])

    def test_bad_figures_name_the_quote_and_the_field(self):
        cases = (
            ({"term_months": 0}, "Term (months)"),
            ({"kind": "lease", "term_months": -6}, "Term (months)"),
            ({"down_payment": 25000.0}, "Down Payment"),
            ({"kind": "cash", "term_months": 0, "down_payment": 25000.0}, "Down Payment"),
            ({"annual_rate": -1.0}, "Annual rate (%)"),
            ({"balloon_amount": 30000.0}, "Balloon / residual value"),
        )
        for values, field_label in cases:
            with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
                self._quote(**values)
            message = str(error.exception)
            self.assertIn("field %s" % field_label, message)
            self.assertIn(self.lead_a.name, message)
        quote = self._quote()
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            quote.write({"down_payment": 20000.01})
        quote.invalidate_cache()
        self.assertEqual(quote.down_payment, 0.0)

    def test_the_price_comes_from_the_desired_stock_car(self):
        desired = self.env["presales.desired.vehicle"].create(
            {"lead_id": self.lead_a.id, "stock_vehicle_id": self.golf.id})
        quote = self.env["presales.finance.quote"].sudo(self.sales_a).new(
            {"lead_id": self.lead_a.id, "kind": "loan", "desired_vehicle_id": desired.id})
        quote._onchange_desired_vehicle_id()
        self.assertEqual(quote.vehicle_price, 31990.0)
