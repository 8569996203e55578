"""Issue 16: the holes a hostile salesperson and an outsider found beside the access matrix, each
with the test that failed before its fix (holes 1, 6 and 10 in test_link_guard.py, 9 in
sales_monitor, 20 in dms_connector, the census in tests/test_access_census.py)."""
import base64
import re

from odoo.exceptions import ValidationError
from odoo.tests import common

from .common import JsonRpcCase, sales_up_values
from .ownership_common import OwnershipWritesCase


class TestOwnershipHoles(OwnershipWritesCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead_model = cls.env["ir.model"]._get("crm.lead")
        cls.colleague_file = cls.env["ir.attachment"].sudo(cls.sales_a2).create({
            "name": "offer-carla.pdf", "datas_fname": "offer-carla.pdf", "datas": base64.b64encode(b"%PDF-1.4"),
            "res_model": "crm.lead", "res_id": cls.lead_a2.id})
        cls.employee = cls.env["res.users"].create({
            "name": "Plain Employee", "login": "plain_employee", "email": "plain@example.com",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id])]})

    # hole 2
    def test_a_colleagues_file_does_not_leave_by_mail(self):
        outsider = self.env["res.partner"].sudo(self.sales_a).create({
            "name": "Outside Friend", "email": "friend@elsewhere.example", "customer": True})
        lead = self.lead_a.sudo(self.sales_a)
        upload = self.env["ir.attachment"].sudo(self.sales_a).create({
            "name": "mine.txt", "datas_fname": "mine.txt", "datas": base64.b64encode(b"mine"),
            "res_model": "mail.compose.message", "res_id": 0})
        message = lead.message_post(body="Files", partner_ids=[outsider.id],
                                    attachment_ids=[self.colleague_file.id, upload.id])
        self.assertEqual(message.sudo().attachment_ids, upload)
        self.assertEqual(self.colleague_file.sudo().res_id, self.lead_a2.id)
        Composer = self.env["mail.compose.message"].sudo(self.sales_a).with_context(
            default_model="crm.lead", default_res_id=self.lead_a.id, default_composition_mode="comment")
        self.assertRefused(lambda: Composer.create({
            "body": "Files", "partner_ids": [(6, 0, [outsider.id])],
            "attachment_ids": [(6, 0, [self.colleague_file.id])]}))
        composer = Composer.create({"body": "Mine", "partner_ids": [(6, 0, [outsider.id])],
                                    "attachment_ids": [(6, 0, [upload.id])]})
        composer.send_mail()
        sent = self.env["mail.message"].search([("model", "=", "crm.lead"), ("res_id", "=", self.lead_a.id),
                                                ("body", "like", "Mine")])
        self.assertEqual(sent.attachment_ids, upload)

    # hole 3
    def test_journal_items_and_channel_sales_follow_their_invoice_and_order(self):
        Order = self.env["sale.order"]
        product = self.env["product.product"].create({"name": "Delivery", "type": "service",
                                                      "invoice_policy": "order", "list_price": 100})
        orders = {}
        for user, partner, team in ((self.sales_a, self.customer_a, self.branch_a),
                                    (self.sales_b, self.customer_b, self.branch_b)):
            order = Order.create({"partner_id": partner.id, "user_id": user.id, "team_id": team.id,
                                  "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]})
            order.action_confirm()
            invoice = self.env["account.invoice"].browse(order.action_invoice_create())
            invoice.action_invoice_open()
            orders[user] = (order, invoice)
        own_lines = orders[self.sales_a][1].move_id.line_ids
        foreign_lines = orders[self.sales_b][1].move_id.line_ids
        Lines = self.env["account.move.line"]
        self.assertEqual(Lines.sudo(self.sales_a).search([("id", "in", (own_lines | foreign_lines).ids)]), own_lines)
        self.assertFalse(Lines.sudo(self.employee).check_access_rights("read", raise_exception=False))
        self.assertEqual(Lines.sudo(self.manager_a).search([("id", "in", (own_lines | foreign_lines).ids)]),
                         own_lines)
        Channels = self.env["report.all.channels.sales"].sudo(self.sales_a)
        names = {order.name for order, _invoice in orders.values()}
        self.assertEqual({row.name for row in Channels.search([("name", "in", list(names))])},
                         {orders[self.sales_a][0].name})
        row = Channels.search([("name", "=", orders[self.sales_a][0].name)], limit=1)
        self.assertRefused(lambda: row.write({"price_total": 1}))
        self.assertRefused(lambda: Channels.create({"name": "x"}))

    # hole 4
    def test_files_without_document_are_their_creators(self):
        self.customer_a.email = "anna@example.com"
        self.env["calendar.event"].sudo(self.sales_a).create({
            "name": "Appraisal Anna", "opportunity_id": self.lead_a.id, "user_id": self.sales_a.id,
            "start": "2031-02-03 09:00:00", "stop": "2031-02-03 10:00:00",
            "partner_ids": [(6, 0, [self.customer_a.id, self.sales_a.partner_id.id])]})
        invitations = self.env["ir.attachment"].sudo().search(
            [("name", "=", "invitation.ics"), ("create_uid", "=", self.sales_a.id)])
        self.assertTrue(invitations, "the meeting sends its invitations with an .ics file")
        for user in (self.sales_a2, self.sales_b, self.employee):
            self.assertFalse(self.env["ir.attachment"].sudo(user).search([("id", "in", invitations.ids)]))
            self.assertRefused(lambda: invitations.sudo(user).read(["datas"]))
        invitations.sudo(self.sales_a).read(["datas"])
        # once sent, the invitations' files have done their work
        mails = self.env["mail.mail"].search([("attachment_ids", "in", invitations.ids)])
        self.assertTrue(mails)
        mails.send()
        self.assertFalse(invitations.exists())

    # hole 7
    def test_notifications_are_their_recipients(self):
        self.lead_a.sudo(self.sales_a).message_post(
            body="For Anna", partner_ids=[self.customer_a.id], message_type="comment", subtype="mail.mt_comment")
        notifications = self.env["mail.notification"].sudo().search([("res_partner_id", "=", self.customer_a.id)])
        self.assertTrue(notifications)
        for user in (self.sales_a2, self.sales_b, self.employee, self.sales_a):
            self.assertFalse(self.env["mail.notification"].sudo(user).search([("id", "in", notifications.ids)]))

    # hole 11
    def test_bank_accounts_follow_their_customer(self):
        bank = self.env["res.partner.bank"].create({"acc_number": "NL02ABNA0123456789",
                                                    "partner_id": self.customer_b.id})
        own = self.env["res.partner.bank"].create({"acc_number": "NL69INGB0123456789",
                                                   "partner_id": self.customer_a.id})
        for user in (self.sales_a, self.sales_a2, self.employee, self.manager_a):
            self.assertFalse(self.env["res.partner.bank"].sudo(user).search([("id", "=", bank.id)]))
            self.assertRefused(lambda: bank.sudo(user).read(["acc_number"]))
        self.assertEqual(self.env["res.partner.bank"].sudo(self.sales_a).search([("id", "in", (bank | own).ids)]), own)
        self.assertEqual(self.env["res.partner.bank"].sudo(self.sales_b).search([("id", "=", bank.id)]), bank)

    # hole 12
    def test_an_employee_without_dealer_role_sees_no_dealer_data(self):
        Partner = self.env["res.partner"].sudo(self.employee)
        customers = self.customer_a | self.customer_b | self.customer_a2
        self.assertFalse(Partner.search([("id", "in", customers.ids)]))
        contact = self.env["res.partner"].create({"name": "Contact of Bert", "parent_id": self.customer_b.id,
                                                  "customer": False})
        self.assertFalse(Partner.search([("id", "=", contact.id)]))
        self.assertFalse(self.env["res.partner"].sudo(self.sales_a).search([("id", "=", contact.id)]))
        self.assertTrue(Partner.search([("id", "=", self.sales_a.partner_id.id)]), "colleagues stay visible")
        self.assertFalse(self.env.ref("base.user_demo").active, "Odoo's demo user is archived")

    # hole 14
    def test_follow_up_mails_are_not_messages_of_the_branch(self):
        activity = self.env["mail.activity"].create({
            "res_model_id": self.lead_model.id, "res_id": self.lead_a.id, "user_id": self.sales_a.id,
            "summary": "Late call", "date_deadline": "2020-01-01",
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id})
        mails = self.env["crm.team"]._cron_mail_overdue_follow_ups()
        self.assertTrue(mails)
        for mail in mails:
            self.assertFalse(mail.model)
            self.assertFalse(self.env["mail.mail"].sudo(self.sales_a2).search([("id", "=", mail.id)]))
            self.assertFalse(self.env["mail.message"].sudo(self.sales_b).search([("id", "=", mail.mail_message_id.id)]))
        activity.unlink()

    # hole 15
    def test_after_a_reassignment_the_old_owner_sees_none_of_it(self):
        lead = self.lead_a
        todo = self.env["mail.activity"].sudo(self.sales_a).create({
            "res_model_id": self.lead_model.id, "res_id": lead.id, "summary": "Call Anna back",
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id})
        note = lead.sudo(self.sales_a).message_post(body="Anna wants a tow bar", subtype="mail.mt_note")
        lead.sudo(self.manager_a).write({"user_id": self.sales_a2.id})
        self.assertFalse(self.env["crm.lead"].sudo(self.sales_a).search([("id", "=", lead.id)]))
        self.assertFalse(self.env["mail.activity"].sudo(self.sales_a).search([("id", "=", todo.id)]))
        self.assertRefused(lambda: todo.sudo(self.sales_a).write({"summary": "mine"}))
        self.assertEqual(todo.sudo().user_id, self.sales_a2, "the to-do goes with the sales up")
        self.assertFalse(self.env["mail.message"].sudo(self.sales_a).search([("id", "=", note.id)]))
        self.assertRefused(lambda: note.sudo(self.sales_a).read(["body"]))
        self.assertTrue(self.env["mail.message"].sudo(self.sales_a2).search([("id", "=", note.id)]))
        self.assertTrue(self.env["mail.activity"].sudo(self.sales_a2).search([("id", "=", todo.id)]))

    # hole 16
    def test_a_double_booking_does_not_tell_a_colleagues_booking(self):
        car = self.env["fleet.vehicle"].create({
            "model_id": self.env.ref("fleet.model_a1").id, "license_plate": "DEMO-HOLE-16"})
        self.env["presales.test.drive"].create({
            "lead_id": self.lead_b.id, "partner_id": self.customer_b.id, "user_id": self.sales_b.id,
            "fleet_vehicle_id": car.id, "licence_number": "NL-1", "licence_expiry": "2099-01-01",
            "start_datetime": "2031-03-03 10:00:00", "stop_datetime": "2031-03-03 11:00:00"})
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            self.env["presales.test.drive"].sudo(self.sales_a).create({
                "lead_id": self.lead_a.id, "partner_id": self.customer_a.id, "fleet_vehicle_id": car.id,
                "licence_number": "NL-2", "licence_expiry": "2099-01-01",
                "start_datetime": "2031-03-03 10:30:00", "stop_datetime": "2031-03-03 11:30:00"})
        message = caught.exception.name
        self.assertIn("already booked by someone else", message)
        for secret in (self.sales_b.name, "10:00", "11:00", self.lead_b.name):
            self.assertNotIn(secret, message)

    # hole 17
    def test_a_director_only_field_is_not_searched_sorted_or_grouped_on(self):
        Stock = self.env["presales.stock.vehicle"].sudo(self.sales_a)
        self.assertRefused(lambda: Stock.search([("reserved_lead_id", "=", self.lead_b.id)]))
        self.assertRefused(lambda: Stock.search([("reserved_lead_id.name", "ilike", "SUV")]))
        self.assertRefused(lambda: Stock.search([], order="reserved_lead_id"))
        self.assertRefused(lambda: Stock.read_group([], ["reserved_lead_id"], ["reserved_lead_id"]))
        Stock.search([("state", "=", "reserved")])
        self.env["presales.stock.vehicle"].sudo(self.director).search([("reserved_lead_id", "=", self.lead_b.id)])

    # hole 22
    def test_a_salesperson_cannot_name_a_discuss_channels_alias(self):
        Channel = self.env["mail.channel"].sudo(self.sales_a)
        channel = Channel.create({"name": "Showroom"})
        self.assertRefused(lambda: channel.write({"alias_name": "showroom-inbox"}))
        self.assertRefused(lambda: channel.alias_id.sudo(self.sales_a).write({"alias_contact": "everyone"}))
        self.assertRefused(lambda: Channel.create({"name": "Inbox", "alias_name": "outside-inbox"}))
        self.assertFalse(channel.alias_id.alias_name)
        channel.unlink()


class TestCoreSuiteDefects(OwnershipWritesCase):
    """The four defects Odoo's own suites found with our addons loaded (issue 16), and the
    website contact form."""

    def test_a_sales_user_without_dealer_role_creates_a_lead(self):
        user = self.env["res.users"].create({
            "name": "Odoo Sales User", "login": "odoo_sales_user", "email": "osu@example.com",
            "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman_all_leads").id])]})
        # a rule, so that distribution reads the sales up's desired makes
        self.env["presales.assignment.rule"].create({
            "name": "Branch A", "team_id": self.branch_a.id, "user_ids": [(6, 0, self.sales_a.ids)]})
        lead = self.env["crm.lead"].sudo(user).create({
            "name": "Lead of a sales user", "contact_name": "Ada", "contact_lastname": "Lovelace",
            "lead_type": "call", "lead_status": "warm", "team_id": self.branch_a.id})
        self.assertEqual(lead.sudo().user_id, self.sales_a, "distributed, as a lead nobody took")

    def test_the_mail_gateway_as_a_salesperson_creates_a_lead(self):
        # an alias owned by a salesperson: the gateway runs as them, crm passes default_user_id=False
        mail = ("From: Jan de Vries <jan@example.com>\r\nTo: sales-a-inbox@example.com\r\n"
                "Subject: A Golf please\r\nMessage-Id: <hole16-gateway@example.com>\r\n\r\nIs it in stock?\r\n")
        self.env["mail.thread"].sudo(self.sales_a).message_process("crm.lead", mail)
        lead = self.env["crm.lead"].search([("name", "=", "A Golf please")])
        self.assertEqual((lead.contact_name, lead.contact_lastname, lead.lead_type), ("Jan", "de Vries", "email"))
        # the salesperson's own inbox: the sales up is theirs, with the mail in its chatter
        self.assertEqual(lead.user_id, self.sales_a)
        self.assertIn("Is it in stock?", " ".join(lead.message_ids.mapped("body")))

    def test_an_activity_with_a_meeting_for_a_colleague_is_seen_by_its_creator(self):
        # as calendar's own test: a meeting made with default_res_model/res_id makes an activity
        # for the meeting's organiser, here the colleague who owns the shared sales up
        lead = self.lead_shared
        event = self.env["calendar.event"].sudo(self.sales_a).with_context(
            default_res_model="crm.lead", default_res_id=lead.id).create({
                "name": "Visit", "start": "2031-04-01 09:00:00", "stop": "2031-04-01 10:00:00",
                "user_id": self.sales_a2.id})
        self.assertEqual((event.res_model, event.res_id), ("crm.lead", lead.id))
        activities = lead.sudo(self.sales_a).activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual((activities.summary, activities.user_id), ("Visit", self.sales_a2))

    def test_members_of_a_discuss_channel_are_notified(self):
        channel = self.env["mail.channel"].create({"name": "Sales floor", "public": "private",
                                                   "channel_partner_ids": [(4, self.sales_a.partner_id.id)]})
        message = channel.sudo(self.sales_a).message_post(
            body="@Carla see this", partner_ids=[self.sales_a2.partner_id.id], message_type="comment",
            subtype="mail.mt_comment")
        self.assertIn(self.sales_a2.partner_id, message.sudo().partner_ids)

    def test_a_recipient_replies_in_a_private_channel_as_odoo_lets_them(self):
        # mail's own test_mail_message_access_create_reply: the link guard held a Discuss channel
        # to "a document you can see"; Odoo's rule lets the recipient of a message reply to it
        channel = self.env["mail.channel"].create({"name": "Directors", "public": "private"})
        Message = self.env["mail.message"].sudo(self.sales_a)
        addressed = channel.message_post(body="Figures", partner_ids=self.sales_a.partner_id.ids)
        reply = Message.create({"model": "mail.channel", "res_id": channel.id, "body": "Thanks",
                                "parent_id": addressed.id})
        self.assertEqual(reply.sudo().parent_id, addressed)
        # not a recipient, no member: Odoo's own rule refuses
        other = channel.message_post(body="Between us")
        self.assertRefused(lambda: Message.create({"model": "mail.channel", "res_id": channel.id,
                                                   "body": "Me too", "parent_id": other.id}))
        # a document with dealer data stays ours to guard: a colleague's sales up
        note = self.lead_b.message_post(body="Price agreed", partner_ids=self.sales_a.partner_id.ids)
        self.assertRefused(lambda: Message.create({"model": "crm.lead", "res_id": self.lead_b.id,
                                                   "body": "Noted", "parent_id": note.id}))

    def test_a_portal_user_replies_to_a_channel_message_with_the_composer(self):
        # mail's own test_portal test_mail_compose_access_rights: mail's search hides a note from
        # a portal user, whose reply to it through the composer the link guard then refused
        portal = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Chell Portal", "login": "chell_portal", "email": "chell@example.com",
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        channel = self.env["mail.channel"].create({
            "name": "Owners club", "public": "groups", "group_public_id": self.env.ref("base.group_portal").id})
        posted = channel.message_post(body="Welcome")
        compose = self.env["mail.compose.message"].with_context(
            default_composition_mode="comment", default_parent_id=posted.id).sudo(portal).create(
            {"subject": "Re: Welcome", "body": "Hello"})
        compose.send_mail()
        self.assertEqual(channel.message_ids.filtered(lambda message: message.parent_id == posted).body,
                         "<p>Hello</p>")
        # the chatter of a sales up is no channel's: the portal user cannot reply to it
        note = self.lead_a.message_post(body="Internal")
        self.assertRefused(lambda: self.env["mail.compose.message"].with_context(
            default_composition_mode="comment", default_parent_id=note.id).sudo(portal).create(
            {"subject": "Re", "body": "Hi"}))

    def test_a_website_contact_form_fills_the_five_fields(self):
        # what Odoo's website_crm form posts (website_form controller, insert_record) and its
        # input filter adds: the medium Website, the website's default branch and salesperson
        values = {"contact_name": "Jan de Vries", "email_from": "jan@example.com", "phone": "+31 6 1234 5678",
                  "partner_name": "De Vries Transport", "name": "Question about the Golf",
                  "description": "Is the white one still in stock?",
                  "medium_id": self.env.ref("utm.utm_medium_website").id, "team_id": False, "user_id": False}
        lead = self.env["crm.lead"].sudo().with_context(mail_create_nosubscribe=True).create(values)
        self.assertEqual((lead.contact_name, lead.contact_lastname, lead.lead_type, lead.lead_status),
                         ("Jan", "de Vries", "web", "warm"))
        self.assertTrue(lead.lead_date)


@common.at_install(False)
@common.post_install(True)
class TestOwnershipHolesHttp(JsonRpcCase):

    def setUp(self):
        super().setUp()
        self.uid = self.rpc_login("sales1", "sales1")["result"]["uid"]

    # hole 8
    def test_read_followers_lists_only_followers_one_may_read(self):
        Followers = self.env["mail.followers"]
        lead = self.env["crm.lead"].create(sales_up_values({"name": "Not sales1's", "user_id": self.env.ref(
            "automotive_presales.user_sales3").id}))
        customer = self.env["res.partner"].create({"name": "Hidden Customer", "customer": True})
        lead.message_subscribe(partner_ids=[customer.id])
        foreign = Followers.search([("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)])
        own_lead = self.env["crm.lead"].search([("user_id", "=", self.uid)], limit=1)
        result = self.json_rpc("/mail/read_followers", {"follower_ids": foreign.ids, "res_model": "res.users"})
        self.assertEqual(result["result"]["followers"], [])
        result = self.json_rpc("/mail/read_followers", {"follower_ids": foreign.ids, "res_model": "crm.lead"})
        self.assertEqual(result["result"]["followers"], [])
        own = Followers.search([("res_model", "=", "crm.lead"), ("res_id", "=", own_lead.id)])
        result = self.json_rpc("/mail/read_followers", {"follower_ids": own.ids, "res_model": "crm.lead"})
        self.assertEqual({row["id"] for row in result["result"]["followers"]}, set(own.ids))
        result = self.json_rpc("/mail/read_followers", {"follower_ids": ["x"], "res_model": "no.such.model"})
        self.assertEqual(result["result"]["followers"], [])

    # hole 19
    def test_csv_export_neutralises_formulas(self):
        partner = self.call("res.partner", "create", {"name": "@SUM(1+1)*cmd", "customer": True,
                                                      "comment": "=HYPERLINK(\"x\")"})
        page = self.opener.get("http://%s:%s/web" % (common.HOST, common.PORT), timeout=60).text
        csrf = re.search(r'csrf_token: "([0-9a-f]+o?[0-9]*)"', page).group(1)
        response = self.opener.post("http://%s:%s/web/export/csv" % (common.HOST, common.PORT), data={
            "data": '{"model": "res.partner", "fields": [{"name": "name", "label": "Name"}, '
                    '{"name": "comment", "label": "Notes"}], "ids": [%d], "domain": [], "import_compat": false}'
                    % partner, "token": "1", "csrf_token": csrf}, timeout=60)
        self.assertEqual(response.status_code, 200)
        text = response.content.decode("utf-8")
        self.assertIn("'@SUM(1+1)*cmd", text)
        self.assertIn("'=HYPERLINK", text)
