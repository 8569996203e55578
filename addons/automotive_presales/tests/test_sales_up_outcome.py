from odoo.exceptions import ValidationError

from .common import DealerCase, sales_up_values


class TestSalesUpOutcome(DealerCase):
    """Winning or losing a sales up logs its own contact moment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(sales_up_values({
            "name": "Estate for the Alpha family", "type": "opportunity",
            "partner_id": cls.customer_a.id, "user_id": cls.sales_a.id, "team_id": cls.branch_a.id}))

    def _moments(self, kind):
        """The moments of this kind; the sales up also carries the one logged at its creation."""
        return self.lead.contact_moment_ids.filtered(lambda moment: moment.kind == kind)

    def test_winning_logs_the_agreement_and_the_signed_step(self):
        self.lead.sudo(self.sales_a).action_set_won()
        self.assertEqual(self.lead.probability, 100)
        moment = self._moments("agreement")
        self.assertEqual(len(moment), 1)
        self.assertEqual(moment.phase_id.code, "sales_agreement")
        self.assertEqual(moment.user_id, self.sales_a)
        self.assertEqual(self.lead.sales_step_ids.mapped("step"), ["signed"])
        # winning again logs nothing more
        self.lead.sudo(self.sales_a).action_set_won()
        self.assertEqual(len(self._moments("agreement")), 1)

    def test_losing_logs_the_lost_moment_with_the_reason(self):
        reason = self.env["crm.lost.reason"].create({"name": "Bought a used car elsewhere"})
        wizard = self.env["crm.lead.lost"].sudo(self.sales_a).with_context(
            active_ids=self.lead.ids).create({"lost_reason_id": reason.id})
        wizard.action_lost_reason_apply()
        self.assertFalse(self.lead.active)
        moment = self._moments("lost")
        self.assertEqual(len(moment), 1)
        self.assertEqual(moment.phase_id.code, "lost_order")
        self.assertIn("Bought a used car elsewhere", moment.summary)

    def test_losing_without_a_reason_is_refused_and_logs_nothing(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.lead.sudo(self.sales_a).action_set_lost()
        self.lead.invalidate_cache()
        self.assertTrue(self.lead.active)
        self.assertFalse(self._moments("lost"))
