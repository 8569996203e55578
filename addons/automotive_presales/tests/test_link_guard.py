from odoo.exceptions import ValidationError

from .ownership_common import OwnershipWritesCase


class TestLinkValues(OwnershipWritesCase):
    """Issue 16, hole 1: a link is the same link in every shape a client sends it, and is checked
    once for every model (models/base_link_guard.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead_model = cls.env["ir.model"]._get("crm.lead")

    def shapes(self, record_id):
        return [str(record_id), " %d " % record_id, float(record_id), [record_id, "name"]]

    def test_a_colleagues_customer_in_any_shape_is_refused(self):
        lead = self.lead_a.sudo(self.sales_a)
        moment = self.env["presales.contact.moment"].sudo(self.sales_a)
        for shape in [self.customer_b.id] + self.shapes(self.customer_b.id):
            with self.subTest(shape=shape):
                self.assertRefused(lambda: lead.write({"partner_id": shape}))
                self.assertRefused(lambda: moment.create({
                    "lead_id": self.lead_a.id, "partner_id": shape, "kind": "call", "summary": "x"}))
                self.assertRefused(lambda: self.env["crm.lead"].sudo(self.sales_a).create({
                    "name": "Mine", "type": "opportunity", "lead_type": "call", "lead_status": "warm",
                    "partner_id": shape}))
        self.assertEqual(self.lead_a.partner_id, self.customer_a)
        self.assertFalse(self.env["res.partner"].sudo(self.sales_a).search([("id", "=", self.customer_b.id)]))

    def test_a_manager_cannot_link_another_branchs_customer_either(self):
        for shape in self.shapes(self.customer_b.id):
            self.assertRefused(lambda: self.lead_a.sudo(self.manager_a).write({"partner_id": shape}))

    def test_an_own_customer_in_any_shape_is_the_same_link(self):
        lead = self.lead_a.sudo(self.sales_a)
        for shape in self.shapes(self.customer_a.id):
            lead.write({"partner_id": shape})
            self.assertEqual(self.lead_a.partner_id, self.customer_a)
        self.env.cr.execute("SELECT partner_id FROM crm_lead WHERE id = %s", (self.lead_a.id,))
        self.assertEqual(self.env.cr.fetchone()[0], self.customer_a.id)

    def test_malformed_values_are_a_clear_error_not_a_server_error(self):
        lead = self.lead_a.sudo(self.sales_a)
        for value in (57.5, "57a", -3, 2 ** 40, True, {"name": "x"}, [1, 2, 3], float("nan")):
            with self.subTest(value=value):
                with self.assertRaisesRegex(ValidationError, "field Customer"), self.env.cr.savepoint():
                    lead.write({"partner_id": value})
        for value in ([(9, 1)], [(4, "x")], "1,2", [(6, 0, [1.5])]):
            with self.subTest(value=value):
                self.assertRefused(lambda: self.env["calendar.event"].sudo(self.sales_a).create({
                    "name": "Meet", "start": "2031-01-06 10:00:00", "stop": "2031-01-06 11:00:00",
                    "partner_ids": value}), ValidationError)

    def test_x2many_commands_in_every_form_are_checked(self):
        Event = self.env["calendar.event"].sudo(self.sales_a)
        base = {"name": "Meet", "start": "2031-01-06 10:00:00", "stop": "2031-01-06 11:00:00",
                "opportunity_id": self.lead_a.id}
        foreign = self.customer_b.id
        for value in ([(4, foreign)], [(4, str(foreign))], [(6, 0, [foreign])], [(6, 0, [str(foreign)])],
                      [("4", float(foreign))], [foreign]):
            with self.subTest(value=value):
                self.assertRefused(lambda: Event.create(dict(base, partner_ids=value)))
        event = Event.create(dict(base, partner_ids=[(6, "0", [str(self.customer_a.id)])]))
        self.assertEqual(event.partner_ids, self.customer_a)
        self.assertRefused(lambda: event.write({"partner_ids": [(4, str(foreign))]}))
        # nested: a contact moment made inside the sales up's own write names a colleague's customer
        self.assertRefused(lambda: self.lead_a.sudo(self.sales_a).write({"contact_moment_ids": [
            (0, 0, {"partner_id": str(foreign), "kind": "call", "summary": "nested"})]}))
        # nested twice: a new customer with a contact person under a colleague's customer
        self.assertRefused(lambda: self.env["res.partner"].sudo(self.sales_a).create({
            "name": "New company", "customer": True, "is_company": True,
            "child_ids": [(0, 0, {"name": "Contact", "child_ids": [(4, foreign)]})]}))

    def test_context_defaults_and_active_records_are_checked(self):
        Lead = self.env["crm.lead"].sudo(self.sales_a)
        values = {"name": "Mine", "type": "opportunity", "lead_type": "call", "lead_status": "warm",
                  "contact_name": "A", "contact_lastname": "B"}
        for shape in [self.customer_b.id] + self.shapes(self.customer_b.id)[:2]:
            self.assertRefused(lambda: Lead.with_context(default_partner_id=shape).create(values))
            self.assertRefused(lambda: Lead.with_context(default_partner_id=shape).default_get(["partner_id"]))
        Moment = self.env["presales.contact.moment"].sudo(self.sales_a)
        self.assertRefused(lambda: Moment.with_context(default_lead_id=str(self.lead_b.id)).create(
            {"kind": "call", "summary": "x"}))
        Lost = self.env["crm.lead.lost"].sudo(self.sales_a)
        for context in ({"active_model": "crm.lead", "active_ids": [self.lead_b.id]},
                        {"active_model": "crm.lead", "active_id": str(self.lead_b.id)},
                        {"active_model": "crm.lead", "active_ids": [str(self.lead_a.id), float(self.lead_b.id)]}):
            with self.subTest(context=context):
                self.assertRefused(lambda: Lost.with_context(**context).default_get(["lost_reason_id"]))
        self.assertRefused(lambda: Lost.with_context(active_model="crm.lead", active_id="abc").default_get(
            ["lost_reason_id"]), ValidationError)
        own = Lost.with_context(active_model="crm.lead", active_ids=[str(self.lead_a.id)])
        own.create({"lost_reason_id": self.loss_reason.id})

    def test_documents_orders_and_recipients_name_only_what_the_user_sees(self):
        """Hole 10: orders, invoices and message recipients take only partners, sales ups and
        trade-ins the user may read."""
        Order = self.env["sale.order"].sudo(self.sales_a)
        for values in ({"partner_id": self.customer_b.id}, {"partner_id": str(self.customer_b.id)},
                       {"partner_id": self.customer_a.id, "opportunity_id": self.lead_b.id},
                       {"partner_id": self.customer_a.id, "partner_shipping_id": self.customer_b.id},
                       {"partner_id": self.customer_a.id, "partner_invoice_id": str(self.customer_b.id)}):
            with self.subTest(values=values):
                self.assertRefused(lambda: Order.create(dict(values, user_id=self.sales_a.id)))
        Invoice = self.env["account.invoice"].sudo(self.sales_a)
        self.assertRefused(lambda: Invoice.create({"partner_id": self.customer_b.id, "type": "out_invoice"}))
        lead = self.lead_a.sudo(self.sales_a)
        self.assertRefused(lambda: lead.message_post(body="Hello", partner_ids=[self.customer_b.id]))
        # Odoo's message_post leaves out recipients that are not ints: nobody is mailed
        message = lead.message_post(body="Hello", partner_ids=[str(self.customer_b.id)])
        self.assertNotIn(self.customer_b, message.sudo().partner_ids)
        self.assertRefused(lambda: lead.message_subscribe(partner_ids=[self.customer_b.id]))
        Composer = self.env["mail.compose.message"].sudo(self.sales_a)
        Composer = Composer.with_context(default_model="crm.lead", default_res_id=self.lead_a.id)
        self.assertRefused(lambda: Composer.create({"body": "Hi", "partner_ids": [(6, 0, [self.customer_b.id])]}))
        lead.message_post(body="Hello", partner_ids=[self.customer_a.id])

    def test_a_record_moves_to_another_document_only_for_who_may_change_it(self):
        """Hole 6: an own to-do or note is not moved into a colleague's sales up."""
        activity = self.env["mail.activity"].sudo(self.sales_a).create({
            "res_model_id": self.lead_model.id, "res_id": self.lead_a.id, "summary": "Call back",
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id})
        for target in (self.lead_b.id, str(self.lead_a2.id)):
            self.assertRefused(lambda: activity.write({"res_id": target}))
        self.assertEqual(activity.sudo().res_id, self.lead_a.id)
        self.assertNotIn(self.lead_b.name, activity.sudo().res_name)
        message = self.lead_a.sudo(self.sales_a).message_post(body="Mine", subtype="mail.mt_note")
        message = message.sudo(self.sales_a)
        self.assertRefused(lambda: message.write({"res_id": self.lead_b.id}))
        self.assertRefused(lambda: message.write({"model": "res.partner", "res_id": self.customer_b.id}))
        self.assertEqual((message.sudo().model, message.sudo().res_id), ("crm.lead", self.lead_a.id))
        self.assertRefused(lambda: self.env["ir.attachment"].sudo(self.sales_a).create({
            "name": "x.txt", "datas": "eA==", "res_model": "crm.lead", "res_id": str(self.lead_b.id)}))
        self.assertRefused(lambda: self.env["mail.message"].sudo(self.sales_a).create({
            "model": "crm.lead", "res_id": self.lead_b.id, "body": "planted", "message_type": "comment"}))
        # moving within reach stays possible: the note to the other own sales up
        message.write({"res_id": self.lead_shared.id})
        self.assertEqual(message.sudo().res_id, self.lead_shared.id)
