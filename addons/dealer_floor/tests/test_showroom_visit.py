from odoo.exceptions import AccessError

from .common import FloorCase


class TestShowroomVisit(FloorCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Visit = cls.env["presales.showroom.visit"]
        cls.visit_a = Visit.sudo(cls.sales_a).create({"lead_id": cls.lead_a.id, "purpose": "test_drive"})
        cls.visit_a2 = Visit.sudo(cls.sales_a2).create({"lead_id": cls.lead_a2.id})

    def test_who_sees_a_visit(self):
        def seen(user):
            return self.env["presales.showroom.visit"].sudo(user).search([]) & (self.visit_a | self.visit_a2)
        self.assertEqual(seen(self.sales_a), self.visit_a)
        self.assertEqual(seen(self.sales_a2), self.visit_a2)
        self.assertFalse(seen(self.sales_b))
        self.assertEqual(seen(self.manager_a), self.visit_a | self.visit_a2)
        self.assertEqual(seen(self.director), self.visit_a | self.visit_a2)

    def test_a_salesperson_records_visits_they_serve_the_manager_overrides(self):
        with self.assertRaises(AccessError):
            self.env["presales.showroom.visit"].sudo(self.sales_a).create(
                {"lead_id": self.lead_a.id, "user_id": self.sales_a2.id})
        with self.assertRaises(AccessError):
            self.visit_a.sudo(self.sales_a).write({"user_id": self.sales_a2.id})
        self.visit_a.sudo(self.manager_a).write({"user_id": self.sales_a2.id})
        self.assertEqual(self.visit_a.user_id, self.sales_a2)

    def test_checkout_ends_the_visit_once(self):
        self.visit_a.sudo(self.sales_a).action_checkout()
        left = self.visit_a.checkout_at
        self.assertTrue(left)
        self.assertFalse(self.visit_a.in_showroom)
        self.visit_a.sudo(self.sales_a).action_checkout()
        self.assertEqual(self.visit_a.checkout_at, left)
        with self.assertRaises(AccessError):
            self.visit_a2.sudo(self.sales_a).action_checkout()

    def test_next_up_is_a_fair_rotation_over_those_present_and_free(self):
        Visit = self.env["presales.showroom.visit"]
        third = self._make_user("sales_a3", "automotive_presales.group_salesperson", self.branch_a)
        for minutes, user in enumerate((self.sales_a, self.sales_a2, third)):
            user.floor_present_since = "2030-01-01 08:0%d:00" % minutes
        # sales_a and sales_a2 each have a customer now; third has had none yet
        self.assertEqual(Visit.sudo(self.sales_a).next_up(self.branch_a.id)["id"], third.id)
        self.visit_a.action_checkout()
        Visit.sudo(third).create({"walk_in_name": "Walk-in"}).action_checkout()
        # all free now: sales_a's last walk-in is older than third's
        self.assertEqual(Visit.sudo(self.manager_a).next_up(self.branch_a.id)["id"], self.sales_a.id)
        self.sales_a.sudo(self.sales_a).action_floor_toggle_present()
        self.assertEqual(Visit.sudo(self.manager_a).next_up(self.branch_a.id)["id"], third.id)
        with self.assertRaises(AccessError):
            Visit.sudo(self.sales_b).next_up(self.branch_a.id)

    def test_open_visits_at_closing_go_to_the_branch_manager(self):
        self.branch_a.showroom_closing_hour = 0.0
        self.sales_a.floor_present_since = "2030-01-01 08:00:00"
        self.env["presales.showroom.visit"]._cron_close_showroom_day()
        self.assertTrue(self.visit_a.left_open and self.visit_a2.left_open)
        self.assertFalse(self.sales_a.floor_present_since)
        left = self.env["presales.showroom.visit"].sudo(self.manager_a).search(
            [("left_open", "=", True), ("in_showroom", "=", True)])
        self.assertEqual(left & (self.visit_a | self.visit_a2), self.visit_a | self.visit_a2)

    def test_the_floor_screen_names_only_my_customers(self):
        self.sales_a.floor_present_since = "2030-01-01 08:00:00"
        state = self.Floor.sudo(self.sales_a).floor_state()
        visits = {visit["id"]: visit for visit in state["in_showroom"]}
        self.assertEqual(visits[self.visit_a.id]["customer"], "Anna Alpha")
        self.assertFalse(visits[self.visit_a2.id]["customer"])
        self.assertEqual(visits[self.visit_a2.id]["salesperson"], self.sales_a2.name)
