from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ConfiguratorCase

APPROVAL = "automotive_configurator.mail_activity_discount_approval"
ANSWER = "automotive_configurator.mail_activity_discount_answer"


class TestDiscountApproval(ConfiguratorCase):
    """A discount above the salesperson's limit waits for the branch manager, above the manager's
    for the director; the answer reaches the salesperson; the margin is the managers' to see.

    The Golf Style 2.0 TDI DSG red leather costs 41,240.00 excl. VAT; the limits are 3 % (1,237.20)
    for a salesperson and 8 % (3,299.20) for a branch manager.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.company_id.write({"presales_discount_limit_salesperson": 3,
                                       "presales_discount_limit_manager": 8})
        cls.config = cls.configure(cls.lead_a, discount_amount=2500)  # 6.06 %
        cls.offer = cls.env["presales.offer"].create({
            "lead_id": cls.lead_a.id, "configuration_ids": [(6, 0, cls.config.ids)]})

    def activities(self, xmlid, user):
        return self.env["mail.activity"].search([
            ("res_model", "=", "presales.offer"), ("res_id", "=", self.offer.id),
            ("activity_type_id", "=", self.env.ref(xmlid).id), ("user_id", "=", user.id)])

    def mails(self):
        return self.env["mail.mail"].search([("model", "=", "presales.offer"), ("res_id", "=", self.offer.id)])

    def notifications(self, user):
        return self.env["bus.bus"].search([("channel", "=", '"notify_info_%s"' % user.id)])

    def test_within_the_limit_it_goes_out_at_once(self):
        self.config.discount_amount = 1237.20  # exactly 3 %
        self.offer.sudo(self.sales_a).action_send()
        self.assertEqual(self.offer.state, "sent")

    def test_above_the_limit_it_waits_then_goes_through_after_approval(self):
        self.assertEqual(self.offer.discount_percent, 6.06)
        offer = self.offer.sudo(self.sales_a)
        offer.action_send()
        self.assertEqual((self.offer.state, self.offer.approval_level), ("to_approve", "branch_manager"))
        self.assertFalse(self.mails(), "nothing reaches the customer before the approval")
        # the branch manager gets an activity and a notification on the screen
        self.assertEqual(len(self.activities(APPROVAL, self.manager_a)), 1)
        self.assertTrue(self.notifications(self.manager_a))
        self.assertIn("waits for the approval of Manager A", self.offer.sudo(self.sales_a).approval_status)
        # the salesperson cannot approve their own discount, nor mark it approved
        with self.assertRaises(AccessError):
            offer.action_approve()
        # the manager approves from the offer
        self.offer.sudo(self.manager_a).action_approve()
        self.assertEqual((self.offer.state, self.offer.approved_by_id, self.offer.approved_discount_percent),
                         ("draft", self.manager_a, 6.06))
        self.assertFalse(self.activities(APPROVAL, self.manager_a), "the approval activity is done")
        self.assertEqual(len(self.activities(ANSWER, self.sales_a)), 1)
        self.assertTrue(self.notifications(self.sales_a))
        # now the offer goes out
        offer.action_send()
        self.assertEqual(self.offer.state, "sent")
        self.assertTrue(self.mails())

    def test_an_approval_lapses_when_the_discount_grows(self):
        self.offer.sudo(self.sales_a).action_send()
        self.offer.sudo(self.manager_a).action_approve()
        self.config.sudo(self.sales_a).discount_amount = 2000  # smaller: still approved
        self.offer.sudo(self.sales_a).action_send()
        self.assertEqual(self.offer.state, "sent")

        other = self.configure(self.lead_a, discount_amount=2500)
        offer = self.env["presales.offer"].create({"lead_id": self.lead_a.id, "configuration_ids": [(6, 0, other.ids)]})
        offer.sudo(self.sales_a).action_send()
        offer.sudo(self.manager_a).action_approve()
        other.sudo(self.sales_a).discount_amount = 3000  # 7.27 %: beyond what was approved
        offer.sudo(self.sales_a).action_send()
        self.assertEqual(offer.state, "to_approve")

    def test_the_manager_counters(self):
        self.offer.sudo(self.sales_a).action_send()
        wizard = self.env["presales.offer.counter"].sudo(self.manager_a).create({
            "offer_id": self.offer.id, "max_discount_percent": 5, "note": "Not with leather"})
        wizard.action_apply()
        # 5 % of 41,240.00 is 2,062.00
        self.assertEqual(self.config.discount_amount, 2062.00)
        self.assertEqual((self.offer.state, self.offer.approved_discount_percent), ("draft", 5.0))
        self.assertIn("Not with leather", self.offer.approval_note)
        answer = self.activities(ANSWER, self.sales_a)
        self.assertIn("at most 5.00 %", answer.summary)
        self.offer.sudo(self.sales_a).action_send()
        self.assertEqual(self.offer.state, "sent")

    def test_above_the_manager_s_limit_the_director_decides(self):
        self.config.discount_amount = 4000  # 9.70 %
        self.offer.sudo(self.sales_a).action_send()
        self.assertEqual(self.offer.approval_level, "sales_director")
        self.assertTrue(self.activities(APPROVAL, self.director))
        with self.assertRaises(AccessError) as error:
            self.offer.sudo(self.manager_a).action_approve()
        self.assertIn("needs the approval of the sales director", error.exception.name)
        self.offer.sudo(self.director).action_approve()
        self.assertEqual(self.offer.state, "draft")

    def test_a_manager_gives_up_to_their_own_limit_without_asking(self):
        lead = self.lead_unassigned
        lead.user_id = self.manager_a
        config = self.configure(lead, discount_amount=2500)
        offer = self.env["presales.offer"].create({"lead_id": lead.id,
                                                   "configuration_ids": [(6, 0, config.ids)]})
        offer.sudo(self.manager_a).action_hand_over()
        self.assertEqual(offer.state, "sent")

    def test_a_discount_lowered_while_waiting_goes_out_without_an_answer(self):
        self.offer.sudo(self.sales_a).action_send()
        self.config.sudo(self.sales_a).discount_amount = 1000  # 2.42 %
        self.offer.sudo(self.sales_a).action_send()
        self.assertEqual((self.offer.state, self.offer.approval_level), ("sent", False))
        self.assertFalse(self.activities(APPROVAL, self.manager_a), "nothing left for the manager to answer")

    def test_the_limits_are_settings(self):
        settings = self.env["res.config.settings"].create({
            "presales_discount_limit_salesperson": 7, "presales_discount_limit_manager": 12})
        settings.set_values()
        self.assertEqual(self.env.user.company_id.presales_discount_limit_salesperson, 7)
        self.offer.sudo(self.sales_a).action_send()  # 6.06 % is within 7 % now
        self.assertEqual(self.offer.state, "sent")
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({
                "presales_discount_limit_salesperson": 9, "presales_discount_limit_manager": 8}).set_values()

    def test_an_unapproved_discount_cannot_be_accepted(self):
        with self.assertRaises(UserError):
            self.offer.sudo(self.sales_a).action_accept()

    def test_the_margin_is_the_managers_to_see(self):
        # cost: 88 % of every list price (demo), so 41,240 x 0.88 = 36,291.20; margin after the discount
        # 41,240 - 2,500 - 36,291.20 = 2,448.80
        manager_view = self.config.sudo(self.manager_a)
        self.assertAlmostEqual(manager_view.price_cost, 36291.20, places=2)
        self.assertAlmostEqual(manager_view.margin_amount, 2448.80, places=2)
        self.assertAlmostEqual(self.offer.sudo(self.manager_a).margin_total, 2448.80, places=2)
        for record, name in ((self.config, "margin_amount"), (self.offer, "margin_total")):
            with self.assertRaises(AccessError):
                record.sudo(self.sales_a).read([name])
            self.assertNotIn(name, record.sudo(self.sales_a).fields_get())
