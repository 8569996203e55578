from odoo.addons.automotive_presales.tests.common import DealerCase


class TestCoreSuiteDefects(DealerCase):
    """What Odoo's own suites (make core-tests) found in this addon with the others loaded."""

    def test_the_mail_gateway_as_a_sales_user_without_dealer_role_creates_a_lead(self):
        # crm's own test_crm_lead_message: an alias processed as a user of Odoo's Sales / User
        # group who has no dealer role; the monitor's stored process flags read the sales steps,
        # which such a user may not read, and the lead was refused
        user = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Odoo Sales User", "login": "monitor_odoo_sales_user", "email": "mosu@example.com",
            "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman_all_leads").id])]})
        mail = ("From: Jan de Vries <jan@example.com>\r\nTo: sales@example.com\r\n"
                "Subject: A Polo please\r\nMessage-Id: <core-suite-monitor@example.com>\r\n\r\nIn stock?\r\n")
        self.env["mail.thread"].sudo(user).message_process("crm.lead", mail)
        lead = self.env["crm.lead"].search([("name", "=", "A Polo please")])
        self.assertEqual((lead.contact_name, lead.contact_lastname), ("Jan", "de Vries"))
        self.assertEqual((lead.monitor_appointment, lead.monitor_shown), (False, False))
