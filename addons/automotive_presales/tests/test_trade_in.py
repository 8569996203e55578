from odoo import fields
from odoo.exceptions import ValidationError

from .vehicles_common import VehiclesCase, make_vin


class TestTradeIn(VehiclesCase):

    def _trade_in(self, **values):
        values = dict({"lead_id": self.lead_a.id, "year": 2016, "make": "Opel", "model": "Astra",
                       "mileage": 142000, "condition": "fair"}, **values)
        return self.env["presales.trade.in"].sudo(self.sales_a).create(values)

    def test_the_gap_shows_how_far_the_appraisal_is_from_the_expectation(self):
        trade_in = self._trade_in(expected_value=9000.0)
        self.assertEqual(trade_in.value_gap, 0.0)  # nothing to compare before the appraisal
        trade_in.write({"appraised_value": 7500.0, "appraiser_id": self.manager_a.id,
                        "appraisal_date": "2025-03-01"})
        self.assertEqual(trade_in.value_gap, -1500.0)
        # stored, so managers can list the trade-ins the customer overvalues
        below = self.env["presales.trade.in"].search([("value_gap", "<", 0), ("id", "=", trade_in.id)])
        self.assertEqual(below, trade_in)
        self.assertEqual(self.lead_a.trade_in_ids, trade_in)
        self.assertEqual(trade_in.name, "2016 Opel Astra")

    def test_an_appraised_value_needs_an_appraiser_and_a_date(self):
        with self.assertRaises(ValidationError) as error:
            self._trade_in(appraised_value=7500.0)
        message = str(error.exception)
        self.assertIn("2016 Opel Astra", message)
        self.assertIn(self.lead_a.name, message)
        self.assertIn("Appraiser", message)
        self.assertIn("Appraisal Date", message)
        with self.assertRaises(ValidationError) as error:
            self._trade_in(appraised_value=7500.0, appraiser_id=self.manager_a.id)
        self.assertNotIn("Appraiser,", str(error.exception))
        self.assertIn("Appraisal Date", str(error.exception))
        trade_in = self._trade_in(
            appraised_value=7500.0, appraiser_id=self.manager_a.id, appraisal_date="2025-03-01")
        self.assertEqual(trade_in.appraiser_id, self.manager_a)

    def test_entering_a_value_proposes_the_user_as_appraiser_today(self):
        trade_in = self.env["presales.trade.in"].sudo(self.manager_a).new(
            {"lead_id": self.lead_a.id, "make": "Opel", "model": "Astra", "appraised_value": 7000.0})
        trade_in._onchange_appraised_value()
        self.assertEqual(trade_in.appraiser_id, self.manager_a)
        self.assertEqual(trade_in.appraisal_date, fields.Date.context_today(trade_in))

    def test_a_given_vin_is_validated(self):
        trade_in = self._trade_in(vin=make_vin(4711).lower())
        self.assertEqual(trade_in.vin, make_vin(4711))
        self.assertFalse(self._trade_in().vin)  # the VIN is optional on a trade-in
        with self.assertRaises(ValidationError) as error:
            self._trade_in(vin="WVWZZZ1KZAW00000")
        message = str(error.exception)
        self.assertIn("Trade-in 2016 Opel Astra", message)
        self.assertIn("field VIN", message)
        self.assertIn("17 characters", message)

    def test_make_and_model_are_required(self):
        with self.assertRaises(ValidationError) as error:
            self._trade_in(make=False)
        self.assertIn("field Make", str(error.exception))
