from odoo.exceptions import AccessError

from .common import sales_up_values
from .ownership_common import OwnershipWritesCase


class TestCustomerTakeover(OwnershipWritesCase):
    """Issue 7, item 2: a sales up may only name a customer its user can already read."""

    def test_salesperson_cannot_link_a_colleagues_customer_to_own_sales_up(self):
        with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
            self.lead_a.sudo(self.sales_a).write({"partner_id": self.customer_a2.id})
        message = str(error.exception)
        self.assertIn("Estate for Anna", message)
        self.assertIn("field Customer", message)
        self.assertNotIn("Carla", message)
        self.assertEqual(self.lead_a.partner_id, self.customer_a)
        self.assertHidden(self.customer_a2, self.sales_a)

    def test_salesperson_cannot_create_a_sales_up_on_a_colleagues_customer(self):
        Lead = self.env["crm.lead"].sudo(self.sales_a)
        with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
            Lead.create(sales_up_values({"name": "Takeover", "partner_id": self.customer_a2.id}))
        self.assertIn('Sales up "Takeover": field Customer', str(error.exception))
        with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
            Lead.with_context(default_partner_id=self.customer_b.id).create(
                sales_up_values({"name": "Takeover by default", "contact_name": "X"}))
        self.assertIn("field Customer", str(error.exception))
        self.assertNotIn("Bert", str(error.exception))
        self.assertHidden(self.customer_a2 | self.customer_b, self.sales_a)

    def test_salesperson_links_own_customers(self):
        own = self.env["res.partner"].sudo(self.sales_a).create(
            {"firstname": "Otto", "lastname": "Own", "customer": True})
        self.lead_a.sudo(self.sales_a).write({"partner_id": own.id})
        self.assertEqual(self.lead_a.partner_id, own)
        # the customer of a sales up they are second salesperson on is theirs to read, too
        lead = self.env["crm.lead"].sudo(self.sales_a).create(
            sales_up_values({"name": "Second car for Sam", "partner_id": self.customer_shared.id}))
        self.assertEqual((lead.user_id, lead.partner_id), (self.sales_a, self.customer_shared))

    def test_branch_manager_links_customers_of_the_branch_only(self):
        self.lead_a.sudo(self.manager_a).write({"partner_id": self.customer_a2.id})
        self.assertEqual(self.lead_a.partner_id, self.customer_a2)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.lead_a.sudo(self.manager_a).write({"partner_id": self.customer_b.id})
        self.assertHidden(self.customer_b, self.manager_a)

    def test_director_links_any_customer(self):
        self.lead_a.sudo(self.director).write({"partner_id": self.customer_b.id})
        self.assertEqual(self.lead_a.partner_id, self.customer_b)


class TestContextDefaults(OwnershipWritesCase):
    """Issue 7, item 6: default_* in the create context set the owner as much as vals do."""

    def _create(self, user, **context):
        return self.env["crm.lead"].sudo(user).with_context(**context).create(
            sales_up_values({"name": "From the context"}))

    def test_salesperson_cannot_set_owner_second_or_branch_through_the_context(self):
        for context in ({"default_user_id": self.sales_a2.id},
                        {"default_second_user_id": self.sales_a2.id},
                        {"default_team_id": self.branch_b.id}):
            with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
                self._create(self.sales_a, **context)
            self.assertIn("From the context", str(error.exception))
        self.assertFalse(self.env["crm.lead"].search([("name", "=", "From the context")]))

    def test_salesperson_may_default_to_themselves_and_their_branch(self):
        lead = self._create(self.sales_a, default_user_id=self.sales_a.id, default_team_id=self.branch_a.id)
        self.assertEqual((lead.user_id, lead.team_id), (self.sales_a, self.branch_a))

    def test_branch_manager_assigns_through_the_context(self):
        lead = self._create(self.manager_a, default_user_id=self.sales_a2.id,
                            default_second_user_id=self.sales_a.id)
        self.assertEqual((lead.user_id, lead.second_user_id), (self.sales_a2, self.sales_a))


class TestMerge(OwnershipWritesCase):
    """Issue 7, item 7: Odoo deletes the merged sales ups as superuser."""

    def test_second_salesperson_cannot_merge_away_the_owners_sales_up(self):
        with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
            (self.lead_a | self.lead_shared).sudo(self.sales_a).merge_opportunity()
        self.assertIn("Van for Sam", str(error.exception))
        self.assertTrue((self.lead_a | self.lead_shared).exists() == self.lead_a | self.lead_shared)

    def test_salesperson_cannot_merge_a_sales_up_they_cannot_see(self):
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            (self.lead_a | self.lead_b).sudo(self.sales_a).merge_opportunity()
        self.assertEqual(len((self.lead_a | self.lead_b).exists()), 2)

    def test_salesperson_merges_their_own_sales_ups(self):
        twin = self.env["crm.lead"].sudo(self.sales_a).create(
            sales_up_values({"name": "Estate for Anna (web)", "partner_id": self.customer_a.id}))
        head = (self.lead_a | twin).sudo(self.sales_a).merge_opportunity()
        self.assertEqual(len((self.lead_a | twin).exists()), 1)
        self.assertEqual(head.user_id, self.sales_a)

    def test_branch_manager_merges_within_the_branch_not_across(self):
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            (self.lead_a | self.lead_b).sudo(self.manager_a).merge_opportunity()
        (self.lead_a | self.lead_a2).sudo(self.manager_a).merge_opportunity()
        self.assertEqual(len((self.lead_a | self.lead_a2).exists()), 1)


class TestReparenting(OwnershipWritesCase):
    """Issue 7, item 12: a write must not move a record out of its user's reach."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.trade_in = cls.env["presales.trade.in"].create(
            {"lead_id": cls.lead_a.id, "make": "Volta", "model": "Estate", "year": 2015})
        cls.desired = cls.env["presales.desired.vehicle"].create(
            {"lead_id": cls.lead_a.id, "make": "Volta", "model": "Coupe"})
        cls.quote = cls.env["presales.finance.quote"].create(
            {"lead_id": cls.lead_a.id, "kind": "cash", "vehicle_price": 20000.0})

    def test_salesperson_cannot_move_vehicles_and_quotes_onto_a_colleagues_sales_up(self):
        for record in (self.trade_in, self.desired, self.quote):
            for target in (self.lead_a2, self.lead_b):
                with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
                    record.sudo(self.sales_a).write({"lead_id": target.id})
                self.assertIn("field Sales up", str(error.exception))
                self.assertNotIn(target.name, str(error.exception))
            self.assertEqual(record.lead_id, self.lead_a)

    def test_a_move_that_ends_outside_the_users_reach_is_refused_after_the_write(self):
        # a sales up the second salesperson may read, but a write there would hand the
        # trade-in to the owner: allowed, both work it. A manager moving a trade-in out of the
        # branch is refused by the check after the write.
        self.trade_in.sudo(self.sales_a).write({"lead_id": self.lead_shared.id})
        self.assertEqual(self.trade_in.lead_id, self.lead_shared)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.trade_in.sudo(self.manager_a).write({"lead_id": self.lead_b.id})
        self.trade_in.sudo(self.director).write({"lead_id": self.lead_b.id})
        self.assertEqual(self.trade_in.lead_id, self.lead_b)

    def test_salesperson_cannot_make_a_customer_visible_to_everyone(self):
        with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
            self.customer_a.sudo(self.sales_a).write({"customer": False})
        self.assertIn("field Customer", str(error.exception))
        self.assertTrue(self.customer_a.customer)
        self.assertHidden(self.customer_a, self.sales_a2)
        self.customer_a.sudo(self.manager_a).write({"customer": False})
        self.assertFalse(self.customer_a.customer)

    def test_salesperson_cannot_plant_a_customer_in_a_colleagues_portfolio(self):
        Partner = self.env["res.partner"].sudo(self.sales_a)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.customer_a.sudo(self.sales_a).write({"parent_id": self.customer_a2.id})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Partner.create({"firstname": "Plant", "lastname": "Ed", "customer": True,
                            "parent_id": self.customer_b.id})
        with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
            Partner.with_context(default_user_id=self.sales_a2.id).create(
                {"firstname": "Plant", "lastname": "Ed", "customer": True})
        self.assertIn("field Salesperson", str(error.exception))
        self.assertFalse(self.env["res.partner"].search([("lastname", "=", "Ed")]))
        self.assertFalse(self.customer_a.parent_id)


class TestDriveReparenting(OwnershipWritesCase):

    def test_salesperson_cannot_move_a_drive_onto_a_colleagues_sales_up(self):
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Volta"})
        model = self.env["fleet.vehicle.model"].create({"name": "Estate", "brand_id": brand.id})
        car = self.env["fleet.vehicle"].create({"model_id": model.id, "license_plate": "DEMO-9"})
        drive = self.env["presales.test.drive"].sudo(self.sales_a).create({
            "lead_id": self.lead_a.id, "partner_id": self.customer_a.id, "fleet_vehicle_id": car.id,
            "start_datetime": "2031-04-01 10:00:00", "stop_datetime": "2031-04-01 11:00:00",
            "licence_number": "B-1", "licence_expiry": "2035-01-01"})
        for target in (self.lead_a2, self.lead_b):
            with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
                drive.sudo(self.sales_a).write({"lead_id": target.id})
            self.assertIn("field Sales up", str(error.exception))
        with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
            drive.sudo(self.sales_a).write({"partner_id": self.customer_b.id})
        self.assertIn("field Customer", str(error.exception))
        self.assertNotIn("Bert", str(error.exception))
        self.assertEqual((drive.lead_id, drive.partner_id), (self.lead_a, self.customer_a))
