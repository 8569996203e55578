"""Where the ledger meets the other addons: consent from each DMS format, consent changes and
erasures to every DMS concerned, and follow-ups that never propose a forbidden channel."""
import json
import os

from odoo.modules.module import get_module_path

from odoo.addons.automotive_presales.tests.common import sales_up_values
from odoo.addons.queue_job.job import Job
from odoo.addons.dms_connector.tests.common import DmsCase


def sample(*path):
    """A file other people wrote, as dms_connector keeps it (lib/tests/samples, see SOURCES.md)."""
    with open(os.path.join(get_module_path("dms_connector"), "lib", "tests", "samples", *path), "rb") as handle:
        return handle.read()


class TestConsentFromEveryFormat(DmsCase):
    """Interface 1: what each importer hands res.partner._dms_consent_received ends up in the ledger."""

    @staticmethod
    def ledger(partner):
        return [(line.channel, line.purpose, line.state, line.source, line.given_at)
                for line in partner.dealer_consent_ids.sorted(lambda line: (line.given_at, line.channel, line.id))]

    def push(self, *records, backend=None):
        """Push as the DMS does, then run the ledger's job the push queued (the job runner's part)."""
        answers = super().push(*records, backend=backend)
        queued = self.env["queue.job"].search([
            ("model_name", "=", "dms.backend"), ("method_name", "=", "dms_consents_received"),
            ("state", "=", "pending")])
        for pending in queued:
            Job.load(self.env, pending.uuid).perform()
        queued.write({"state": "done"})
        self.env["res.partner"].invalidate_cache()
        return answers

    def test_star_contact_method_sample_writes_its_channel_authorisations(self):
        # STAR's own example, with a customer no other test knows
        document = sample("star", "contact_method.json").replace(b"customer@example.com", b"ledger.star@example.com")
        document = document.replace(b"+14045550123", b"+31611122299")
        answers = self.backend._ingest(document, "application/json")
        self.assertEqual([answer["status"] for answer in answers], ["accepted", "accepted"])
        partner = self.env["dms.partner.binding"].search([("backend_id", "=", self.backend.id),
                                                         ("external_id", "=", "CUST-10001")]).odoo_id
        lines = partner.dealer_consent_ids
        self.assertEqual(sorted((line.channel, line.purpose, line.state, line.source) for line in lines), [
            ("email", "marketing", "given", "dms"), ("phone", "marketing", "given", "dms"),
            ("post", "marketing", "given", "dms")], "APP has no ledger channel")
        self.assertEqual(lines.mapped("backend_id"), self.backend)
        self.assertTrue(all("Group DMS" in line.proof_text for line in lines))
        self.assertTrue(partner.contact_permission("email", "marketing")["allowed"])
        self.backend._ingest(document, "application/json")
        self.assertEqual(partner.dealer_consent_ids, lines, "the same document again adds nothing")

    def test_our_json_moments_state_marketing_consent_per_channel(self):
        anna = self.customer_a
        self.push(self.moment("W-1", customer={"external_id": "C-1", "email": "anna@example.nl",
                                               "marketing_consent": ["email"]}))
        # only e-mail is given; the channels the DMS never gave are not "withdrawn"
        self.assertEqual(self.ledger(anna), [("email", "marketing", "given", "dms", "2026-11-02 10:00:00")])
        self.push(self.moment("W-2", occurred_at="2026-11-05T09:00:00Z", customer={
            "external_id": "C-1", "email": "anna@example.nl", "marketing_consent": False}))
        self.assertEqual(self.ledger(anna)[1:], [("email", "marketing", "withdrawn", "dms", "2026-11-05 09:00:00")])
        self.assertEqual(anna.contact_permission("email", "marketing"), {
            "allowed": False, "reason": "withdrew marketing by e-mail on 2026-11-05 (DMS)"})
        # a record that says nothing about consent states nothing
        self.push(self.moment("W-3", occurred_at="2026-11-06T09:00:00Z",
                              customer={"external_id": "C-1", "email": "anna@example.nl"}))
        self.assertEqual(len(self.ledger(anna)), 2)
        # the DMS cannot withdraw what the person gave us on the web form
        self.env["dealer.consent"].create({"partner_id": anna.id, "channel": "phone", "purpose": "marketing",
                                           "state": "given", "source": "web_form", "given_at": "2026-11-06 10:00:00"})
        self.push(self.moment("W-4", occurred_at="2026-11-07T09:00:00Z", customer={
            "external_id": "C-1", "email": "anna@example.nl", "marketing_consent": False}))
        self.assertEqual(len(self.ledger(anna)), 3)
        self.assertTrue(anna.contact_permission("phone", "marketing")["allowed"])

    def test_the_bulk_path_states_the_latest_moment_of_each_customer_once(self):
        records = [self.moment("B-%d" % number, occurred_at=when, customer={
            "external_id": "C-BULK", "email": "bulk.ledger@example.nl", "last_name": "Bulk",
            "marketing_consent": consent}) for number, when, consent in (
                (1, "2026-11-02T10:00:00Z", True), (2, "2026-11-02T12:00:00Z", ["phone"]),
                (3, "2026-11-02T11:00:00Z", True))]
        counts = self.backend._bulk_import_moments(iter(records), chunk_size=2)
        self.assertEqual(counts["accepted"], 3)
        partner = self.env["dms.partner.binding"].search([("backend_id", "=", self.backend.id),
                                                         ("external_id", "=", "C-BULK")]).odoo_id
        self.assertFalse(partner.dealer_consent_ids, "the ledger follows in a job of its own")
        queued = self.env["queue.job"].search([("model_name", "=", "dms.backend"),
                                               ("method_name", "=", "dms_consents_received")])
        self.assertEqual(len(queued), 1)
        for _attempt in range(2):  # a retry of the job adds nothing
            Job.load(self.env, queued.uuid).perform()
            partner.invalidate_cache()
            self.assertEqual(self.ledger(partner), [("phone", "marketing", "given", "dms", "2026-11-02 12:00:00")])

    def test_adf_states_no_consent(self):
        """ADF 1.0's DTD has no consent element: a lead asks to be contacted about a car (the open
        sales up is the basis for the follow-up), it is no marketing consent."""
        before = self.env["dealer.consent"].search_count([])
        answers = self.backend._ingest(sample("adf", "phone_agent_lead.xml"), "application/xml")
        self.assertEqual([answer["status"] for answer in answers], ["accepted"])
        self.assertEqual(self.env["dealer.consent"].search_count([]), before)


class TestDmsIsTold(DmsCase):
    """Interface 2: consent changes and erasures go out through dms.backend.dms_notify."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Backend = cls.env["dms.backend"]
        cls.dms = Backend.create({"name": "Dealer DMS", "code": "ledger-dms", "outbound_channel": "file"})
        cls.sender = Backend.create({"name": "Lead site", "code": "ledger-adf", "outbound_channel": "file"})
        cls.silent = Backend.create({"name": "Old DMS", "code": "ledger-old", "outbound_channel": "file",
                                     "enabled": False})
        cls.person = cls.env["res.partner"].create({
            "firstname": "Ilse", "lastname": "Uitwisseling", "customer": True, "email": "ilse.u@example.nl",
            "user_id": cls.sales_a.id})
        cls.lead = cls.env["crm.lead"].create(sales_up_values({
            "name": "Ilse's Polo", "partner_id": cls.person.id, "user_id": cls.sales_a.id,
            "team_id": cls.branch_a.id}))
        cls.env["dms.partner.binding"].create({"backend_id": cls.dms.id, "external_id": "K-77",
                                               "odoo_id": cls.person.id})
        for backend, key in ((cls.dms, "DMS-LEAD-5"), (cls.sender, "provider:site:991"), (cls.silent, "OLD-1")):
            cls.env["dms.lead.binding"].create({"backend_id": backend.id, "external_id": key,
                                                "odoo_id": cls.lead.id})

    def messages(self, event):
        return self.env["dms.outbound.message"].search([("event", "=", event), ("res_model", "=", "res.partner"),
                                                        ("res_id", "=", self.person.id)], order="backend_id")

    def test_a_consent_change_goes_to_the_persons_dms_not_back_to_its_sender(self):
        self.env["dealer.consent"].create({
            "partner_id": self.person.id, "channel": "sms", "purpose": "marketing", "state": "refused",
            "source": "phone", "reason": "no texts please"})
        self.person._dms_consent_received([{
            "channel": "email", "purpose": "marketing", "state": "given", "source": "dms",
            "time": "2026-11-02 09:15:00", "text": "ja", "backend_id": self.dms.id}])
        message = self.messages("consent")
        self.assertEqual((message.backend_id, message.external_id), (self.dms, "K-77"),
                         "one message, to the DMS that knows the person; the DMS's own statement is not echoed")
        payload = json.loads(message.payload)
        self.assertEqual((payload["channel"], payload["purpose"], payload["state"]), ("sms", "marketing", "refused"))
        self.assertNotIn("ilse.u@example.nl", message.payload, "the DMS gets the statement, not the contact data")

    def test_an_erasure_reaches_every_backend_that_exchanged_the_person_once(self):
        # a message about the person waiting to go out holds their e-mail
        self.env["dms.backend"].dms_notify("customer", self.person, {"email": self.person.email})
        self.person.sudo(self.director).privacy_anonymise("Letter of 2026-12-01")
        erasures = self.messages("erasure")
        self.assertEqual(erasures.mapped("backend_id"), self.dms | self.sender, "the disabled backend hears nothing")
        by_backend = {message.backend_id: message for message in erasures}
        self.assertEqual(by_backend[self.dms].external_id, "K-77")
        self.assertEqual(json.loads(by_backend[self.dms].payload)["sales_ups"], ["DMS-LEAD-5"])
        self.assertFalse(by_backend[self.sender].external_id, "the lead site never knew the person as a customer")
        self.assertEqual(json.loads(by_backend[self.sender].payload)["sales_ups"], ["provider:site:991"])
        for message in erasures:
            self.assertEqual(message.name, "Anonymised customer %d" % self.person.id)
            self.assertNotIn("Uitwisseling", message.payload)
            self.assertNotIn("DMS-LEAD-5" if message.backend_id == self.sender else "provider:site:991",
                             message.payload, "a DMS hears its own ids, no other's")
            self.assertEqual(message.state, "pending")
        # told once: the same notice again queues nothing
        self.person._privacy_notify_dms("erasure", {"crm_id": self.person.id, "limited_until": False})
        self.assertEqual(self.messages("erasure"), erasures)
        customer = self.messages("customer")
        self.assertEqual(customer.state, "cancelled", "what was to go out about the person does not")
        self.assertNotIn("ilse.u@example.nl", customer.payload + customer.name)


class TestFollowUpsRespectTheLedger(DmsCase):
    """A planned call or e-mail the ledger forbids becomes a to-do that says why, whoever plans it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(sales_up_values({
            "name": "Anna's Golf", "partner_id": cls.customer_a.id, "user_id": cls.sales_a.id,
            "team_id": cls.branch_a.id}))
        cls.env["dealer.consent"].create({
            "partner_id": cls.customer_a.id, "channel": "phone", "purpose": "sales", "state": "refused",
            "source": "email", "reason": "mailed: no calls", "given_at": "2026-11-01 08:00:00"})

    def plan(self, xmlid):
        return self.env["mail.activity"].sudo(self.sales_a).create({
            "res_model_id": self.env.ref("crm.model_crm_lead").id, "res_id": self.lead.id,
            "activity_type_id": self.env.ref(xmlid).id, "summary": "Follow up", "user_id": self.sales_a.id})

    def test_a_call_the_person_refused_is_planned_as_a_to_do_with_the_reason(self):
        planned = self.plan("mail.mail_activity_data_call")
        self.assertEqual(planned.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertIn("Not by phone: refused sales follow-up by phone on 2026-11-01", planned.note)
        mail = self.plan("mail.mail_activity_data_email")
        self.assertEqual(mail.activity_type_id, self.env.ref("mail.mail_activity_data_email"),
                         "e-mail is allowed: the open sales up is the person's own request")

    def test_the_floor_card_says_which_contact_needs_a_reason(self):
        state = self.env["dealer.floor"].sudo(self.sales_a).floor_state()
        card = [card for card in state["sales_ups"] if card["id"] == self.lead.id][0]
        self.assertEqual(sorted(card["blocked"]), ["call"])
        self.assertIn("refused sales follow-up by phone", card["blocked"]["call"])
