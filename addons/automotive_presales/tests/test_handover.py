from odoo.exceptions import AccessError, UserError

from .common import DealerCase, sales_up_values


class TestHandover(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        cls.open_leads = Lead.browse()
        for number in range(3):
            cls.open_leads |= Lead.create(sales_up_values({
                "name": "Open %s" % number, "type": "opportunity",
                "user_id": cls.sales_a.id, "team_id": cls.branch_a.id}))
        cls.won = Lead.create(sales_up_values({"name": "Won", "type": "opportunity", "user_id": cls.sales_a.id,
                                               "team_id": cls.branch_a.id, "probability": 100}))
        cls.lost = Lead.create(sales_up_values({"name": "Lost", "type": "opportunity", "user_id": cls.sales_a.id,
                                                "team_id": cls.branch_a.id, "active": False,
                                                "lost_reason": cls.loss_reason.id}))
        cls.customer_a.user_id = cls.sales_a

        def activity(record, summary):
            return cls.env["mail.activity"].create({
                "res_model_id": cls.env["ir.model"]._get(record._name).id, "res_id": record.id,
                "user_id": cls.sales_a.id, "summary": summary})

        cls.act_on_lead = activity(cls.open_leads[2], "Call back")

        brand = cls.env["fleet.vehicle.model.brand"].create({"name": "Skoda"})
        car = cls.env["fleet.vehicle"].create({
            "model_id": cls.env["fleet.vehicle.model"].create({"name": "Octavia", "brand_id": brand.id}).id,
            "license_plate": "DEMO-9"})

        def test_drive(state, day, lead=None):
            return cls.env["presales.test.drive"].create({
                "partner_id": cls.customer_a.id, "lead_id": lead and lead.id, "fleet_vehicle_id": car.id,
                "user_id": cls.sales_a.id, "state": state,
                "start_datetime": "2030-01-%02d 10:00:00" % day, "stop_datetime": "2030-01-%02d 10:30:00" % day,
                "licence_number": "NL-123456", "licence_expiry": "2035-01-01"})

        cls.drive_on_lead = test_drive("planned", 10, cls.open_leads[1])
        cls.drive_without_lead = test_drive("planned", 11)
        cls.drive_done = test_drive("done", 12, cls.open_leads[1])
        cls.act_on_customer = activity(cls.customer_a, "Birthday card")

    def wizard(self, user=None, **values):
        return self.env["presales.handover"].sudo(user or self.director).create(
            dict(values, user_id=self.sales_a.id))

    def test_the_wizard_counts_the_open_work(self):
        wizard = self.wizard()
        self.assertEqual(wizard.open_lead_count, 3)
        self.assertEqual(wizard.open_activity_count, 2)
        self.assertEqual(wizard.open_test_drive_count, 2)

    def test_open_sales_ups_go_round_robin_and_activities_follow_them(self):
        self.wizard(mode="spread", target_user_ids=[(6, 0, (self.sales_a2 | self.sales_b).ids)]).action_handover()
        first, second, third = self.open_leads
        self.assertEqual((first.user_id, second.user_id, third.user_id), (self.sales_a2, self.sales_b, self.sales_a2))
        self.assertEqual(self.act_on_lead.user_id, third.user_id)
        self.assertEqual(self.act_on_customer.user_id, self.sales_a2)
        self.assertEqual(self.drive_on_lead.user_id, second.user_id, "a drive follows its sales up")
        self.assertEqual(self.drive_without_lead.user_id, self.sales_a2)
        self.assertEqual(self.drive_done.user_id, self.sales_a, "a drive that happened stays")
        self.assertEqual((self.won | self.lost).mapped("user_id"), self.sales_a, "closed work stays")
        self.assertTrue(self.sales_a.active, "the user is left as is")

    def test_the_portfolio_customers_move_too_with_their_sales_up(self):
        buyer = self.env["res.partner"].create(
            {"firstname": "Bea", "lastname": "Buyer", "customer": True, "user_id": self.sales_a.id})
        self.open_leads[1].partner_id = buyer
        wizard = self.wizard(mode="spread", target_user_ids=[(6, 0, (self.sales_a2 | self.sales_b).ids)])
        self.assertEqual(wizard.portfolio_customer_count, 2)
        wizard.action_handover()
        self.assertEqual(buyer.user_id, self.open_leads[1].user_id, "the customer follows their sales up")
        self.assertEqual(buyer.user_id, self.sales_b)
        self.assertIn(self.customer_a.user_id, self.sales_a2 | self.sales_b)
        self.assertFalse(self.env["res.partner"].search([("user_id", "=", self.sales_a.id)]))

    def test_each_handed_over_sales_up_tracks_its_new_owner(self):
        self.wizard(mode="one", target_user_id=self.sales_a2.id).action_handover()
        self.assertEqual(self.open_leads.mapped("user_id"), self.sales_a2)
        for lead in self.open_leads:
            tracking = self.env["mail.tracking.value"].search([
                ("mail_message_id", "in", lead.message_ids.ids), ("field", "=", "user_id")])
            self.assertEqual((tracking.old_value_integer, tracking.new_value_integer),
                             (self.sales_a.id, self.sales_a2.id), lead.name)
            # credited to the director who made the handover, not to the superuser
            self.assertEqual(tracking.mail_message_id.author_id, self.director.partner_id, lead.name)

    def test_someone_must_take_over_and_not_the_leaver(self):
        with self.assertRaisesRegex(UserError, "Sales A"):
            self.wizard(mode="spread").action_handover()
        with self.assertRaisesRegex(UserError, "their own work"):
            self.wizard(mode="one", target_user_id=self.sales_a.id).action_handover()
        self.assertEqual(self.open_leads.mapped("user_id"), self.sales_a)

    def test_only_the_director_hands_over(self):
        with self.assertRaises(AccessError):
            self.wizard(self.manager_a, mode="one", target_user_id=self.sales_a2.id).action_handover()
        self.assertEqual(self.open_leads.mapped("user_id"), self.sales_a)

    def test_each_kind_of_work_has_its_domain(self):
        domains = self.wizard()._handover_domains()
        # other addons add their own kinds of work (automotive_configurator: quotations and orders)
        self.assertLessEqual({"crm.lead", "mail.activity", "presales.test.drive", "res.partner"}, set(domains))
