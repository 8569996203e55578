from odoo.exceptions import AccessError

from .test_ownership_sales_up import OwnershipCase


class TestOwnershipChatter(OwnershipCase):
    """Messages, activities, files and queued mails of a sales up reach only those who may read
    it, through every path: read_group included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead_model = cls.env["ir.model"]._get("crm.lead")
        for lead in cls.all_leads:
            lead.message_post(body="Note on %s" % lead.name, subtype="mail.mt_note")
            cls.env["mail.activity"].create({
                "res_model_id": cls.lead_model.id, "res_id": lead.id, "user_id": cls.director.id,
                "summary": "Call about %s" % lead.name,
                "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id})
            cls.env["ir.attachment"].create({
                "name": "offer-%s.pdf" % lead.id, "datas_fname": "offer.pdf", "datas": "JVBERi0=",
                "res_model": "crm.lead", "res_id": lead.id})

    def _grouped_leads(self, model, user):
        groups = self.env[model].sudo(user).read_group(
            [("res_model" if model != "mail.message" else "model", "=", "crm.lead"),
             ("res_id", "in", self.all_leads.ids)], ["res_id"], ["res_id"])
        return self.env["crm.lead"].browse(group["res_id"] for group in groups)

    def test_read_group_groups_only_what_the_role_may_read(self):
        expected = {
            self.sales_a: self.lead_own | self.lead_second,
            self.sales_a2: self.lead_second | self.lead_colleague,
            self.sales_b: self.lead_branch_b,
            self.manager_a: self.lead_own | self.lead_second | self.lead_colleague | self.lead_unassigned,
            self.director: self.all_leads,
        }
        for model in ("mail.message", "mail.activity", "ir.attachment"):
            for user, leads in expected.items():
                self.assertEqual(self._grouped_leads(model, user), leads, "%s as %s" % (model, user.login))
                self.assertEqual(self.visible_leads(user), leads)

    def test_read_group_counts_match_search(self):
        domain = [("model", "=", "crm.lead"), ("res_id", "in", self.all_leads.ids)]
        Message = self.env["mail.message"].sudo(self.sales_b)
        total = sum(group["model_count"] for group in Message.read_group(domain, ["model"], ["model"]))
        self.assertEqual(total, Message.search_count(domain))

    def test_the_chatter_and_discuss_load_for_the_salesperson(self):
        Message = self.env["mail.message"].sudo(self.sales_a)
        messages = Message.search([("model", "=", "crm.lead"), ("res_id", "=", self.lead_own.id)])
        formatted = messages.message_format()
        self.assertIn("Note on Own estate", " ".join(message["body"] for message in formatted))
        form_fields = list(self.env["crm.lead"].sudo(self.sales_a).fields_view_get(view_type="form")["fields"])
        values = self.lead_own.sudo(self.sales_a).read(form_fields)[0]
        self.assertEqual(values["message_ids"], messages.ids)
        self.lead_own.sudo(self.sales_a).activity_ids.read(["summary", "date_deadline"])
        self.env["ir.attachment"].sudo(self.sales_a).search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", self.lead_own.id)]).read(["name", "datas_fname"])
        Message.message_fetch([("needaction", "=", True)], limit=30)
        self.env["mail.channel"].sudo(self.sales_a).channel_fetch_slot()


class TestOwnershipFollowers(OwnershipCase):
    """Only who may read a sales up follows it, and receives its messages."""

    def _followers(self, lead):
        return self.env["mail.followers"].search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]).mapped("partner_id")

    def test_a_salesperson_cannot_follow_a_colleagues_sales_up(self):
        for lead in (self.lead_colleague, self.lead_branch_b, self.lead_unassigned):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.env["mail.followers"].sudo(self.sales_a).create({
                    "res_model": "crm.lead", "res_id": lead.id, "partner_id": self.sales_a.partner_id.id})
            self.assertNotIn(self.sales_a.partner_id, self._followers(lead))

    def test_nobody_is_made_to_follow_a_sales_up_they_cannot_read(self):
        Followers = self.env["mail.followers"]
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Followers.sudo(self.sales_a).create({
                "res_model": "crm.lead", "res_id": self.lead_own.id, "partner_id": self.sales_b.partner_id.id})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Followers.create({
                "res_model": "crm.lead", "res_id": self.lead_own.id, "partner_id": self.sales_a2.partner_id.id})
        lead = self.lead_own.sudo(self.sales_a)
        lead.message_subscribe([self.sales_b.partner_id.id, self.manager_a.partner_id.id, self.customer_a.id])
        followers = self._followers(self.lead_own)
        self.assertNotIn(self.sales_b.partner_id, followers)
        self.assertIn(self.manager_a.partner_id, followers)
        self.assertIn(self.customer_a, followers, "a customer without login follows as in Odoo")

    def test_who_follows_a_sales_up_is_seen_only_by_who_may_read_it(self):
        self.lead_own.message_subscribe([self.customer_a.id, self.sales_a.partner_id.id])
        domain = [("res_model", "=", "crm.lead"), ("res_id", "=", self.lead_own.id)]
        self.assertEqual(self.env["mail.followers"].sudo(self.sales_a).search(domain).mapped("partner_id"),
                         self.customer_a | self.sales_a.partner_id)
        for user in (self.sales_a2, self.sales_b):
            Followers = self.env["mail.followers"].sudo(user)
            self.assertFalse(Followers.search(domain))
            self.assertFalse(Followers.read_group(domain, ["partner_id"], ["partner_id"]))
            with self.assertRaises(AccessError):
                Followers.browse(self._follower_rows(self.lead_own).ids).read(["partner_id"])
        # the followers widget of the sales up loads for its owner
        lead = self.lead_own.sudo(self.sales_a)
        lead.message_follower_ids.read(["partner_id", "subtype_ids"])

    def _follower_rows(self, lead):
        return self.env["mail.followers"].search([("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)])

    def test_the_previous_owner_stops_following_on_reassignment(self):
        self.lead_own.message_subscribe_users([self.sales_a.id])
        self.assertIn(self.sales_a.partner_id, self._followers(self.lead_own))
        self.lead_own.sudo(self.manager_a).with_context(tracking_disable=False).write({"user_id": self.sales_a2.id})
        followers = self._followers(self.lead_own)
        self.assertNotIn(self.sales_a.partner_id, followers)
        self.assertIn(self.sales_a2.partner_id, followers)
        self.assertFalse(self.env["mail.message"].sudo(self.sales_a).search(
            [("model", "=", "crm.lead"), ("res_id", "=", self.lead_own.id)]))

    def test_a_note_is_not_delivered_to_who_may_not_read_the_sales_up(self):
        note = self.lead_own.sudo(self.sales_a).message_post(
            body="Customer wants a discount", subtype="mail.mt_note", message_type="comment",
            partner_ids=[self.sales_b.partner_id.id, self.manager_a.partner_id.id])
        self.assertEqual(note.partner_ids, self.manager_a.partner_id)
        self.assertNotIn(self.sales_b.partner_id, note.needaction_partner_ids)
        self.assertIn(self.manager_a.partner_id, note.needaction_partner_ids)
        self.assertFalse(self.env["mail.message"].sudo(self.sales_b).search([("id", "=", note.id)]))
        with self.assertRaises(AccessError):
            note.sudo(self.sales_b).read(["body"])
        self.assertEqual(note.sudo(self.manager_a).read(["body"])[0]["id"], note.id)

    def test_a_stale_follower_is_not_notified(self):
        stale = self.env["mail.followers"].browse()
        self.env.cr.execute(
            "INSERT INTO mail_followers (res_model, res_id, partner_id) VALUES ('crm.lead', %s, %s) RETURNING id",
            (self.lead_own.id, self.sales_b.partner_id.id))
        stale = stale.browse(self.env.cr.fetchone()[0])
        stale.write({"subtype_ids": [(6, 0, self.env.ref("mail.mt_comment").ids)]})
        message = self.lead_own.sudo(self.sales_a).message_post(body="Offer sent", message_type="comment",
                                                                subtype="mail.mt_comment")
        self.assertNotIn(self.sales_b.partner_id, message.needaction_partner_ids)
        self.assertFalse(stale.exists())


class TestOwnershipQueuedMails(OwnershipCase):
    """Queued mails: administrators read them all, anyone else as their message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env["res.users"].create({
            "name": "Settings Admin", "login": "settings_admin",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id, cls.env.ref("base.group_system").id])]})
        Mail = cls.env["mail.mail"]

        def mail(lead, author, subject):
            return Mail.create({
                "subject": subject, "body_html": "<p>%s</p>" % subject, "email_to": "customer@example.com",
                "model": lead and "crm.lead", "res_id": lead and lead.id, "author_id": author.partner_id.id})

        cls.mail_own = mail(cls.lead_own, cls.sales_a, "Your offer")
        cls.mail_colleague = mail(cls.lead_colleague, cls.sales_a2, "Coupe offer")
        cls.mail_branch_b = mail(cls.lead_branch_b, cls.sales_b, "Van offer")
        cls.mail_unassigned = mail(cls.lead_unassigned, cls.env.ref("base.user_root"), "Hatchback")
        cls.mail_system = mail(None, cls.env.ref("base.user_root"), "Password reset")
        cls.mails = cls.mail_own | cls.mail_colleague | cls.mail_branch_b | cls.mail_unassigned | cls.mail_system

    def _visible(self, user):
        return self.env["mail.mail"].sudo(user).search([("id", "in", self.mails.ids)])

    def test_each_role_reads_the_mails_of_what_it_may_read(self):
        self.assertEqual(self._visible(self.sales_a), self.mail_own)
        self.assertEqual(self._visible(self.sales_b), self.mail_branch_b)
        self.assertEqual(self._visible(self.manager_a), self.mail_own | self.mail_colleague | self.mail_unassigned)
        self.assertEqual(self._visible(self.director), self.mails - self.mail_system)
        self.assertEqual(self._visible(self.admin), self.mails)

    def test_a_salesperson_cannot_open_or_group_foreign_mails(self):
        for mail in (self.mail_colleague, self.mail_branch_b, self.mail_unassigned, self.mail_system):
            with self.assertRaises(AccessError):
                mail.sudo(self.sales_a).read(["body_html", "email_to"])
            with self.assertRaises(AccessError):
                mail.sudo(self.sales_a).write({"email_to": "me@example.com"})
        groups = self.env["mail.mail"].sudo(self.sales_a).read_group(
            [("id", "in", self.mails.ids)], ["subject"], ["subject"])
        self.assertEqual([group["subject"] for group in groups], ["Your offer"])
        self.assertEqual(self.mail_own.sudo(self.sales_a).read(["subject"])[0]["subject"], "Your offer")
