from .common import DealerCase


class TestSalesUpOutcome(DealerCase):
    """Winning or losing a sales up logs its own contact moment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create({
            "name": "Estate for the Alpha family", "type": "opportunity",
            "partner_id": cls.customer_a.id, "user_id": cls.sales_a.id, "team_id": cls.branch_a.id})

    def test_winning_logs_the_agreement_and_the_signed_step(self):
        self.lead.sudo(self.sales_a).action_set_won()
        self.assertEqual(self.lead.probability, 100)
        moment = self.lead.contact_moment_ids
        self.assertEqual(moment.kind, "agreement")
        self.assertEqual(moment.phase_id.code, "sales_agreement")
        self.assertEqual(moment.user_id, self.sales_a)
        self.assertEqual(self.lead.sales_step_ids.mapped("step"), ["signed"])
        # winning again logs nothing more
        self.lead.sudo(self.sales_a).action_set_won()
        self.assertEqual(len(self.lead.contact_moment_ids), 1)

    def test_losing_logs_the_lost_moment_with_the_reason(self):
        reason = self.env["crm.lost.reason"].create({"name": "Bought a used car elsewhere"})
        wizard = self.env["crm.lead.lost"].sudo(self.sales_a).with_context(
            active_ids=self.lead.ids).create({"lost_reason_id": reason.id})
        wizard.action_lost_reason_apply()
        self.assertFalse(self.lead.active)
        moment = self.lead.with_context(active_test=False).contact_moment_ids
        self.assertEqual(moment.kind, "lost")
        self.assertEqual(moment.phase_id.code, "lost_order")
        self.assertIn("Bought a used car elsewhere", moment.summary)

    def test_losing_without_a_reason_still_logs_it(self):
        self.lead.sudo(self.sales_a).action_set_lost()
        moment = self.lead.contact_moment_ids
        self.assertEqual(moment.kind, "lost")
        self.assertNotIn("reason", moment.summary)
