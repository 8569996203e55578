from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from .common import DealerCase


def _ago(**delta):
    return fields.Datetime.to_string(datetime.utcnow() - timedelta(**delta))


class TestSalesUpNeglect(DealerCase):

    def _lead(self, **values):
        vals = {"name": "SUV for the Alphas", "type": "opportunity", "partner_id": self.customer_a.id,
                "user_id": self.sales_a.id, "team_id": self.branch_a.id,
                "lead_type": "walk_in", "lead_status": "warm"}
        vals.update(values)
        return self.env["crm.lead"].create(vals)

    def _moment(self, lead, kind, user, occurred_at):
        return self.env["presales.contact.moment"].create({
            "kind": kind, "summary": kind, "lead_id": lead.id, "user_id": user.id, "occurred_at": occurred_at})

    def test_first_response_is_empty_until_someone_responds(self):
        lead = self._lead(lead_date=_ago(hours=2))
        self.assertFalse(lead.first_response_minutes, "the intake moment is no response")
        self.assertEqual(self.env["crm.lead"].search_count(
            [("id", "=", lead.id), ("first_response_minutes", "=", False)]), 1)
        start = fields.Datetime.from_string(lead.lead_date)
        self._moment(lead, "call", self.sales_a2, fields.Datetime.to_string(start + timedelta(minutes=35)))
        self._moment(lead, "email", self.sales_a, fields.Datetime.to_string(start + timedelta(minutes=80)))
        self.assertEqual(lead.first_response_minutes, 35)

    def test_an_immediate_response_counts_as_zero_minutes_not_as_empty(self):
        lead = self._lead(lead_date=_ago(hours=1))
        self._moment(lead, "call", self.sales_a, lead.lead_date)
        self.assertEqual(lead.first_response_minutes, 0)
        self.assertEqual(self.env["crm.lead"].search_count(
            [("id", "=", lead.id), ("first_response_minutes", "=", 0)]), 1)

    def test_untouched_since_the_lead_date_needs_attention_after_48_hours(self):
        fresh = self._lead(lead_date=_ago(hours=5))
        old = self._lead(lead_date=_ago(hours=50))
        self.assertEqual(fresh.untouched_hours, 5)
        self.assertFalse(fresh.needs_attention)
        self.assertEqual(old.untouched_hours, 50)
        self.assertTrue(old.needs_attention)
        self.assertFalse(old.last_touch_at)

    def test_only_the_owners_touch_resets_the_clock(self):
        lead = self._lead(lead_date=_ago(hours=60))
        self._moment(lead, "call", self.sales_a2, _ago(hours=1))
        self.assertTrue(lead.needs_attention, "a colleague's call is no touch by the owner")
        self.assertFalse(lead.last_touch_at)
        touch = _ago(hours=3)
        self._moment(lead, "showroom_visit", self.sales_a, touch)
        self.assertEqual(lead.last_touch_at, touch)
        self.assertEqual(lead.untouched_hours, 3)
        self.assertFalse(lead.needs_attention)

    def test_an_activity_the_owner_marks_done_is_a_touch(self):
        lead = self._lead(lead_date=_ago(hours=70))
        self.assertTrue(lead.needs_attention)
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env.ref("crm.model_crm_lead").id, "res_id": lead.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "summary": "Call back about the trade-in", "user_id": self.sales_a.id})
        activity.sudo(self.sales_a).action_feedback("Customer will come on Saturday")
        self.assertTrue(lead.last_touch_at)
        self.assertEqual(lead.untouched_hours, 0)
        self.assertFalse(lead.needs_attention)

    def test_closed_or_won_sales_ups_do_not_need_attention(self):
        sold = self._lead(lead_date=_ago(days=9), lead_status="sold")
        lost = self._lead(lead_date=_ago(days=9), lead_status="bought_elsewhere", lost_reason=self.loss_reason.id)
        # winning and losing log a moment; time passes after it
        self.env.cr.execute("UPDATE crm_lead SET last_touch_at = %s WHERE id IN %s",
                            (_ago(days=9), tuple((sold | lost).ids)))
        self.env["crm.lead"]._presales_refresh_neglect()
        self.assertEqual((sold.untouched_hours, lost.untouched_hours), (216, 216))
        self.assertFalse(sold.needs_attention or lost.needs_attention)

    def test_the_hourly_refresh_lets_time_pass_in_one_update(self):
        lead = self._lead(lead_date=_ago(hours=2))
        touched = self._lead(lead_date=_ago(days=10))
        self._moment(touched, "call", self.sales_a, _ago(days=4))
        # time passes: the lead date moves back as if 80 hours went by without a touch
        self.env.cr.execute("UPDATE crm_lead SET lead_date = %s WHERE id = %s", (_ago(hours=80), lead.id))
        self.env["crm.lead"]._presales_refresh_neglect()
        self.assertEqual(lead.untouched_hours, 80)
        self.assertTrue(lead.needs_attention)
        self.assertEqual(touched.untouched_hours, 96)
        Lead = self.env["crm.lead"]
        ids = (lead | touched).ids
        self.assertEqual(Lead.search([("id", "in", ids), ("untouched_hours", ">", 72)]), lead | touched)
        self.assertEqual(Lead.search([("id", "in", ids), ("untouched_hours", ">", 168)]), Lead)
        self.assertEqual(Lead.search([("id", "in", ids), ("needs_attention", "=", True)]), lead | touched)

    def test_the_report_averages_response_and_untouched_time_per_branch(self):
        quick = self._lead(lead_date=_ago(hours=10))
        slow = self._lead(lead_date=_ago(hours=30))
        self._lead(lead_date=_ago(hours=20))  # nobody responded yet: no response time to average
        self._moment(quick, "call", self.sales_a, _ago(hours=9))
        self._moment(slow, "call", self.sales_a, _ago(hours=28))
        self.env.cr.execute("UPDATE crm_lead SET last_touch_at = NULL WHERE team_id = %s", (self.branch_a.id,))
        self.env["crm.lead"]._presales_refresh_neglect()
        group, = self.env["crm.lead"].read_group(
            [("team_id", "=", self.branch_a.id)], ["team_id", "first_response_minutes", "untouched_hours"], ["team_id"])
        self.assertEqual(group["first_response_minutes"], 90)  # (60 + 120) / 2
        self.assertEqual(group["untouched_hours"], 20)  # (10 + 30 + 20) / 3

    def test_the_cron_runs_the_refresh(self):
        cron = self.env.ref("automotive_presales.ir_cron_presales_refresh_neglect")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "hours"))
        lead = self._lead(lead_date=_ago(hours=1))
        self.env.cr.execute("UPDATE crm_lead SET lead_date = %s WHERE id = %s", (_ago(hours=49), lead.id))
        cron.method_direct_trigger()
        lead.invalidate_cache()
        self.assertTrue(lead.needs_attention)

    def test_the_threshold_is_a_setting_of_at_least_one_hour(self):
        lead = self._lead(lead_date=_ago(hours=10))
        self.assertFalse(lead.needs_attention)
        settings = self.env["res.config.settings"].create({"presales_attention_hours": 8})
        settings.set_values()
        self.assertEqual(self.env["ir.config_parameter"].get_param("automotive_presales.attention_hours"), "8")
        self.assertTrue(lead.needs_attention)
        self.assertEqual(self.env["res.config.settings"].default_get(
            ["presales_attention_hours"])["presales_attention_hours"], 8)
        with self.assertRaises(ValidationError) as error:
            self.env["res.config.settings"].create({"presales_attention_hours": 0}).set_values()
        self.assertIn("at least 1", str(error.exception))
