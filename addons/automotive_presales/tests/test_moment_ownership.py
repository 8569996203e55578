from odoo.exceptions import AccessError

from .ownership_common import OwnershipWritesCase
from .test_test_drive import dt


class TestMomentVisibility(OwnershipWritesCase):
    """Issue 7, item 8: a contact moment follows its sales up, or without one the customer's
    portfolio owner; who logged it grants nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Moment = cls.env["presales.contact.moment"]
        # logged by sales_a2 on sales_a's sales up (e.g. while covering for a colleague)
        cls.moment_lead_a = Moment.create({
            "kind": "call", "summary": "Called Anna back", "lead_id": cls.lead_a.id, "user_id": cls.sales_a2.id})
        cls.moment_shared = Moment.create({
            "kind": "call", "summary": "Van options", "lead_id": cls.lead_shared.id, "user_id": cls.sales_a2.id})
        cls.moment_lead_b = Moment.create({
            "kind": "call", "summary": "Bert on the SUV", "lead_id": cls.lead_b.id, "user_id": cls.sales_b.id})
        # without sales up: the portfolio owner of the customer
        cls.moment_portfolio_a = Moment.create({
            "kind": "happy_call", "summary": "Anna is happy", "partner_id": cls.customer_a.id,
            "user_id": cls.sales_a2.id})
        company_customer = cls.env["res.partner"].create(
            {"firstname": "Nora", "lastname": "Nobody", "customer": True})
        cls.moment_company = Moment.create({
            "kind": "call", "summary": "Company portfolio call", "origin": "dms", "user_id": False,
            "partner_id": company_customer.id, "team_id": cls.branch_a.id})
        cls.moments = (cls.moment_lead_a | cls.moment_shared | cls.moment_lead_b
                       | cls.moment_portfolio_a | cls.moment_company)

    def _visible(self, user):
        return self.env["presales.contact.moment"].sudo(user).search([("id", "in", self.moments.ids)])

    def test_each_role_sees_the_moments_of_what_it_works(self):
        self.assertEqual(self._visible(self.sales_a),
                         self.moment_lead_a | self.moment_shared | self.moment_portfolio_a)
        self.assertEqual(self._visible(self.sales_a2), self.moment_shared)
        self.assertEqual(self._visible(self.sales_b), self.moment_lead_b)
        self.assertEqual(self._visible(self.manager_a), self.moments - self.moment_lead_b)
        self.assertEqual(self._visible(self.director), self.moments)
        with self.assertRaises(AccessError):
            self.moment_company.sudo(self.sales_a).read(["summary"])

    def test_after_a_reassignment_the_moments_go_with_the_sales_up(self):
        self.lead_a.sudo(self.manager_a).write({"user_id": self.sales_a2.id, "second_user_id": self.sales_b.id})
        lead_moments = self.lead_a.sudo().contact_moment_ids
        self.assertIn(self.moment_lead_a, lead_moments)
        Moment = self.env["presales.contact.moment"]
        self.assertEqual(Moment.sudo(self.sales_a2).search([("lead_id", "=", self.lead_a.id)]), lead_moments)
        self.assertEqual(Moment.sudo(self.sales_b).search([("lead_id", "=", self.lead_a.id)]), lead_moments)
        self.assertFalse(Moment.sudo(self.sales_a).search([("lead_id", "=", self.lead_a.id)]))
        with self.assertRaises(AccessError):
            self.moment_lead_a.sudo(self.sales_a).read(["summary"])


class TestMomentWrites(OwnershipWritesCase):
    """Issue 7, item 8: what a salesperson may record, and what is locked once recorded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.moment = cls.env["presales.contact.moment"].sudo(cls.sales_a).create(
            {"kind": "call", "summary": "First call", "lead_id": cls.lead_a.id})

    def test_salesperson_logs_crm_moments_for_themselves(self):
        self.assertEqual((self.moment.user_id, self.moment.origin), (self.sales_a, "crm"))
        Moment = self.env["presales.contact.moment"].sudo(self.sales_a)
        for values, context in (({"origin": "dms"}, {}),
                                ({}, {"default_origin": "dms"}),
                                ({"user_id": self.sales_a2.id}, {}),
                                ({"user_id": False}, {}),
                                ({"team_id": self.branch_b.id}, {}),
                                ({}, {"default_user_id": self.sales_a2.id})):
            with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
                Moment.with_context(**context).create(dict(
                    {"kind": "call", "summary": "Skewed", "lead_id": self.lead_a.id}, **values))
            self.assertIn("Skewed", str(error.exception))
        self.assertFalse(self.env["presales.contact.moment"].search([("summary", "=", "Skewed")]))

    def test_salesperson_cannot_log_on_a_colleagues_sales_up_or_customer(self):
        Moment = self.env["presales.contact.moment"].sudo(self.sales_a)
        for values in ({"lead_id": self.lead_a2.id}, {"lead_id": self.lead_b.id},
                       {"partner_id": self.customer_b.id}):
            with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
                Moment.create(dict({"kind": "call", "summary": "Foreign"}, **values))
            self.assertNotIn("Bert", str(error.exception))
            self.assertNotIn("Coupe", str(error.exception))
        # the customer of a shared sales up: readable, but not in sales_a's portfolio
        with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
            Moment.create({"kind": "call", "summary": "No sales up", "partner_id": self.customer_shared.id})
        self.assertIn("field Sales up", str(error.exception))
        own = Moment.create({"kind": "call", "summary": "Portfolio call", "partner_id": self.customer_a.id})
        self.assertEqual((own.user_id, own.team_id), (self.sales_a, self.branch_a))
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.moment.sudo(self.sales_a).write({"lead_id": self.lead_b.id})
        self.assertEqual(self.moment.lead_id, self.lead_a)

    def test_who_what_when_and_origin_are_locked_for_salespeople(self):
        for values in ({"user_id": self.sales_a2.id}, {"origin": "dms"}, {"kind": "agreement"},
                       {"occurred_at": dt(1, 9)}, {"team_id": self.branch_b.id}):
            with self.assertRaises(AccessError) as error, self.env.cr.savepoint():
                self.moment.sudo(self.sales_a).write(values)
            self.assertIn("First call", str(error.exception))
        self.moment.sudo(self.sales_a).write({"summary": "First call, left a message", "kind": "call"})
        self.assertEqual(self.moment.summary, "First call, left a message")
        self.moment.sudo(self.manager_a).write({"kind": "showroom_visit", "occurred_at": dt(1, 9)})
        self.assertEqual((self.moment.kind, self.moment.occurred_at), ("showroom_visit", dt(1, 9)))

    def test_second_salesperson_wins_loses_and_books_a_drive_on_a_shared_sales_up(self):
        lead = self.lead_shared.sudo(self.sales_a)
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Volta"})
        model = self.env["fleet.vehicle.model"].create({"name": "Van", "brand_id": brand.id})
        car = self.env["fleet.vehicle"].create({"model_id": model.id, "license_plate": "DEMO-7"})
        drive = self.env["presales.test.drive"].sudo(self.sales_a).create({
            "lead_id": lead.id, "partner_id": self.customer_shared.id, "fleet_vehicle_id": car.id,
            "start_datetime": dt(2, 10), "stop_datetime": dt(2, 11),
            "licence_number": "B-2", "licence_expiry": "2035-01-01"})
        self.assertEqual(drive.lead_id, self.lead_shared)
        lead.action_set_won()
        self.assertEqual(self.lead_shared.probability, 100)
        kinds = self.lead_shared.contact_moment_ids.mapped("kind")
        self.assertIn("agreement", kinds)
        self.assertIn("test_drive", kinds)
        second = self.env["crm.lead"].create({
            "name": "Second van", "type": "opportunity", "lead_type": "walk_in", "lead_status": "warm",
            "partner_id": self.customer_shared.id, "user_id": self.sales_a2.id,
            "second_user_id": self.sales_a.id, "team_id": self.branch_a.id})
        second.sudo(self.sales_a).write({"lost_reason": self.loss_reason.id})
        second.sudo(self.sales_a).action_set_lost()
        self.assertFalse(second.active)
        self.assertIn("lost", second.with_context(active_test=False).contact_moment_ids.mapped("kind"))
