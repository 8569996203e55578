import json

from odoo.exceptions import AccessError, UserError

from .common import DmsCase


class TestMomentImport(DmsCase):
    """Our JSON and STAR moments through the engine a push takes."""

    def test_same_batch_twice_is_duplicate_and_a_changed_payload_updates(self):
        first = self.push(self.moment("M-1"), self.moment("M-2", type_code="TEST_DRIVE"))
        self.assertEqual([res["status"] for res in first], ["accepted", "accepted"])
        again = self.push(self.moment("M-1"), self.moment("M-2", type_code="TEST_DRIVE"))
        self.assertEqual([res["status"] for res in again], ["duplicate", "duplicate"])
        changed = self.push(self.moment("M-1", summary="Called again"))
        self.assertEqual(changed[0]["status"], "updated")
        moment = self.binding("M-1").odoo_id
        self.assertEqual(moment.summary, "Called again")
        self.assertEqual(self.env["presales.contact.moment"].search_count(
            [("dms_binding_ids.backend_id", "=", self.backend.id)]), 2)

    def test_a_moment_gets_phase_owner_branch_and_customer(self):
        self.push(self.moment("M-1", user="asales"))
        moment = self.binding("M-1").odoo_id
        self.assertEqual(moment.phase_id, self.env.ref("automotive_presales.phase_lead_follow_up"))
        self.assertEqual((moment.kind, moment.channel, moment.origin), ("call", "phone", "dms"))
        self.assertEqual(moment.user_id, self.sales_a)
        self.assertEqual(moment.team_id, self.branch_a)
        self.assertEqual(moment.partner_id, self.customer_a)
        self.assertFalse(moment.no_marketing_consent)

    def test_without_a_mapped_user_the_moment_belongs_to_the_customers_owner(self):
        raw = self.moment("M-1", site="", customer={"email": "BERT@example.nl"})
        activities = self.env["mail.activity"].search_count([])
        self.push(raw)
        moment = self.binding("M-1").odoo_id
        self.assertEqual(self.env["mail.activity"].search_count([]), activities,
                         "no follow-up activity comes from a DMS moment, least of all without consent")
        self.assertEqual(moment.partner_id, self.customer_b)
        self.assertEqual(moment.user_id, self.sales_b)
        self.assertEqual(moment.team_id, self.branch_b)
        self.assertTrue(moment.no_marketing_consent, "no consent given: the moment is flagged")
        # the salesperson of that customer sees it, a colleague of another branch does not
        Moment = self.env["presales.contact.moment"]
        self.assertIn(moment, Moment.sudo(self.sales_b).search([("id", "=", moment.id)]))
        self.assertNotIn(moment, Moment.sudo(self.sales_a).search([("id", "=", moment.id)]))

    def test_an_unknown_type_code_waits_in_quarantine_until_it_is_mapped(self):
        result = self.push(self.moment("M-9", type_code="FAX_SENT"))[0]
        self.assertEqual(result["status"], "quarantined")
        self.assertEqual(result["reason"], "unknown type code FAX_SENT for backend group-dms")
        entry = self.env["dms.quarantine"].search([("external_id", "=", "M-9"), ("backend_id", "=", self.backend.id)])
        self.assertEqual(entry.reason_code, "unknown_type")
        self.assertEqual(json.loads(entry.payload)["type_code"], "FAX_SENT")
        self.assertFalse(self.binding("M-9"))
        self.env["dms.moment.type"].create({
            "backend_id": self.backend.id, "code": "fax_sent", "kind": "email",
            "phase_id": self.env.ref("automotive_presales.phase_lead_follow_up").id})
        self.assertEqual(entry.state, "done")
        self.assertEqual(self.binding("M-9").odoo_id.kind, "email")

    def test_a_bad_field_is_quarantined_with_its_name_and_the_rest_is_stored(self):
        results = self.push(self.moment("M-1"), self.moment("M-2", occurred_at="yesterday"), 17)
        self.assertEqual([res["status"] for res in results], ["accepted", "quarantined", "quarantined"])
        self.assertIn("field occurred_at", results[1]["reason"])
        entry = self.env["dms.quarantine"].search([("external_id", "=", "M-2"), ("backend_id", "=", self.backend.id)])
        self.assertIn("occurred_at", entry.reason)
        # fixing the data in the DMS and sending again stores it
        self.assertEqual(self.push(self.moment("M-2"))[0]["status"], "accepted")

    def test_a_quarantined_record_is_retried_from_its_raw_payload(self):
        self.push(self.moment("M-3", user="ghost", type_code="SMOKE"))
        entry = self.env["dms.quarantine"].search([("external_id", "=", "M-3"), ("backend_id", "=", self.backend.id)])
        entry.sudo(self.director).action_retry()
        self.assertEqual((entry.state, entry.retry_count), ("open", 1))
        self.env["dms.moment.type"].create({"code": "SMOKE", "kind": "call",
                                            "phase_id": self.env.ref("automotive_presales.phase_lead_follow_up").id})
        self.assertEqual(entry.state, "done")

    def test_an_unknown_customer_becomes_a_new_partner_bound_to_its_dms_id(self):
        self.push(self.moment("M-1", customer={"external_id": "C-NEW", "first_name": "Cees", "last_name": "Nieuw",
                                               "email": "cees@example.nl", "phone": "06 11112222"}))
        partner = self.binding("M-1").odoo_id.partner_id
        self.assertEqual((partner.firstname, partner.lastname, partner.email), ("Cees", "Nieuw", "cees@example.nl"))
        self.push(self.moment("M-2", customer={"external_id": "C-NEW"}))
        self.assertEqual(self.binding("M-2").odoo_id.partner_id, partner)

    def test_star_events_are_stored_like_ours(self):
        """A STAR contact method as STAR publishes it: its customer (bound by customer_key, matched
        by e-mail) and one moment per communication event."""
        document = {
            "contact_method_key": "CM-1",
            "communication_channels": [{"communication_channel_type": "EMAIL", "value": "anna@example.nl",
                                        "authorization_levels": [{"authorized_indicator": True}]}],
            "customer_contact_profile": {"customer_key": "C-1", "communication_events": [{
                "communication_event_key": "CE-1", "communication_channel_type": "EMAIL",
                "communication_direction_type": "OUTBOUND", "communication_status_type": "COMPLETED",
                "occurrence_date_time": "2026-11-03T13:00:00+01:00", "communication_summary": "Offer sent",
                "source_party": {"party_key": "AMS"}, "target_parties": [{"party_key": "C-1"}]}]}}
        result = self.backend._import_body(json.dumps(document).encode(), "application/json")
        self.assertEqual([res["status"] for res in result], ["accepted", "accepted"])
        moment = self.binding("CE-1").odoo_id
        self.assertEqual((moment.kind, moment.channel, moment.partner_id, moment.team_id),
                         ("email", "email", self.customer_a, self.branch_a))
        self.assertEqual(moment.occurred_at, "2026-11-03 12:00:00")
        self.assertFalse(moment.no_marketing_consent, "the e-mail channel is authorised")

    def test_a_salesperson_cannot_forge_a_dms_moment(self):
        Moment = self.env["presales.contact.moment"].sudo(self.sales_a)
        with self.assertRaises(AccessError):
            Moment.create({"kind": "call", "summary": "forged", "partner_id": self.customer_a.id, "origin": "dms"})
        # the customer called in: an inbound contact the consent ledger (dealer_privacy) lets pass
        own = Moment.create({"kind": "call", "summary": "mine", "partner_id": self.customer_a.id,
                             "direction": "inbound"})
        with self.assertRaises(AccessError):
            own.write({"origin": "dms"})


class TestReconciliation(DmsCase):
    """A customer matched by name and zip only waits for a manager's decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.weak = {"first_name": "Anna", "last_name": "Alpha", "zip": "1012LG", "external_id": "C-77"}

    def queue(self, external_id="M-50"):
        result = self.push(self.moment(external_id, customer=self.weak))[0]
        self.assertEqual(result["status"], "quarantined")
        self.assertIn("reconciliation", result["reason"])
        return self.env["dms.reconciliation"].search([("external_id", "=", external_id)])

    def test_accepting_the_suggestion_stores_the_moment_and_binds_the_customer(self):
        item = self.queue()
        self.assertEqual(item.suggested_partner_id, self.customer_a)
        self.assertEqual(item.rule, "name_zip")
        self.assertEqual(item.team_id, self.branch_a)
        item.sudo(self.manager_a).action_accept_suggested()
        self.assertEqual(item.state, "done")
        self.assertEqual(item.moment_id.partner_id, self.customer_a)
        # the DMS id is now bound: the next moment of C-77 matches at once
        self.assertEqual(self.push(self.moment("M-51", customer=self.weak))[0]["status"], "accepted")

    def test_picking_another_customer(self):
        item = self.queue()
        item.sudo(self.director).write({"partner_id": self.customer_b.id})
        item.sudo(self.director).action_use_partner()
        self.assertEqual(self.binding("M-50").odoo_id.partner_id, self.customer_b)

    def test_creating_a_new_customer(self):
        """The match by name and zip (0.60) is likely the same person: "create new" says so first."""
        item = self.queue()
        self.assertIn("Anna Alpha", item.create_warning)
        self.assertEqual([(candidate.partner_id, candidate.confidence) for candidate in item.candidate_ids],
                         [(self.customer_a, 0.6)])
        self.assertIn("binds DMS customer C-77", item.candidate_ids.changes)
        with self.assertRaises(UserError):
            item.sudo(self.manager_a).action_create_partner()
        item.sudo(self.manager_a).with_context(dms_create_anyway=True).action_create_partner()
        partner = self.binding("M-50").odoo_id.partner_id
        self.assertNotIn(partner, self.customer_a | self.customer_b)
        self.assertEqual((partner.firstname, partner.lastname), ("Anna", "Alpha"))

    def test_who_sees_the_queue(self):
        item = self.queue()
        other = self.queue("M-60")
        other.team_id = self.branch_b
        Reconciliation = self.env["dms.reconciliation"]
        mine = [("backend_id", "=", self.backend.id)]
        self.assertEqual(Reconciliation.sudo(self.manager_a).search(mine), item)
        self.assertEqual(Reconciliation.sudo(self.director).search(mine), item | other)
        with self.assertRaises(AccessError):
            Reconciliation.sudo(self.sales_a).search([])

    def test_a_branch_manager_keeps_an_item_in_the_branch(self):
        """Issue 16, hole 20: moving an item to another branch would hand it out of reach."""
        item = self.queue()
        with self.assertRaisesRegex(AccessError, "Branch"), self.env.cr.savepoint():
            item.sudo(self.manager_a).write({"team_id": self.branch_b.id})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            item.sudo(self.manager_a).write({"team_id": str(self.branch_b.id)})
        self.assertEqual(item.team_id, self.branch_a)
        item.sudo(self.manager_a).write({"team_id": self.branch_a.id, "customer_name": "Anna Alpha"})
        item.sudo(self.director).write({"team_id": self.branch_b.id})
        self.assertEqual(item.team_id, self.branch_b)
