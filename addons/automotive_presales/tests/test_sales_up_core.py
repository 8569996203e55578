from .common import DealerCase, sales_up_values


class TestSalesUpCore(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(sales_up_values({
            "name": "Estate for the Alpha family", "type": "opportunity",
            "partner_id": cls.customer_a.id, "user_id": cls.sales_a.id, "team_id": cls.branch_a.id,
            "lead_type": "walk_in", "lead_status": "warm"}))

    def test_an_action_logs_its_contact_moment_on_the_sales_up(self):
        moment = self.lead._presales_log_moment("test_drive", "Drove the estate")
        self.assertEqual(moment.lead_id, self.lead)
        self.assertEqual(moment.partner_id, self.customer_a)
        self.assertEqual(moment.user_id, self.sales_a)
        self.assertEqual(moment.team_id, self.branch_a)
        self.assertEqual(moment.phase_id.code, "test_drive")
        self.assertIn(moment, self.lead.contact_moment_ids)

    def test_a_step_is_recorded_once_with_when_and_by_whom(self):
        first = self.lead.sudo(self.sales_a)._presales_log_step("greeting")
        again = self.lead.sudo(self.sales_a)._presales_log_step("greeting")
        self.assertEqual(first, again)
        self.assertEqual(first.user_id, self.sales_a)
        self.assertTrue(first.done_at)
        self.assertEqual(self.lead.sales_step_ids.mapped("step"), ["greeting"])
