import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import TransactionCase

from odoo.addons.automotive_presales.tests.common import DealerCase, sales_up_values


def years_ago(years, days=0):
    today = fields.Date.from_string(fields.Date.today())
    return fields.Datetime.to_string(datetime.datetime(today.year - years, today.month, min(today.day, 28), 10)
                                     - datetime.timedelta(days=days))


class TestLedgerChannels(DealerCase):
    """Statements arrive from the DMS and importers (interface 1), the web form (OCA
    privacy_consent) and the salesperson; the latest per channel and purpose holds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls.env["dms.backend"].create({"name": "Ledger DMS", "code": "ledger-dms"})
        cls.person = cls.env["res.partner"].create({
            "firstname": "Joost", "lastname": "Ledger", "customer": True, "email": "joost@example.nl",
            "user_id": cls.sales_a.id})

    def statement(self, **values):
        return dict({"channel": "email", "purpose": "marketing", "state": "given", "source": "dms",
                     "time": "2026-11-02 09:15:00", "text": "Ja, ik wil de nieuwsbrief.",
                     "backend_id": self.backend.id}, **values)

    def test_dms_consents_become_ledger_lines_once(self):
        self.person._dms_consent_received([self.statement(), self.statement(channel="phone", state="refused")])
        self.person._dms_consent_received([self.statement()])  # the DMS sends the record again
        lines = self.person.dealer_consent_ids
        self.assertEqual(sorted(lines.mapped("channel")), ["email", "phone"])
        email = lines.filtered(lambda line: line.channel == "email")
        self.assertEqual((email.state, email.source, email.given_at, email.backend_id, email.proof_text),
                         ("given", "dms", "2026-11-02 09:15:00", self.backend, "Ja, ik wil de nieuwsbrief."))
        self.assertEqual(self.person.contact_permission("email", "marketing"), {
            "allowed": True, "reason": "consent for marketing by e-mail given on 2026-11-02 (DMS)"})
        self.assertFalse(self.person.contact_permission("phone", "marketing")["allowed"])
        # a later withdrawal from the importer holds
        self.person._dms_consent_received([self.statement(state="withdrawn", source="importer",
                                                          time="2026-11-20 08:00:00")])
        self.assertEqual(self.person.contact_permission("email", "marketing"), {
            "allowed": False, "reason": "withdrew marketing by e-mail on 2026-11-20 (Importer)"})

    def test_the_dutch_salesperson_reads_the_light_in_dutch(self):
        self.person._dms_consent_received([self.statement()])
        dutch = self.person.with_context(lang="nl_NL")
        self.assertEqual(dutch.contact_permission("email", "marketing"), {
            "allowed": True, "reason": "toestemming voor marketing via e-mail gegeven op 2026-11-02 (DMS)"})
        light = dutch._privacy_light(["sales"])[self.person.id]
        self.assertIn("<h5>Verkoopopvolging</h5>", light)
        self.assertIn("<b>Telefoon</b>", light)
        self.assertNotIn("Sales follow-up", light)

    def test_a_malformed_dms_consent_is_skipped_and_the_rest_kept(self):
        with self.assertLogs("odoo.addons.dealer_privacy.models.res_partner", "WARNING"):
            self.person._dms_consent_received([
                self.statement(channel="fax"), self.statement(purpose=None), self.statement(state="maybe"),
                self.statement(time="2026-13-45 99:00:00"), self.statement(source="web_form"),
                self.statement(time=1700000000), self.statement(backend_id=987654321), "not a dict",
                self.statement(channel="sms", state="given")])
        self.assertEqual(self.person.dealer_consent_ids.mapped("channel"), ["sms"])

    def test_salesperson_records_a_statement_with_a_reason(self):
        Consent = self.env["dealer.consent"].sudo(self.sales_a)
        with self.assertRaises(ValidationError):
            Consent.create({"partner_id": self.person.id, "channel": "phone", "purpose": "sales", "state": "given",
                            "source": "in_person"})
        line = Consent.create({"partner_id": self.person.id, "channel": "phone", "purpose": "sales",
                               "state": "given", "source": "in_person", "reason": "asked to be called at the desk"})
        self.assertEqual((line.user_id, line.company_id), (self.sales_a, self.sales_a.company_id))
        with self.assertRaises(UserError):
            line.write({"state": "refused"})
        with self.assertRaises(UserError):
            line.unlink()
        # a colleague of the other branch does not see this customer, nor adds to their ledger
        with self.assertRaises(AccessError):
            self.env["dealer.consent"].sudo(self.sales_b).create({
                "partner_id": self.person.id, "channel": "phone", "purpose": "sales", "state": "refused",
                "source": "in_person", "reason": "x"})
        self.assertFalse(self.env["dealer.consent"].sudo(self.sales_b).search([("partner_id", "=", self.person.id)]))
        log = self.env["dealer.privacy.log"].search([("partner_id", "=", self.person.id), ("event", "=", "consent")])
        self.assertEqual(log.user_id, self.sales_a)
        self.assertIn("asked to be called at the desk", log.reason)

    def test_web_form_answers_are_ledger_lines_withdrawal_after_consent(self):
        activity = self.env.ref("dealer_privacy.privacy_activity_marketing")
        request = self.env["privacy.consent"].create({"partner_id": self.person.id, "activity_id": activity.id})
        request.action_answer(True, "User agent: test")
        request.action_answer(False, "User agent: test")
        lines = self.person.dealer_consent_ids.sorted("id")
        self.assertEqual(lines.mapped("state"), ["given", "withdrawn"])
        self.assertEqual(set(lines.mapped("source")), {"web_form"})
        self.assertIn("Marketing", lines[0].proof_text)
        self.assertIn("User agent: test", lines[0].proof_text)
        self.assertEqual(lines[0].company_id, self.env.user.company_id)
        self.assertFalse(self.person.contact_permission("email", "marketing")["allowed"])


class TestContactRule(DealerCase):
    """The light: consent, the Dutch call rule (a customer of at most three years), the open sales
    up, and what contact_permission answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.env["res.partner"].create({"name": "Pieter Prospect", "customer": True,
                                                      "user_id": cls.sales_a.id})

    def buyer(self, when):
        partner = self.env["res.partner"].create({"name": "Koper %s" % when, "customer": True,
                                                  "user_id": self.sales_a.id})
        lead = self.env["crm.lead"].create(sales_up_values({
            "name": "Won", "partner_id": partner.id, "user_id": self.sales_a.id, "team_id": self.branch_a.id}))
        lead.write({"probability": 100})
        self.env.cr.execute("UPDATE crm_lead SET date_closed = %s WHERE id = %s", (when, lead.id))
        lead.invalidate_cache()
        return partner

    def test_customer_of_at_most_three_years_may_be_called_with_the_end_date(self):
        since = years_ago(1)
        partner = self.buyer(since)
        answer = partner.sudo(self.sales_a).contact_permission("phone", "marketing")
        until = "%d-%s" % (int(since[:4]) + 3, since[5:7])
        self.assertEqual(answer, {"allowed": True,
                                  "reason": "customer since %s: may call until %s" % (since[:7], until)})

    def test_customer_past_three_years_needs_consent(self):
        partner = self.buyer(years_ago(3, days=10))
        answer = partner.contact_permission("phone", "marketing")
        self.assertFalse(answer["allowed"])
        self.assertIn("consent needed", answer["reason"])
        self.assertTrue(partner.contact_permission("email", "service")["allowed"], "service under the contract")
        self.assertTrue(partner.contact_permission("post", "marketing")["allowed"])

    def test_prospect_with_an_open_sales_up_may_be_followed_up_not_marketed(self):
        self.assertFalse(self.prospect.contact_permission("phone", "sales")["allowed"])
        self.env["crm.lead"].create(sales_up_values({
            "name": "Open", "partner_id": self.prospect.id, "user_id": self.sales_a.id, "team_id": self.branch_a.id,
            "lead_date": "2026-11-02 09:00:00"}))
        self.assertEqual(self.prospect.contact_permission("phone", "sales"), {
            "allowed": True, "reason": "open sales up since 2026-11-02: follow-up at the customer's request"})
        self.assertEqual(self.prospect.contact_permission("phone", "marketing"), {
            "allowed": False, "reason": "no consent for marketing by phone and no purchase in the last three years"})

    def test_the_light_on_customer_and_sales_up(self):
        lead = self.env["crm.lead"].create(sales_up_values({
            "name": "Light", "partner_id": self.prospect.id, "user_id": self.sales_a.id, "team_id": self.branch_a.id}))
        self.env["dealer.consent"].create({
            "partner_id": self.prospect.id, "channel": "email", "purpose": "marketing", "state": "withdrawn",
            "source": "email", "reason": "replied stop", "given_at": "2026-10-01 08:00:00"})
        light = lead.sudo(self.sales_a).privacy_light_html
        self.assertIn('data-channel="email" data-purpose="marketing"', light)
        self.assertIn("withdrew marketing by e-mail on 2026-10-01 (By e-mail)", light)
        self.assertIn("o_dealer_privacy_forbidden", light)
        self.assertNotIn('data-purpose="survey"', light, "the sales up shows follow-up and marketing")
        self.assertIn('data-purpose="survey"', self.prospect.privacy_light_html)

    def test_bad_arguments_and_strangers(self):
        with self.assertRaises(UserError):
            self.prospect.contact_permission("fax", "sales")
        with self.assertRaises(AccessError):
            self.prospect.sudo(self.sales_b).contact_permission("phone", "sales")


class TestMassMailing(TransactionCase):
    """A mass mailing is marketing e-mail: only the people the ledger allows get it."""

    def test_mass_mail_skips_who_may_not_be_mailed(self):
        Partner = self.env["res.partner"]
        yes = Partner.create({"name": "Ja Mail", "email": "ja@example.nl", "customer": True})
        no = Partner.create({"name": "Nee Mail", "email": "nee@example.nl", "customer": True})
        self.env["dealer.consent"].create({"partner_id": yes.id, "channel": "email", "purpose": "marketing",
                                           "state": "given", "source": "web_form"})
        composer = self.env["mail.compose.message"].with_context(
            active_ids=(yes | no).ids, active_model="res.partner").create({
                "composition_mode": "mass_mail", "model": "res.partner", "subject": "Nieuwe Golf",
                "body": "<p>Kom kijken</p>", "partner_ids": []})
        composer.send_mail()
        mails = self.env["mail.mail"].search([("subject", "=", "Nieuwe Golf")])
        self.assertEqual(mails.mapped("recipient_ids"), yes)


class TestDutchForms(TransactionCase):
    """The Dutch salesperson opens the forms that carry the light: Odoo translates a view before it
    applies the views that inherit it, so no inheriting view may find its place by English text."""

    def test_the_sales_up_and_customer_forms_open_in_dutch(self):
        for model, xmlid, label in (
                ("crm.lead", "crm.crm_case_form_view_oppor", 'string="Mogen we contact opnemen?"'),
                ("crm.lead", "crm.crm_case_form_view_leads", "<form"),
                ("res.partner", "base.view_partner_form", 'string="Privacy"')):
            arch = self.env[model].with_context(lang="nl_NL").fields_view_get(
                view_id=self.env.ref(xmlid).id, view_type="form")["arch"]
            self.assertIn(label, arch, xmlid)
