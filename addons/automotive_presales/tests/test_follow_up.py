from datetime import timedelta

from odoo import fields
from odoo.tools.safe_eval import safe_eval

from .common import DealerCase, sales_up_values


class TestFollowUp(DealerCase):
    """Overdue follow-ups: my own list, and the daily mail to each branch manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.from_string(fields.Date.context_today(cls.env["crm.lead"]))
        Lead = cls.env["crm.lead"]
        cls.lead_a = Lead.create(sales_up_values({"name": "Estate for Anna", "type": "opportunity",
                                                  "partner_id": cls.customer_a.id, "user_id": cls.sales_a.id,
                                                  "team_id": cls.branch_a.id}))
        cls.lead_a_on_time = Lead.create(sales_up_values({"name": "Van for Anna", "type": "opportunity",
                                                          "partner_id": cls.customer_a.id, "user_id": cls.sales_a.id,
                                                          "team_id": cls.branch_a.id}))
        cls.lead_a2 = Lead.create(sales_up_values({"name": "Coupe for Anna", "type": "opportunity",
                                                   "partner_id": cls.customer_a.id, "user_id": cls.sales_a2.id,
                                                   "team_id": cls.branch_a.id}))
        cls.lead_b = Lead.create(sales_up_values({"name": "SUV for Bert", "type": "opportunity",
                                                  "partner_id": cls.customer_b.id, "user_id": cls.sales_b.id,
                                                  "team_id": cls.branch_b.id}))
        cls.branch_b.user_id = cls.director

    def _days_ago(self, days):
        return fields.Date.to_string(self.today - timedelta(days=days))

    def _activity(self, lead, user, due):
        return self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get("crm.lead").id,
            "res_id": lead.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "summary": "Follow up",
            "date_deadline": due,
            "user_id": user.id,
        })

    def _mails_to(self, user):
        return self.env["mail.mail"].search([
            ("recipient_ids", "in", user.partner_id.ids),
            ("subject", "ilike", "behind on follow-up")])

    def test_my_overdue_follow_ups_lists_only_my_late_sales_ups(self):
        self._activity(self.lead_a, self.sales_a, self._days_ago(3))
        self._activity(self.lead_a_on_time, self.sales_a, self._days_ago(-2))
        # a late activity of a colleague on my sales up is not my follow-up
        self._activity(self.lead_a_on_time, self.sales_a2, self._days_ago(5))
        action = self.env.ref("automotive_presales.crm_lead_action_my_overdue_follow_ups")
        domain = safe_eval(action.domain)
        self.assertEqual(self.env["crm.lead"].sudo(self.sales_a).search(domain), self.lead_a)
        self.assertEqual(self.env["crm.lead"].sudo(self.sales_a2).search(domain).ids, [])
        self.assertTrue(self.lead_a.sudo(self.sales_a).presales_my_overdue)
        self.assertFalse(self.lead_a_on_time.sudo(self.sales_a).presales_my_overdue)

    def test_manager_gets_the_late_salespeople_of_the_branch_only(self):
        self._activity(self.lead_a, self.sales_a, self._days_ago(2))
        self._activity(self.lead_a_on_time, self.sales_a, self._days_ago(9))
        self._activity(self.lead_a_on_time, self.sales_a, self._days_ago(-1))  # not late
        self._activity(self.lead_b, self.sales_b, self._days_ago(4))
        mails = self.env["crm.team"]._cron_mail_overdue_follow_ups()

        to_manager = self._mails_to(self.manager_a)
        self.assertEqual(len(to_manager), 1)
        self.assertIn(to_manager, mails)
        body = to_manager.body_html
        self.assertIn("Branch A", to_manager.subject)
        self.assertIn("Sales A", body)
        self.assertIn(">2<", body.replace(" ", ""))  # two overdue activities
        self.assertIn(self._days_ago(9), body)       # the oldest due date
        self.assertIn("9 days late", body)
        self.assertNotIn("Sales A2", body)          # sales_a2 is not late
        self.assertNotIn("Sales B", body)           # another branch

        to_director = self._mails_to(self.director)
        self.assertEqual(len(to_director), 1)
        self.assertIn("Sales B", to_director.body_html)
        self.assertNotIn("Sales A", to_director.body_html)

    def test_no_mail_when_nobody_is_late(self):
        self._activity(self.lead_a, self.sales_a, self._days_ago(0))
        self._activity(self.lead_b, self.sales_b, self._days_ago(-3))
        self.env["crm.team"]._cron_mail_overdue_follow_ups()
        # (the demo branches may have late salespeople of their own: only ours are asserted)
        self.assertFalse(self._mails_to(self.manager_a))
        self.assertFalse(self._mails_to(self.director))

    def test_the_daily_cron_is_active(self):
        cron = self.env.ref("automotive_presales.ir_cron_mail_overdue_follow_ups")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
