from odoo.exceptions import UserError, ValidationError

from ..lib import stock
from .common import load_dutch
from .vehicles_common import VehiclesCase


class TestDesiredVehicle(VehiclesCase):

    def _desire(self, lead, user, **values):
        values.setdefault("lead_id", lead.id)
        return self.env["presales.desired.vehicle"].sudo(user).create(values)

    def test_a_car_picked_from_stock_fills_year_make_model_trim(self):
        desired = self._desire(self.lead_a, self.sales_a, stock_vehicle_id=self.golf.id)
        self.assertEqual((desired.year, desired.make, desired.model, desired.trim),
                         (2024, "Volkswagen", "Golf", "Life"))
        self.assertEqual(desired.name, "2024 Volkswagen Golf Life (STK1042)")
        self.assertEqual(desired.price, 31990.0)
        self.assertEqual(self.lead_a.desired_vehicle_ids, desired)

    def test_the_form_fills_the_car_as_soon_as_it_is_picked(self):
        desired = self.env["presales.desired.vehicle"].sudo(self.sales_a).new(
            {"lead_id": self.lead_a.id, "stock_vehicle_id": self.tiguan.id})
        desired._onchange_stock_vehicle_id()
        self.assertEqual((desired.year, desired.make, desired.model, desired.trim),
                         (2024, "Volkswagen", "Tiguan", "R-Line"))

    def test_picking_another_stock_car_follows_it(self):
        desired = self._desire(self.lead_a, self.sales_a, stock_vehicle_id=self.golf.id)
        desired.write({"stock_vehicle_id": self.octavia.id})
        self.assertEqual((desired.make, desired.model, desired.trim), ("Skoda", "Octavia", "Combi Style"))

    def test_a_car_not_in_stock_is_entered_by_hand(self):
        desired = self._desire(self.lead_a, self.sales_a, year=2025, make="Cupra", model="Born", trim="VZ")
        self.assertFalse(desired.stock_vehicle_id)
        self.assertEqual(desired.name, "2025 Cupra Born VZ")

    def test_make_and_model_are_required_either_way(self):
        with self.assertRaises(ValidationError) as error:
            self._desire(self.lead_a, self.sales_a, year=2025, trim="GTI")
        message = str(error.exception)
        self.assertIn(self.lead_a.name, message)
        self.assertIn("Make", message)
        self.assertIn("Model", message)
        with self.assertRaises(ValidationError) as error:
            self._desire(self.lead_a, self.sales_a, make="Cupra")
        self.assertIn("field Model", str(error.exception))
        desired = self._desire(self.lead_a, self.sales_a, make="Cupra", model="Born")
        with self.assertRaises(ValidationError):
            desired.write({"model": " "})

    def test_analytics_count_what_customers_ask_for_by_make_model_month_and_branch(self):
        self._desire(self.lead_a, self.sales_a, stock_vehicle_id=self.golf.id, requested_date="2025-01-10")
        self._desire(self.lead_a2, self.sales_a2, make="Volkswagen", model="Golf", requested_date="2025-01-20")
        self._desire(self.lead_b, self.sales_b, make="Volkswagen", model="Golf", requested_date="2025-02-03")
        self._desire(self.lead_b, self.sales_b, make="Skoda", model="Octavia", requested_date="2025-02-04")
        Desired = self.env["presales.desired.vehicle"].sudo(self.director)
        domain = [("lead_id", "in", (self.lead_a | self.lead_a2 | self.lead_b).ids)]
        groups = Desired.read_group(domain, ["make", "model", "requested_date"],
                                    ["make", "model", "requested_date:month"], lazy=False)
        counts = {(group["make"], group["model"], group["requested_date:month"]): group["__count"]
                  for group in groups}
        self.assertEqual(counts, {
            ("Volkswagen", "Golf", "January 2025"): 2,
            ("Volkswagen", "Golf", "February 2025"): 1,
            ("Skoda", "Octavia", "February 2025"): 1,
        })
        by_branch = Desired.read_group(domain, ["team_id"], ["team_id"])
        self.assertEqual({group["team_id"][0]: group["team_id_count"] for group in by_branch},
                         {self.branch_a.id: 2, self.branch_b.id: 2})


class TestReservation(VehiclesCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Desired = cls.env["presales.desired.vehicle"]
        cls.golf_for_a = Desired.create({"lead_id": cls.lead_a.id, "stock_vehicle_id": cls.golf.id})
        cls.tiguan_for_a = Desired.create({"lead_id": cls.lead_a.id, "stock_vehicle_id": cls.tiguan.id})
        cls.golf_for_b = Desired.create({"lead_id": cls.lead_b.id, "stock_vehicle_id": cls.golf.id})

    def test_reserving_holds_the_stock_car_for_the_sales_up(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.assertEqual(self.golf.state, "reserved")
        self.assertEqual(self.golf.reserved_lead_id, self.lead_a)
        self.assertEqual(self.golf_for_a.reservation_state, "reserved")
        self.assertEqual(self.lead_a.reserved_vehicle_count, 1)

    def test_a_car_reserved_for_another_open_sales_up_cannot_be_reserved(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        with self.assertRaises(UserError) as error:
            self.golf_for_b.sudo(self.sales_b).action_reserve()
        message = str(error.exception)
        self.assertIn("STK1042", message)
        # the branch holding the car, never the other sales up (issue 7, item 13)
        self.assertIn(self.lead_a.team_id.name, message)
        self.assertNotIn(self.lead_a.name, message)
        self.assertEqual(self.golf.reserved_lead_id, self.lead_a)
        self.assertEqual(self.golf_for_b.reservation_state, "none")

    def test_a_refusal_reads_in_the_salespersons_language(self):
        load_dutch(self.env, ["automotive_presales"])
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        with self.assertRaises(UserError) as error:
            self.golf_for_b.sudo(self.sales_b).with_context(lang="nl_NL").action_reserve()
        self.assertIn("de auto is gereserveerd voor een andere verkoopkans", error.exception.name)
        self.assertNotIn("reserved for another", error.exception.name)

    def test_losing_the_sales_up_puts_the_car_back_for_colleagues(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.lead_a.sudo(self.sales_a).write({"lost_reason": self.loss_reason.id})
        self.lead_a.sudo(self.sales_a).action_set_lost()
        self.assertEqual(self.golf.state, "available")
        self.assertFalse(self.golf.reserved_lead_id)
        self.assertEqual(self.golf_for_a.reservation_state, "none")
        self.golf_for_b.sudo(self.sales_b).action_reserve()
        self.assertEqual(self.golf.reserved_lead_id, self.lead_b)

    def test_winning_keeps_the_reserved_car_held_for_the_customer(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.lead_a.sudo(self.sales_a).action_set_won()
        # the agreement holds the car; its invoice will sell it (lib/stock.py)
        self.assertEqual((self.golf.state, self.golf.reserved_lead_id), ("reserved", self.lead_a))
        self.assertEqual(self.golf_for_a.reservation_state, "reserved")
        self.assertEqual(self.lead_a.lead_status, "sold")
        # the Tiguan was only looked at, never reserved: it stays on the lot
        self.assertEqual(self.tiguan.state, "available")
        with self.assertRaises(UserError) as error:
            self.golf_for_b.sudo(self.sales_b).action_reserve()
        self.assertIn("reserved for another sales up", str(error.exception))
        # sold by its invoice, the car can no longer be released
        self.golf._presales_stock_event(stock.INVOICE, self.lead_a)
        self.assertEqual(self.golf_for_a.reservation_state, "sold")
        with self.assertRaises(UserError):
            self.golf_for_a.sudo(self.sales_a).action_release()
        with self.assertRaises(UserError) as error:
            self.golf_for_b.sudo(self.sales_b).action_reserve()
        self.assertIn("already sold", str(error.exception))

    def test_removing_the_desired_vehicle_releases_the_car(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.golf_for_a.sudo(self.sales_a).unlink()
        self.assertEqual(self.golf.state, "available")
        self.assertFalse(self.golf.reserved_lead_id)

    def test_swapping_the_car_of_a_reserved_wish_releases_the_first_car(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.golf_for_a.sudo(self.sales_a).write({"stock_vehicle_id": self.octavia.id})
        self.assertEqual(self.golf.state, "available")
        self.assertEqual(self.golf_for_a.reservation_state, "none")
        self.assertEqual(self.octavia.state, "available")

    def test_release_button_puts_the_car_back(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.golf_for_a.sudo(self.sales_a).action_release()
        self.assertEqual(self.golf.state, "available")
        self.golf_for_b.sudo(self.sales_b).action_reserve()
        self.assertEqual(self.golf.state, "reserved")

    def test_deleting_the_sales_up_releases_its_car(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.lead_a.unlink()
        self.assertEqual(self.golf.state, "available")

    def test_archiving_the_sales_up_releases_its_car(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.lead_a.sudo(self.sales_a).write({"active": False, "lost_reason": self.loss_reason.id})
        self.assertEqual(self.golf.state, "available")
        self.assertEqual(self.golf_for_a.reservation_state, "none")

    def test_a_hold_left_by_a_lost_sales_up_gives_way(self):
        # e.g. a sales up archived by an import of old data, which raised no event
        self.golf._presales_stock_event(stock.RESERVE, self.lead_a2)
        self.lead_a2._presales_write_facts({"active": False, "lost_reason": self.loss_reason.id})
        self.golf_for_b.sudo(self.sales_b).action_reserve()
        self.assertEqual(self.golf.reserved_lead_id, self.lead_b)
        self.assertEqual(self.golf.state, "reserved")

    def test_a_drag_to_the_won_stage_keeps_the_car_reserved(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        won_stage = self.env["crm.stage"].create({"name": "Signed", "probability": 100.0, "on_change": True})
        self.lead_a.sudo(self.sales_a).write({"stage_id": won_stage.id})
        self.assertEqual(self.lead_a.probability, 100.0)
        self.assertEqual((self.golf.state, self.golf.reserved_lead_id), ("reserved", self.lead_a))
        self.assertEqual(self.lead_a.lead_status, "sold")

    def test_the_car_of_a_sold_wish_cannot_be_swapped(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.lead_a.sudo(self.sales_a).action_set_won()
        self.golf._presales_stock_event(stock.INVOICE, self.lead_a)
        with self.assertRaises(UserError) as error:
            self.golf_for_a.sudo(self.sales_a).write({"stock_vehicle_id": self.tiguan.id})
        self.assertIn("sold", str(error.exception))
        self.assertEqual(self.golf.state, "sold")

    def test_only_a_car_from_stock_can_be_reserved_and_only_for_a_sales_up_not_lost(self):
        by_hand = self.env["presales.desired.vehicle"].create(
            {"lead_id": self.lead_a.id, "make": "Cupra", "model": "Born"})
        with self.assertRaises(UserError) as error:
            by_hand.sudo(self.sales_a).action_reserve()
        self.assertIn("Stock vehicle", str(error.exception))
        self.lead_b.write({"lost_reason": self.loss_reason.id})
        self.lead_b.action_set_lost()
        with self.assertRaises(UserError) as error:
            self.golf_for_b.sudo(self.director).action_reserve()
        self.assertIn("is lost", str(error.exception))
        self.assertEqual(self.golf.state, "available")
