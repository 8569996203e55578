import datetime

from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib import lifecycle, processes
from .common import sales_up_values
from .vehicles_common import VehiclesCase

WALK_IN = {"type": "opportunity", "lead_type": "walk_in", "lead_status": "warm"}


class TestDealIntake(VehiclesCase):
    """What a salesperson meets walking a walk-in to a deal: the customer, source and closing month
    at intake; follow-ups that move with the sales up; the process, the next step; bogus leads."""

    def _walk_in(self, user, first, last, **values):
        return self.env["crm.lead"].sudo(user).create(
            dict(WALK_IN, contact_name=first, contact_lastname=last, **values))

    def _activity(self, lead, user, summary="Call back"):
        return self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get("crm.lead").id, "res_id": lead.id,
            "user_id": user.id, "summary": summary})

    # ---- intake: customer, source, channel, closing month

    def test_a_walk_in_gets_its_customer_source_channel_and_closing_month(self):
        lead = self._walk_in(self.sales_a, "Wim", "Walker", phone="06-11223344", lead_date="2026-03-14 10:00:00")
        self.assertEqual((lead.partner_id.firstname, lead.partner_id.lastname), ("Wim", "Walker"))
        self.assertEqual((lead.partner_id.phone, lead.partner_id.user_id), ("06-11223344", self.sales_a))
        self.assertEqual(lead.source_id, self.env.ref("automotive_presales.utm_source_walk_in"))
        self.assertEqual(lead.original_source_id, lead.source_id)
        self.assertEqual(lead.medium_id, self.env.ref("automotive_presales.utm_medium_showroom"))
        self.assertEqual(lead.date_deadline, "2026-04-30")
        # the intake moment and the customer agree
        self.assertEqual(lead.contact_moment_ids.filtered(lambda moment: moment.kind == "lead").channel, "showroom")
        # the same person walks in again: the customer is found, not made twice
        again = self._walk_in(self.sales_a, "Wim", "Walker", phone="+31 6 1122 3344")
        self.assertEqual(again.partner_id, lead.partner_id)

    def test_a_colleagues_customer_is_not_taken_over(self):
        colleague = self._walk_in(self.sales_b, "Cees", "Colleague", email_from="cees@example.com")
        mine = self._walk_in(self.sales_a, "Cees", "Colleague", email_from="cees@example.com")
        self.assertTrue(mine.partner_id)
        self.assertNotEqual(mine.partner_id, colleague.partner_id)
        self.assertIn("another portfolio", mine.message_ids[0].body)

    def test_the_closing_date_of_an_import_that_sends_a_datetime(self):
        lead = self.env["crm.lead"].create(sales_up_values({
            "name": "ADF lead", "lead_date": datetime.datetime(2026, 12, 3, 9, 30), "lead_type": "importer"}))
        self.assertEqual(lead.date_deadline, "2027-01-31")
        self.assertEqual(lead.source_id, self.env.ref("automotive_presales.utm_source_importer"))

    def test_linking_a_customer_keeps_the_phone_typed_at_intake(self):
        lead = self.env["crm.lead"].sudo(self.sales_a).new(
            dict(WALK_IN, contact_name="Anna", contact_lastname="A", phone="06-99887766"))
        lead.partner_id = self.customer_a
        lead._onchange_partner_id()
        self.assertEqual(lead.phone, "06-99887766")
        self.assertEqual(lead.contact_lastname, "Alpha")

    def test_a_typed_source_wins_and_cold_prospecting_is_a_lead_type(self):
        internet = self.env.ref("automotive_presales.utm_source_internet")
        lead = self._walk_in(self.sales_a, "Ina", "Internet", source_id=internet.id)
        self.assertEqual(lead.source_id, internet)
        cold = self._walk_in(self.sales_a, "Koen", "Koud", lead_type="cold_prospecting")
        self.assertEqual(cold.source_id, self.env.ref("automotive_presales.utm_source_cold_prospecting"))
        self.assertEqual(cold.contact_moment_ids.channel, "phone")

    # ---- reassignment

    def test_reassigning_moves_the_open_follow_ups_and_tells_the_new_owner(self):
        lead = self.lead_a
        mine = self._activity(lead, self.sales_a, "Send the brochure")
        managers = self._activity(lead, self.manager_a, "Check the discount")
        lead.sudo(self.manager_a).write({"user_id": self.sales_a2.id})
        self.assertEqual((mine.user_id, managers.user_id), (self.sales_a2, self.manager_a))
        log = self.env["presales.assignment.log"].search([("lead_id", "=", lead.id)])
        self.assertEqual((log.user_id, log.previous_user_id, log.assigned_by_id, log.rule_id.id),
                         (self.sales_a2, self.sales_a, self.manager_a, False))
        told = lead.message_ids.filtered(lambda message: self.sales_a2.partner_id in message.partner_ids)
        self.assertTrue(told)
        self.assertIn("is now yours", told[0].body)

    def test_the_bulk_reassignment_of_sales_ups(self):
        leads = self.lead_a | self.lead_shared
        wizard = self.env["presales.reassign"].sudo(self.manager_a).with_context(
            active_model="crm.lead", active_ids=leads.ids).create({"user_id": self.sales_a2.id})
        self.assertEqual(wizard.record_count, 2)
        wizard.action_reassign()
        self.assertEqual(leads.mapped("user_id"), self.sales_a2)
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.env["presales.reassign"].sudo(self.sales_a).with_context(
                active_model="crm.lead", active_ids=leads.ids).create({"user_id": self.sales_a.id}).action_reassign()

    # ---- the next step

    def test_an_open_sales_up_without_a_next_step_needs_attention(self):
        lead = self._walk_in(self.sales_a, "Nina", "Next")
        self.assertTrue(lead.no_next_step)
        Lead = self.env["crm.lead"].sudo(self.sales_a)
        attention = ["|", ("needs_attention", "=", True), ("no_next_step", "=", True)]
        self.assertIn(lead, Lead.search(attention))
        activity = self._activity(lead, self.sales_a)
        self.assertFalse(lead.no_next_step)
        self.assertNotIn(lead, Lead.search(attention))
        activity.action_feedback("Called her")
        self.assertTrue(lead.no_next_step)
        lead.action_set_won()
        self.assertFalse(lead.no_next_step)

    # ---- bogus leads

    def test_a_bogus_lead_is_lost_with_its_reason_and_counted_against_its_source(self):
        source = self.env["utm.source"].create({"name": "Lead broker"})
        leads = self.env["crm.lead"].browse()
        for number in range(4):
            leads |= self.env["crm.lead"].create(sales_up_values({
                "name": "Broker %d" % number, "user_id": self.sales_a.id, "team_id": self.branch_a.id,
                "source_id": source.id, "lead_date": "2026-02-0%d 10:00:00" % (number + 1)}))
        wizard = self.env["presales.bogus"].sudo(self.sales_a).create(
            {"lead_id": leads[0].id, "reason": "fake", "note": "Mickey Mouse, 0000000"})
        wizard.action_mark_bogus()
        bogus = leads[0].with_context(active_test=False)
        self.assertEqual((bogus.lifecycle_state, bogus.bogus_reason), (lifecycle.LOST, "fake"))
        self.assertEqual(bogus.lost_reason, self.env.ref("automotive_presales.lost_reason_bogus"))
        with self.assertRaises(UserError), self.cr.savepoint():
            bogus.sudo(self.sales_a)._presales_mark_bogus("duplicate")
        [row] = self.env["presales.source.report"].read_group(
            [("source_id", "=", source.id)], ["source_id", "lead_count", "bogus_count", "bogus_rate"], ["source_id"])
        self.assertEqual((row["lead_count"], row["bogus_count"], row["bogus_rate"]), (4, 1, 25.0))
        # re-opened, it is a real prospect again
        bogus.sudo(self.sales_a).action_presales_reopen()
        self.assertEqual((bogus.lifecycle_state, bogus.bogus_reason), (lifecycle.OPEN, False))

    # ---- the sales processes

    def test_the_process_follows_what_the_customer_wants_and_can_be_moved(self):
        Process = self.env["presales.sales.process"]
        new_cars, used_cars, fleet = (Process._for_code(code) for code in processes.PROCESS_CODES)
        lead = self._walk_in(self.sales_a, "Piet", "Process")
        self.assertEqual(lead.process_id, new_cars)
        self.env["presales.desired.vehicle"].sudo(self.sales_a).create(
            {"lead_id": lead.id, "make": "Opel", "model": "Corsa", "condition": "used"})
        self.assertEqual(lead.process_id, used_cars)
        self.assertIn(lead.stage_id, used_cars.stage_ids)
        lease = self.env.ref("automotive_presales.customer_group_lease")
        lead.partner_id.sudo().write({"category_id": [(4, lease.id)]})
        self.assertEqual(lead.process_id, fleet)
        # moved by hand: it stays where the salesperson put it, in that process's first stage
        lead.sudo(self.sales_a).write({"process_id": new_cars.id})
        self.assertEqual((lead.process_id, lead.stage_id), (new_cars, new_cars._first_stage()))
        self.env["presales.desired.vehicle"].sudo(self.sales_a).create(
            {"lead_id": lead.id, "make": "Opel", "model": "Astra", "condition": "used"})
        self.assertEqual(lead.process_id, new_cars)

    def test_the_kanban_of_a_process_shows_its_own_stages(self):
        Lead = self.env["crm.lead"].sudo(self.sales_a)
        fleet = self.env["presales.sales.process"]._for_code(processes.FLEET)
        groups = Lead.read_group([("process_id.code", "=", processes.FLEET)], ["stage_id"], ["stage_id"])
        shown = {group["stage_id"][0] for group in groups if group["stage_id"]}
        self.assertEqual(shown, set(fleet.stage_ids.ids))
        test_drive = self.env.ref("automotive_presales.stage_test_drive")
        self.assertNotIn(test_drive.id, shown)

    def test_a_customer_is_in_one_customer_group(self):
        groups = self.env.ref("automotive_presales.customer_group_private") | self.env.ref(
            "automotive_presales.customer_group_fleet")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.customer_b.write({"category_id": [(6, 0, groups.ids)]})

    # ---- leads, qualification and merges carry the moments along

    def test_a_lead_is_qualified_into_a_sales_up_with_its_moments(self):
        # as the Leads menu creates one
        lead = self.env["crm.lead"].sudo(self.sales_a).with_context(default_type="lead").create({
            "type": "lead", "contact_name": "Lea", "contact_lastname": "Lead", "lead_type": "cold_prospecting",
            "lead_status": "cold", "email_from": "lea@example.com"})
        self.assertFalse(lead.partner_id)
        self.assertFalse(lead.date_deadline)
        self.env["presales.contact.moment"].sudo(self.sales_a).create(
            {"kind": "call", "summary": "First call", "lead_id": lead.id})
        lead.sudo(self.sales_a).action_qualify()
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.partner_id.email, "lea@example.com")
        self.assertEqual(sorted(lead.contact_moment_ids.mapped("kind")), ["call", "lead"])

    def test_a_merge_keeps_every_moment_car_and_step(self):
        self.env["presales.desired.vehicle"].create({"lead_id": self.lead_a2.id, "stock_vehicle_id": self.tiguan.id})
        self.lead_a2.desired_vehicle_ids.sudo(self.sales_a2).action_reserve()
        self.lead_a2._presales_log_step("greeting")
        self.env["presales.contact.moment"].create(
            {"kind": "call", "summary": "Called Anna", "lead_id": self.lead_a2.id, "user_id": self.sales_a2.id})
        moments = (self.lead_a | self.lead_a2).sudo().mapped("contact_moment_ids")
        merged = (self.lead_a | self.lead_a2).merge_opportunity(user_id=self.sales_a.id)
        self.assertEqual(set(merged.sudo().contact_moment_ids.ids), set(moments.ids))
        self.assertIn("greeting", merged.sales_step_ids.mapped("step"))
        self.assertEqual(self.tiguan.reserved_lead_id, merged)
        self.assertIn(self.tiguan, merged.desired_vehicle_ids.mapped("stock_vehicle_id"))

    # ---- the dealer's lists

    def test_the_dealers_lost_reasons_and_customer_groups(self):
        reasons = self.env["crm.lost.reason"].search([]).mapped("name")
        self.assertNotIn("We don't have people/skills", reasons)
        for name in ("Bought at another dealer", "Price or offer too high", "Trade-in value too low",
                     "Financing not approved", "Car not available in time", "No response"):
            self.assertIn(name, reasons)
        groups = self.env.ref("automotive_presales.customer_group").child_ids.mapped("name")
        self.assertEqual(sorted(groups), ["Business", "Fleet", "Lease", "Private"])

    def test_an_expired_licence_is_told_where_it_is_typed(self):
        drive = self.env["presales.test.drive"].sudo(self.sales_a).new({
            "partner_id": self.customer_a.id, "start_datetime": "2026-06-01 10:00:00",
            "licence_number": "NL-1", "licence_expiry": "2026-05-31"})
        warning = drive._onchange_licence_expiry()["warning"]
        self.assertIn("valid until 2026-05-31", warning["message"])
        drive.licence_expiry = "2026-06-01"
        self.assertIsNone(drive._onchange_licence_expiry())

    def test_the_pivot_averages_response_times_per_group(self):
        Lead = self.env["crm.lead"]
        for minutes in (10, 30):
            lead = Lead.create(sales_up_values({"name": "Speed %d" % minutes, "user_id": self.sales_b.id,
                                                "team_id": self.branch_b.id, "lead_date": "2026-01-05 10:00:00"}))
            self.env["presales.contact.moment"].create({
                "kind": "call", "summary": "Call", "lead_id": lead.id, "user_id": self.sales_b.id,
                "occurred_at": "2026-01-05 10:%02d:00" % minutes})
        [group] = Lead.read_group([("name", "like", "Speed "), ("team_id", "=", self.branch_b.id)],
                                  ["team_id", "first_response_minutes", "untouched_hours"], ["team_id"])
        self.assertEqual(group["first_response_minutes"], 20)
