from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from ..lib import stock
from .vehicles_common import VehiclesCase, make_vin


class TestStockVehicle(VehiclesCase):

    def test_display_name_reads_stock_number_year_make_model_trim(self):
        self.assertEqual(self.golf.display_name, "STK1042 2024 Volkswagen Golf Life")
        self.assertEqual(self.golf.state, "available")

    def test_look_up_finds_a_car_by_stock_number_or_vin(self):
        Stock = self.env["presales.stock.vehicle"].sudo(self.sales_b)
        by_number = Stock.name_search("stk1042")
        self.assertEqual([car_id for car_id, _name in by_number], [self.golf.id])
        self.assertEqual(by_number[0][1], "STK1042 2024 Volkswagen Golf Life")
        by_vin = Stock.name_search(self.octavia.vin.lower())
        self.assertEqual([car_id for car_id, _name in by_vin], [self.octavia.id])
        by_vin_end = Stock.name_search(self.tiguan.vin[-6:])
        self.assertEqual([car_id for car_id, _name in by_vin_end], [self.tiguan.id])
        by_model = Stock.name_search("Tiguan", args=[("id", "in", (self.golf | self.tiguan).ids)])
        self.assertEqual([car_id for car_id, _name in by_model], [self.tiguan.id])

    def test_vin_is_stored_normalized(self):
        car = self.env["presales.stock.vehicle"].create({
            "stock_number": " stk5005 ", "vin": " " + make_vin(5005).lower(), "make": "Seat",
            "model": "Leon"})
        self.assertEqual(car.vin, make_vin(5005))
        self.assertEqual(car.stock_number, "STK5005")

    def test_a_bad_vin_is_refused_naming_the_vehicle_and_the_field(self):
        good = make_vin(6006)
        mistyped = good[:-1] + ("1" if good[-1] != "1" else "2")
        bad_vins = {
            good[:16]: "17 characters",
            good[:16] + "O": "I, O or Q",
            mistyped: "check digit",
        }
        for bad_vin, reason in bad_vins.items():
            with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
                self.env["presales.stock.vehicle"].create({
                    "stock_number": "STK6006", "vin": bad_vin, "make": "Seat", "model": "Ibiza"})
            message = str(error.exception)
            self.assertIn("STK6006", message)
            self.assertIn("field VIN", message)
            self.assertIn(reason, message)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.golf.write({"vin": mistyped})
        self.golf.invalidate_cache()
        self.assertEqual(self.golf.vin, make_vin(1042))

    def test_a_european_vin_has_no_check_digit_to_verify(self):
        car = self.env["presales.stock.vehicle"].create({
            "stock_number": "STK7007", "vin": "WVWZZZ1KZAW000001", "make": "Volkswagen", "model": "Golf"})
        self.assertEqual(car.vin, "WVWZZZ1KZAW000001")
        with self.assertRaises(ValidationError) as error:
            car.write({"vin": "WVWZZZ1KZAW00000Q"})
        self.assertIn("I, O or Q", str(error.exception))

    def test_a_model_year_from_the_future_is_refused(self):
        with self.assertRaises(ValidationError) as error:
            self.golf.write({"year": 2999})
        self.assertIn("Model year", str(error.exception))

    def test_vin_and_stock_number_are_unique_in_the_database(self):
        Stock = self.env["presales.stock.vehicle"]
        with self.assertRaises(IntegrityError), self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            Stock.create({"stock_number": "STK7007", "vin": self.golf.vin, "make": "VW", "model": "Golf"})
        with self.assertRaises(IntegrityError), self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            Stock.create({"stock_number": "STK1042", "vin": make_vin(7007), "make": "VW", "model": "Golf"})

    def test_salespeople_read_the_whole_stock_but_cannot_edit_it(self):
        every_car = self.golf | self.octavia | self.tiguan
        for salesperson in (self.sales_a, self.sales_b):
            seen = self.env["presales.stock.vehicle"].sudo(salesperson).search([("id", "in", every_car.ids)])
            self.assertEqual(seen, every_car)
        self.assertEqual(self.octavia.sudo(self.sales_a).price, 27500.0)
        with self.assertRaises(AccessError):
            self.golf.sudo(self.sales_a).write({"price": 1.0})
        with self.assertRaises(AccessError):
            self.env["presales.stock.vehicle"].sudo(self.sales_a).create({
                "stock_number": "STK8008", "vin": make_vin(8008), "make": "VW", "model": "Polo"})
        self.assertEqual(self.golf.price, 31990.0)

    def test_a_branch_manager_edits_the_stock_of_their_branch_only(self):
        self.golf.sudo(self.manager_a).write({"price": 30990.0})
        self.assertEqual(self.golf.price, 30990.0)
        car = self.env["presales.stock.vehicle"].sudo(self.manager_a).create({
            "stock_number": "STK9009", "vin": make_vin(9009), "make": "VW", "model": "Polo",
            "team_id": self.branch_a.id})
        self.assertEqual(car.team_id, self.branch_a)
        with self.assertRaises(AccessError):
            self.octavia.sudo(self.manager_a).write({"price": 1.0})
        with self.assertRaises(AccessError):
            self.golf.sudo(self.manager_a).unlink()
        self.octavia.sudo(self.director).write({"price": 26900.0})
        self.assertEqual(self.octavia.price, 26900.0)

    def test_state_changes_are_tracked_for_the_director(self):
        car = self.golf.with_context(tracking_disable=False)
        car._presales_stock_event(stock.RESERVE, self.lead_a)
        tracked = car.message_ids.mapped("tracking_value_ids").filtered(
            lambda value: value.field == "state")
        self.assertEqual(tracked.mapped("old_value_char"), ["Available"])
        self.assertEqual(tracked.mapped("new_value_char"), ["Reserved"])
