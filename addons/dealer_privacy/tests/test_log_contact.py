from odoo.exceptions import ValidationError

from odoo.addons.automotive_presales.tests.common import DealerCase, sales_up_values


class TestLogContact(DealerCase):
    """Logging an outbound contact the ledger forbids asks for a confirmation and records it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create({"name": "Mila Nee", "customer": True, "user_id": cls.sales_a.id})
        cls.lead = cls.env["crm.lead"].create(sales_up_values({
            "name": "Mila", "partner_id": cls.person.id, "user_id": cls.sales_a.id, "team_id": cls.branch_a.id}))
        cls.env["dealer.consent"].create({
            "partner_id": cls.person.id, "channel": "phone", "purpose": "marketing", "state": "withdrawn",
            "source": "phone", "reason": "asked not to be called for promotions", "given_at": "2026-09-01 10:00:00"})
        cls.Moment = cls.env["presales.contact.moment"].sudo(cls.sales_a)

    def values(self, **changes):
        return dict({"lead_id": self.lead.id, "kind": "call", "direction": "outbound", "contact_purpose": "marketing",
                     "summary": "Winter tyres promotion"}, **changes)

    def test_forbidden_marketing_call_needs_confirmation_and_a_reason(self):
        with self.assertRaisesRegex(ValidationError, "withdrew marketing by phone on 2026-09-01"):
            self.Moment.create(self.values())
        with self.assertRaisesRegex(ValidationError, "Why despite the ledger"):
            self.Moment.create(self.values(privacy_confirmed=True))
        moment = self.Moment.create(self.values(privacy_confirmed=True,
                                                privacy_confirm_reason="she called us and asked for the offer"))
        self.assertTrue(moment.privacy_confirmed)
        log = self.env["dealer.privacy.log"].search([("partner_id", "=", self.person.id), ("event", "=", "override")])
        self.assertEqual(log.user_id, self.sales_a)
        self.assertIn("she called us and asked for the offer", log.reason)
        self.assertIn("withdrew marketing by phone", log.reason)

    def test_the_form_warns_before_saving(self):
        moment = self.Moment.new(self.values(partner_id=self.person.id))
        self.assertIn("withdrew marketing by phone", moment.privacy_warning)
        moment.contact_purpose = "sales"
        self.assertFalse(moment.privacy_warning, "the open sales up allows its follow-up")

    def test_allowed_inbound_in_person_and_dms_contacts_pass(self):
        before = len(self.lead.contact_moment_ids)
        self.Moment.create(self.values(contact_purpose="sales"))
        self.Moment.create(self.values(direction="inbound"))
        self.Moment.create(self.values(kind="showroom_visit"))
        self.env["presales.contact.moment"].create(self.values(origin="dms", user_id=self.sales_a.id))
        self.assertEqual(len(self.lead.contact_moment_ids), before + 4)
        self.assertFalse(self.env["dealer.privacy.log"].search([("event", "=", "override")]))
