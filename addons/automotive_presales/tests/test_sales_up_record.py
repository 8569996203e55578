from lxml import etree

from odoo.exceptions import UserError, ValidationError

from .common import DealerCase

EMAIL = """Return-Path: <jan@vries.example>
To: sales@dealer.example
From: Jan de Vries <jan@vries.example>
Subject: Is the blue estate still for sale?
Date: Mon, 04 Mar 2024 09:15:00 +0000
Message-ID: <presales-test-1@vries.example>
Content-Type: text/plain; charset="utf-8"

Hello, I would like to see the estate this week.
"""


class TestSalesUpRecord(DealerCase):

    def _new(self, user=None, **values):
        vals = {"name": "Sales up", "type": "opportunity", "contact_name": "Carla",
                "contact_lastname": "Claes", "lead_type": "call", "lead_status": "hot"}
        vals.update(values)
        Lead = self.env["crm.lead"]
        return (Lead.sudo(user) if user else Lead).create(vals)

    def test_every_missing_required_field_is_named_with_the_sales_up(self):
        # typed by a salesperson (channels nobody types in fill what they can, lib/sales_up.py)
        with self.assertRaises(ValidationError) as error:
            self.env["crm.lead"].sudo(self.sales_a).create({"name": "Walk-in without details", "lead_date": False})
        message = str(error.exception)
        self.assertIn("Walk-in without details", message)
        for label in ("First name", "Last name", "Lead Date", "Lead Type", "Lead Status"):
            self.assertIn(label, message)

    def test_one_missing_field_is_enough_to_refuse(self):
        with self.assertRaises(ValidationError) as error:
            self._new(contact_lastname=False)
        self.assertIn("Last name", str(error.exception))
        self.assertNotIn("First name", str(error.exception))

    def test_a_known_customer_brings_first_and_last_name(self):
        lead = self.env["crm.lead"].create({
            "name": "Estate", "type": "opportunity", "partner_id": self.customer_a.id,
            "lead_type": "walk_in", "lead_status": "warm"})
        self.assertEqual((lead.contact_name, lead.contact_lastname), ("Anna", "Alpha"))
        self.assertTrue(lead.lead_date, "the lead date defaults to now")

    def test_quick_create_without_title_is_named_after_the_prospect(self):
        lead = self._new(name=False)
        self.assertEqual(lead.name, "Carla Claes")

    def test_an_email_to_the_sales_alias_becomes_a_warm_email_sales_up(self):
        lead_id = self.env["mail.thread"].message_process("crm.lead", EMAIL)
        lead = self.env["crm.lead"].browse(lead_id)
        self.assertEqual(lead.name, "Is the blue estate still for sale?")
        self.assertEqual((lead.contact_name, lead.contact_lastname), ("Jan", "de Vries"))
        self.assertEqual((lead.lead_type, lead.lead_status), ("email", "warm"))
        self.assertEqual(lead.lead_date, "2024-03-04 09:15:00")

    def test_the_mail_gateway_keeps_values_given_by_the_alias(self):
        lead = self.env["crm.lead"].message_new(
            {"from": "support@vries.example", "subject": "Question", "date": "2024-03-05 10:00:00"},
            {"lead_status": "cold"})
        self.assertEqual(lead.lead_status, "cold")
        self.assertEqual(lead.contact_name, "Support")
        self.assertEqual(lead.contact_lastname, "support@vries.example")

    def test_creator_date_and_branch_at_creation_are_recorded(self):
        lead = self._new(user=self.sales_a, user_id=self.sales_a.id)
        self.assertEqual(lead.create_uid, self.sales_a)
        self.assertTrue(lead.create_date)
        self.assertEqual(lead.origin_team_id, self.branch_a)
        lead_b = self._new(team_id=self.branch_b.id)
        self.assertEqual(lead_b.origin_team_id, self.branch_b)

    def test_the_branch_at_creation_never_changes(self):
        lead = self._new(team_id=self.branch_a.id)
        lead.team_id = self.branch_b
        self.assertEqual(lead.origin_team_id, self.branch_a)
        with self.assertRaises(UserError) as error:
            lead.write({"origin_team_id": self.branch_b.id})
        self.assertIn("Branch at creation", str(error.exception))
        self.assertIn(lead.name, str(error.exception))

    def test_gut_probability_lies_between_0_and_100(self):
        lead = self._new(gut_probability=70)
        self.assertEqual(lead.gut_probability, 70)
        with self.assertRaises(ValidationError) as error:
            lead.write({"gut_probability": 120})
        self.assertIn("Gut feel", str(error.exception))
        with self.assertRaises(ValidationError):
            self._new(gut_probability=-5)

    def test_a_new_sales_up_enters_the_funnel_through_its_channel(self):
        # a receptionist (here the admin) creates it for a salesperson: the moment is theirs
        lead = self._new(user_id=self.sales_a2.id, lead_type="web", team_id=self.branch_a.id)
        moment = lead.sudo().contact_moment_ids
        self.assertEqual(len(moment), 1)
        self.assertEqual((moment.kind, moment.channel), ("lead", "web"))
        self.assertEqual(moment.phase_id.code, "lead_digital")
        self.assertEqual(moment.user_id, self.sales_a2)
        self.assertEqual(moment.occurred_at, lead.lead_date)

    def test_qualifying_a_lead_makes_a_customer_and_a_sales_up(self):
        lead = self._new(user=self.sales_a, type="lead", user_id=self.sales_a.id, name="Website form",
                         contact_name="Piet", contact_lastname="van Dam", email_from="piet@dam.example",
                         lead_type="web")
        self.assertFalse(lead.sudo().contact_moment_ids, "a lead is not in the sales funnel yet")
        lead.sudo(self.sales_a).action_qualify()
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual((lead.partner_id.firstname, lead.partner_id.lastname), ("Piet", "van Dam"))
        self.assertEqual(lead.partner_id.email, "piet@dam.example")
        self.assertEqual(lead.sudo().contact_moment_ids.mapped("phase_id.code"), ["lead_digital"])

    def test_qualifying_matches_the_customer_by_email(self):
        self.customer_b.email = "bert@beta.example"
        lead = self._new(type="lead", contact_name="Bert", contact_lastname="Beta",
                         email_from="Bert Beta <BERT@beta.example>")
        partners_before = self.env["res.partner"].search_count([])
        lead.action_qualify()
        self.assertEqual(lead.partner_id, self.customer_b)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        with self.assertRaises(UserError):
            lead.action_qualify()

    def test_quick_create_form_asks_the_five_fields_phone_and_email(self):
        view = self.env.ref("automotive_presales.crm_lead_view_form_quick_create")
        arch = etree.fromstring(self.env["crm.lead"].fields_view_get(view_id=view.id)["arch"])
        required = [node.get("name") for node in arch.iter("field") if node.get("required") == "1"]
        self.assertEqual(required, ["contact_name", "contact_lastname", "lead_date", "lead_type", "lead_status"])
        shown = [node.get("name") for node in arch.iter("field") if node.get("invisible") != "1"]
        self.assertEqual(set(shown) - set(required), {"phone", "email_from"})

    def test_the_sales_up_form_marks_the_five_fields_required(self):
        arch = etree.fromstring(self.env["crm.lead"].fields_view_get(
            view_id=self.env.ref("crm.crm_case_form_view_oppor").id)["arch"])
        for name in ("contact_name", "contact_lastname", "lead_date", "lead_type", "lead_status"):
            nodes = arch.xpath("//field[@name='%s']" % name)
            self.assertEqual(len(nodes), 1, name)
            self.assertIn('"required": true', nodes[0].get("modifiers"), name)
        self.assertTrue(arch.xpath("//field[@name='origin_team_id']"))
        self.assertTrue(arch.xpath("//field[@name='gut_probability']"))
