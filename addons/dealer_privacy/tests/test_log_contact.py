from odoo.exceptions import AccessError, UserError, ValidationError

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


class TestFormContactButtons(DealerCase):
    """The sales up form's Call and WhatsApp buttons ask the confirmation the ledger needs, in a
    dialog (dealer.floor.contact.confirm), and dial once it is given; nothing blocks: they dial."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner, Lead = cls.env["res.partner"], cls.env["crm.lead"]
        cls.person = Partner.create({"name": "Joris Nietbellen", "customer": True, "user_id": cls.sales_a.id,
                                     "mobile": "+31 6 1234 5678"})
        cls.lead = Lead.create(sales_up_values({
            "name": "Joris", "partner_id": cls.person.id, "user_id": cls.sales_a.id, "team_id": cls.branch_a.id,
            "mobile": "+31 6 1234 5678"}))
        for channel in ("phone", "sms"):
            cls.env["dealer.consent"].create({
                "partner_id": cls.person.id, "channel": channel, "purpose": "sales", "state": "refused",
                "source": "email", "reason": "mailed: no calls", "given_at": "2026-11-01 09:00:00"})
        free = Partner.create({"name": "Fleur Welbellen", "customer": True, "user_id": cls.sales_a.id})
        cls.free_lead = Lead.create(sales_up_values({
            "name": "Fleur", "partner_id": free.id, "user_id": cls.sales_a.id, "team_id": cls.branch_a.id,
            "mobile": "+31 6 8765 4321"}))
        cls.foreign_lead = Lead.create(sales_up_values({
            "name": "Colleague's", "partner_id": cls.person.id, "user_id": cls.sales_b.id, "team_id": cls.branch_b.id,
            "mobile": "+31 6 1234 5678"}))
        cls.Wizard = cls.env["dealer.floor.contact.confirm"].sudo(cls.sales_a)

    def calls(self, lead):
        return lead.contact_moment_ids.filtered(lambda moment: moment.kind == "call")

    def wizard_for(self, action):
        """The dialog the button opens, as the web client makes it from the button's action."""
        context = action["context"]
        defaults = self.Wizard.with_context(**context).default_get(["lead_id", "action", "why_not", "reason"])
        return self.Wizard.with_context(**context).create(defaults)

    def test_a_blocked_call_asks_a_reason_then_logs_it_confirmed_and_dials(self):
        action = self.lead.sudo(self.sales_a).action_floor_call()
        self.assertEqual((action["type"], action["res_model"], action["target"]),
                         ("ir.actions.act_window", "dealer.floor.contact.confirm", "new"))
        self.assertFalse(self.calls(self.lead), "nothing is logged before the salesperson confirms")
        wizard = self.wizard_for(action)
        self.assertIn("refused sales follow-up by phone on 2026-11-01", wizard.why_not)
        with self.assertRaisesRegex(UserError, "field Why anyway is required"):
            wizard.action_confirm()
        wizard.reason = "   "
        with self.assertRaisesRegex(UserError, "field Why anyway is required"):
            wizard.action_confirm()
        self.assertFalse(self.calls(self.lead))
        wizard.reason = "He called us and asked to be called back"
        self.assertEqual(wizard.action_confirm(), {"type": "ir.actions.act_url", "url": "tel:+31612345678",
                                                   "target": "self", "dealer_contact": True})
        moment = self.calls(self.lead)
        self.assertEqual((len(moment), moment.privacy_confirmed, moment.privacy_confirm_reason,
                          moment.user_id, moment.direction),
                         (1, True, "He called us and asked to be called back", self.sales_a, "outbound"))
        log = self.env["dealer.privacy.log"].search([("partner_id", "=", self.person.id), ("event", "=", "override")])
        self.assertEqual((len(log), log.user_id), (1, self.sales_a))
        self.assertIn("He called us and asked to be called back", log.reason)
        self.assertIn("refused sales follow-up by phone", log.reason)

    def test_a_blocked_whatsapp_asks_too_and_opens_whatsapp(self):
        action = self.lead.sudo(self.sales_a).action_floor_whatsapp()
        wizard = self.wizard_for(action)
        self.assertEqual(wizard.action, "whatsapp")
        self.assertIn("by sms/whatsapp", wizard.why_not)
        wizard.reason = "She asked for the brochure on WhatsApp"
        self.assertEqual(wizard.action_confirm()["url"], "https://wa.me/31612345678")
        moment = self.lead.contact_moment_ids.filtered(lambda moment: moment.channel == "chat")
        self.assertEqual((len(moment), moment.privacy_confirm_reason),
                         (1, "She asked for the brochure on WhatsApp"))

    def test_nothing_blocks_the_button_dials_at_once(self):
        action = self.free_lead.sudo(self.sales_a).action_floor_call()
        self.assertEqual(action, {"type": "ir.actions.act_url", "url": "tel:+31687654321", "target": "self",
                                  "dealer_contact": True})
        moment = self.calls(self.free_lead)
        self.assertEqual((len(moment), moment.privacy_confirmed), (1, False))
        self.assertFalse(self.env["dealer.privacy.log"].search([("event", "=", "override")]))

    def test_only_for_the_users_own_sales_ups(self):
        with self.assertRaises(AccessError):
            self.foreign_lead.sudo(self.sales_a).action_floor_call()
        with self.assertRaisesRegex(UserError, "not yours"):
            self.Wizard.create({"lead_id": self.foreign_lead.id, "action": "call", "reason": "try"})
        self.assertFalse(self.calls(self.foreign_lead))
