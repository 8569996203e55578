from odoo import SUPERUSER_ID
from odoo.exceptions import ValidationError

from ..lib import lifecycle
from .common import sales_up_values
from .vehicles_common import VehiclesCase


class TestSalesUpLifecycle(VehiclesCase):
    """Win, lose, re-open and qualify do the same whatever the path: a button, a stage written
    over RPC (a kanban drag), the status, Odoo's convert wizard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["crm.stage"]
        cls.won_stage = Stage.create({"name": "Delivered", "probability": 100.0, "on_change": True,
                                      "sequence": 90})
        cls.open_stage = Stage.create({"name": "Offer", "probability": 40.0, "on_change": True})
        cls.golf_for_a = cls.env["presales.desired.vehicle"].create(
            {"lead_id": cls.lead_a.id, "stock_vehicle_id": cls.golf.id})

    def _kinds(self, lead):
        return sorted(lead.sudo().contact_moment_ids.mapped("kind"))

    def _reserve_and_win_by_drag(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.lead_a.sudo(self.sales_a).write({"stage_id": self.won_stage.id})

    def test_a_drag_to_the_won_stage_does_what_mark_won_does(self):
        self._reserve_and_win_by_drag()
        self.assertEqual(self._kinds(self.lead_a), ["agreement", "lead"])
        self.assertEqual(self.lead_a.sales_step_ids.mapped("step"), ["signed"])
        # won, the car stays held for the customer until its invoice sells it
        self.assertEqual((self.golf.state, self.lead_a.lead_status), ("reserved", "sold"))
        agreement = self.lead_a.contact_moment_ids.filtered(lambda moment: moment.kind == "agreement")
        self.assertEqual(agreement.user_id, self.sales_a)
        # dragging within the won stages is no second win
        self.lead_a.sudo(self.sales_a).action_set_won()
        self.assertEqual(self._kinds(self.lead_a), ["agreement", "lead"])

    def test_the_status_sold_wins_the_sales_up_in_the_pipeline_too(self):
        self.lead_a2.sudo(self.sales_a2).write({"lead_status": "sold"})
        self.assertEqual(self.lead_a2.probability, 100)
        self.assertEqual(self.lead_a2.stage_id.probability, 100)
        self.assertEqual(self._kinds(self.lead_a2), ["agreement", "lead"])

    def test_the_status_bought_elsewhere_loses_it_and_frees_the_car(self):
        self.golf_for_a.sudo(self.sales_a).action_reserve()
        self.lead_a.sudo(self.sales_a).write({"lead_status": "bought_elsewhere", "lost_reason": self.loss_reason.id})
        self.assertEqual(self._kinds(self.lead_a), ["lead", "lost"])
        self.assertEqual((self.golf.state, self.golf_for_a.reservation_state), ("available", "none"))
        self.assertFalse(self.lead_a._presales_is_open())
        # archiving it afterwards is the same loss, logged once
        self.lead_a.sudo(self.sales_a).action_set_lost()
        self.assertEqual(self._kinds(self.lead_a), ["lead", "lost"])

    def test_reopening_a_won_sales_up_keeps_the_car_held_for_it(self):
        self._reserve_and_win_by_drag()
        self.lead_a.sudo(self.sales_a).write({"stage_id": self.open_stage.id})
        self.assertEqual(self.lead_a.probability, 40)
        self.assertEqual(self.lead_a.lead_status, lifecycle.REOPENED_STATUS)
        self.assertTrue(self.lead_a._presales_is_open())
        # the customer still wants the car: it stays reserved for the sales up, never "unsold"
        self.assertEqual((self.golf.state, self.golf.reserved_lead_id), ("reserved", self.lead_a))
        self.assertEqual(self.golf_for_a.reservation_state, "reserved")
        # won again by its status: one more agreement, the car as it was
        self.lead_a.sudo(self.sales_a).write({"lead_status": "sold"})
        self.assertEqual(self._kinds(self.lead_a), ["agreement", "lead"])

    def test_restoring_a_lost_sales_up_reopens_it(self):
        self.lead_b.sudo(self.sales_b).write({"lead_status": "bought_elsewhere", "lost_reason": self.loss_reason.id})
        self.lead_b.sudo(self.sales_b).action_set_lost()
        self.lead_b.sudo(self.sales_b).write({"active": True})
        self.assertEqual(self.lead_b.lead_status, lifecycle.REOPENED_STATUS)
        self.assertTrue(self.lead_b._presales_is_open())
        self.assertFalse(self.lead_b.lost_reason, "re-opened, the old loss reason no longer holds")
        # losing it again asks for the reason again, and logs the second loss
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.lead_b.sudo(self.sales_b).action_set_lost()
        self.lead_b.sudo(self.sales_b).write({"lost_reason": self.loss_reason.id})
        self.lead_b.sudo(self.sales_b).action_set_lost()
        self.assertEqual(self._kinds(self.lead_b), ["lead", "lost", "lost"])

    def test_odoos_convert_wizard_qualifies_like_the_qualify_button(self):
        lead = self.env["crm.lead"].create(sales_up_values({
            "name": "Enquiry", "type": "lead", "user_id": self.sales_a.id, "team_id": self.branch_a.id,
            "partner_id": self.customer_a.id}))
        self.assertEqual(self._kinds(lead), [], "a lead is not in the funnel yet")
        wizard = self.env["crm.lead2opportunity.partner"].with_context(
            active_model="crm.lead", active_id=lead.id, active_ids=lead.ids).create(
            {"name": "convert", "action": "exist", "partner_id": self.customer_a.id})
        wizard.action_apply()
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(self._kinds(lead), ["lead"])


class TestLossReason(VehiclesCase):
    """A sales up is never lost without its loss reason, whatever the path; a refused loss
    changes nothing (the car stays reserved, no lost moment, the sales up stays open)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.golf_for_a = cls.env["presales.desired.vehicle"].create(
            {"lead_id": cls.lead_a.id, "stock_vehicle_id": cls.golf.id})
        cls.golf_for_a.sudo(cls.sales_a).action_reserve()

    def _refused(self, lead, lose):
        """Run `lose`, expect the refusal naming the sales up and the field, and check nothing changed."""
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            lose()
        message = str(error.exception)
        self.assertIn("Sales up %s" % lead.name, message)
        self.assertIn("lost_reason", message)
        lead.invalidate_cache()
        self.assertTrue(lead._presales_is_open())
        self.assertEqual(sorted(lead.sudo().contact_moment_ids.mapped("kind")), ["lead"])
        return message

    def test_every_path_without_a_reason_is_refused(self):
        lead = self.lead_a.sudo(self.sales_a)
        paths = {
            "Mark Lost without the dialog": lead.action_set_lost,
            "the kanban card's Archive": lead.action_set_unactive,
            "the form's archive button": lead.toggle_active,
            "active written over RPC": lambda: lead.write({"active": False}),
            "probability 0 and archived, as Mark Lost writes it": lambda: lead.write(
                {"probability": 0, "active": False}),
            "the status Bought elsewhere": lambda: lead.write({"lead_status": "bought_elsewhere"}),
        }
        for path, lose in paths.items():
            with self.subTest(path=path):
                self._refused(self.lead_a, lose)
                self.assertEqual(self.golf.state, "reserved")

    def test_a_mass_loss_is_refused_whole_naming_the_sales_up_without_a_reason(self):
        self.lead_a2.write({"lost_reason": self.loss_reason.id})
        both = (self.lead_a2 | self.lead_a).sudo(self.manager_a)
        message = self._refused(self.lead_a, both.action_set_lost)
        self.assertNotIn(self.lead_a2.name, message)
        self.assertTrue(self.lead_a2._presales_is_open(), "the whole mass action rolled back")

    def test_an_import_of_a_lost_sales_up_brings_its_reason(self):
        values = sales_up_values({"name": "Lost in the old CRM", "user_id": self.sales_a.id,
                                  "team_id": self.branch_a.id, "lead_status": "bought_elsewhere"})
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            self.env["crm.lead"].create(values)
        self.assertIn("Sales up Lost in the old CRM", str(error.exception))
        lead = self.env["crm.lead"].create(dict(values, lost_reason=self.loss_reason.id))
        self.assertEqual((lead._presales_state(), lead.lost_reason), (lifecycle.LOST, self.loss_reason))

    def test_the_dialog_and_the_reason_in_the_same_edit_lose_it(self):
        wizard = self.env["crm.lead.lost"].sudo(self.sales_a).with_context(active_ids=self.lead_a.ids).create(
            {"lost_reason_id": self.loss_reason.id})
        wizard.action_lost_reason_apply()
        self.assertEqual((self.lead_a.active, self.lead_a.lost_reason), (False, self.loss_reason))
        self.assertEqual(self.golf.state, "available")
        self.lead_b.sudo(self.sales_b).write({"lead_status": "bought_elsewhere", "lost_reason": self.loss_reason.id})
        self.assertEqual(self.lead_b._presales_state(), lifecycle.LOST)
        self.assertTrue(self.env["crm.lead.lost"]._fields["lost_reason_id"].required)

    def test_moving_the_pipeline_to_zero_percent_is_no_loss(self):
        # there is no Lost stage: a card dragged to a 0 % stage stays open and needs no reason
        cold = self.env["crm.stage"].create({"name": "Cold", "probability": 0.0, "on_change": True})
        self.lead_a.sudo(self.sales_a).write({"stage_id": cold.id})
        self.assertEqual((self.lead_a.probability, self.lead_a._presales_is_open()), (0, True))

    def test_notification_mails_offer_no_lost_link_that_cannot_say_why(self):
        message = self.lead_a.message_post(body="Update", subtype="mail.mt_comment")
        groups = self.lead_a._notification_recipients(message, [])
        urls = [action["url"] for _name, _matches, options in groups for action in options.get("actions", [])]
        self.assertTrue(any("/lead/case_mark_won" in url for url in urls))
        self.assertFalse([url for url in urls if "/lead/case_mark_lost" in url])


class TestIntake(VehiclesCase):
    """Sales ups that arrive on their own (mail gateway, DMS, web) land in a branch, go through
    distribution, and are never credited to the system user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.not_a_branch = cls.env["crm.team"].create({"name": "Core sales channel", "is_branch": False})
        cls.env.user.company_id.presales_default_team_id = cls.branch_a
        cls.env["presales.assignment.rule"].search([]).write({"active": False})

    def _intake(self, **values):
        self.assertEqual(self.env.uid, SUPERUSER_ID)
        return self.env["crm.lead"].create(sales_up_values(dict({"name": "Web form"}, **values)))

    def test_an_intake_no_rule_takes_waits_in_the_default_branch_and_its_manager_is_told(self):
        lead = self._intake(team_id=self.not_a_branch.id)
        self.assertEqual((lead.user_id.id, lead.team_id, lead.origin_team_id), (False, self.branch_a, self.branch_a))
        activity = self.env["mail.activity"].search([("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)])
        self.assertEqual(activity.user_id, self.manager_a)
        intake = lead.contact_moment_ids
        self.assertEqual((intake.kind, intake.user_id.id, intake.team_id), ("lead", False, self.branch_a))

    def test_an_intake_a_rule_takes_is_credited_to_the_salesperson_and_the_rules_branch(self):
        self.env["presales.assignment.rule"].create({
            "name": "Web to B", "team_id": self.branch_b.id, "user_ids": [(6, 0, self.sales_b.ids)]})
        # the superuser's own branch is A: it must not become the branch at creation
        self.env.user.sale_team_id = self.branch_a
        lead = self._intake()
        self.assertEqual((lead.user_id, lead.team_id, lead.origin_team_id),
                         (self.sales_b, self.branch_b, self.branch_b))
        self.assertEqual(lead.contact_moment_ids.user_id, self.sales_b)
        self.assertEqual(lead.contact_moment_ids.team_id, self.branch_b)

    def test_an_email_to_a_team_that_is_no_branch_lands_in_a_branch(self):
        lead = self.env["crm.lead"].message_new(
            {"from": "Jan de Vries <jan@vries.example>", "subject": "Estate?", "date": "2024-03-05 10:00:00"},
            {"team_id": self.not_a_branch.id})
        self.assertEqual(lead.team_id, self.branch_a)
        self.assertTrue(self.env["mail.activity"].search_count(
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id), ("user_id", "=", self.manager_a.id)]))


class TestOpenWonLostParity(VehiclesCase):
    """The SQL of reports and of the hourly neglect refresh says open/won/lost as lib/lifecycle does."""

    def test_sql_and_python_agree_on_every_combination(self):
        Lead = self.env["crm.lead"]
        leads = Lead
        for active in (True, False):
            for probability in (0, 50, 100):
                for status in ("hot", "sold", "bought_elsewhere"):
                    lead = Lead.create(sales_up_values({"name": "P%s%s%s" % (active, probability, status),
                                                        "user_id": self.sales_a.id, "team_id": self.branch_a.id}))
                    # the raw facts, as an import of old data may hold them
                    self.env.cr.execute(
                        "UPDATE crm_lead SET active = %s, probability = %s, lead_status = %s WHERE id = %s",
                        (active, probability, status, lead.id))
                    leads |= lead
        leads.invalidate_cache()
        for state in lifecycle.STATES:
            self.env.cr.execute("SELECT id FROM crm_lead WHERE id IN %s AND " + lifecycle.sql_predicate(state),
                                (tuple(leads.ids),))
            in_sql = {row[0] for row in self.env.cr.fetchall()}
            in_python = {lead.id for lead in leads if lead._presales_state() == state}
            in_domain = set(Lead.with_context(active_test=False).search(
                [("id", "in", leads.ids)] + lifecycle.domain(state)).ids)
            self.assertEqual(in_sql, in_python, state)
            self.assertEqual(in_domain, in_python, state)

    def test_the_hourly_refresh_flags_what_the_compute_flags(self):
        Lead = self.env["crm.lead"]
        leads = Lead
        for status in ("hot", "sold", "bought_elsewhere"):
            for probability in (10, 100):
                lead = Lead.create(sales_up_values({"name": "N%s%s" % (status, probability),
                                                    "user_id": self.sales_a.id, "team_id": self.branch_a.id,
                                                    "lead_date": "2020-01-01 00:00:00"}))
                self.env.cr.execute(
                    "UPDATE crm_lead SET probability = %s, lead_status = %s, last_touch_at = NULL, "
                    "needs_attention = NULL, untouched_hours = NULL WHERE id = %s", (probability, status, lead.id))
                leads |= lead
        leads.invalidate_cache()
        Lead._presales_refresh_neglect()
        from_sql = {lead.id: (lead.untouched_hours, lead.needs_attention) for lead in leads}
        names = ["last_touch_at", "untouched_hours", "needs_attention"]
        leads.invalidate_cache()
        self.env.cr.execute("UPDATE crm_lead SET untouched_hours = NULL, needs_attention = NULL WHERE id IN %s",
                            (tuple(leads.ids),))
        for name in names:
            self.env.add_todo(Lead._fields[name], leads)
        Lead.recompute()
        from_python = {lead.id: (lead.untouched_hours, lead.needs_attention) for lead in leads}
        self.assertEqual(from_sql, from_python)
        self.assertEqual(sum(flag for _hours, flag in from_python.values()), 1, "only the open one needs attention")
