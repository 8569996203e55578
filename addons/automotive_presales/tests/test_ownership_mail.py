from odoo.exceptions import AccessError

from .common import DealerCase


class TestOwnershipMailTemplatesAliasesUtm(DealerCase):
    """Mail templates and aliases: the director and administrators change them. Lead sources,
    campaigns and media: managers change them. Everyone keeps reading them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("automotive_presales.mail_template_overdue_follow_ups")
        cls.admin = cls.env["res.users"].create({
            "name": "Settings Admin", "login": "settings_admin",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id, cls.env.ref("base.group_system").id])]})
        cls.lead_alias = cls.env["mail.alias"].create({
            "alias_name": "leads-test", "alias_model_id": cls.env["ir.model"]._get("crm.lead").id})

    def test_salespeople_and_branch_managers_only_read_mail_templates(self):
        for user in (self.sales_a, self.sales_b, self.manager_a):
            template = self.template.sudo(user)
            self.assertEqual(template.read(["body_html"])[0]["id"], self.template.id)
            with self.assertRaises(AccessError):
                template.write({"body_html": "${object.env['res.partner'].search([]).mapped('phone')}"})
            with self.assertRaises(AccessError):
                template.copy()
            with self.assertRaises(AccessError):
                self.env["mail.template"].sudo(user).create(
                    {"name": "Mine", "model_id": self.env["ir.model"]._get("crm.lead").id})
            with self.assertRaises(AccessError):
                template.unlink()

    def test_director_and_administrators_change_mail_templates(self):
        for user in (self.director, self.admin):
            self.template.sudo(user).write({"subject": "Follow-ups of %s" % user.login})
            self.assertEqual(self.template.subject, "Follow-ups of %s" % user.login)

    def test_salespeople_cannot_route_lead_mail_to_themselves(self):
        for user in (self.sales_a, self.manager_a):
            alias = self.lead_alias.sudo(user)
            self.assertEqual(alias.read(["alias_name"])[0]["alias_name"], "leads-test")
            with self.assertRaises(AccessError):
                alias.write({"alias_defaults": "{'user_id': %d}" % user.id})
            with self.assertRaises(AccessError):
                alias.unlink()
            with self.assertRaises(AccessError):
                self.env["mail.alias"].sudo(user).create({
                    "alias_name": "mine-%s" % user.login,
                    "alias_model_id": self.env["ir.model"]._get("crm.lead").id,
                    "alias_defaults": "{'user_id': %d}" % user.id})
        self.assertEqual(self.lead_alias.alias_defaults, "{}")
        for user in (self.director, self.admin):
            self.lead_alias.sudo(user).write({"alias_contact": "partners"})
        self.assertEqual(self.lead_alias.alias_contact, "partners")

    def test_a_salesperson_still_creates_a_discuss_channel(self):
        channel = self.env["mail.channel"].sudo(self.sales_a).create({"name": "Showroom news", "public": "public"})
        self.assertEqual(channel.alias_id.alias_parent_model_id.model, "mail.channel")
        # naming its alias (an address outside mail reaches) is the director's (issue 16, hole 22)
        self.assertFalse(channel.alias_name)

    def test_only_managers_rename_lead_sources_campaigns_and_media(self):
        for model in ("utm.source", "utm.campaign", "utm.medium"):
            record = self.env[model].create({"name": "Radio spring"})
            for user in (self.sales_a, self.sales_b):
                self.assertEqual(record.sudo(user).name, "Radio spring")
                with self.assertRaises(AccessError):
                    record.sudo(user).write({"name": "Walk-in"})
                with self.assertRaises(AccessError):
                    record.sudo(user).unlink()
            for user in (self.manager_a, self.director, self.admin):
                record.sudo(user).write({"name": "Radio (%s)" % user.login})
                self.assertEqual(record.name, "Radio (%s)" % user.login)
