import json
from odoo.exceptions import AccessError, UserError

from .common import MARKERS, SCAN, PrivacyCase

MONITOR_PERIOD = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


class TestRights(PrivacyCase):
    """Access export and erasure of a person with data in every model."""

    def scan(self):
        """{table.column: [ids]} of every text column of the database that still holds a marker;
        a message says where it hangs."""
        cr = self.env.cr
        cr.execute("""SELECT table_name, column_name FROM information_schema.columns
                       WHERE table_schema = 'public' AND data_type IN ('character varying', 'text', 'jsonb')
                         AND table_name IN (SELECT table_name FROM information_schema.tables
                                             WHERE table_schema = 'public' AND table_type = 'BASE TABLE')""")
        found = {}
        patterns = ["%%%s%%" % marker for marker in SCAN]
        for table, column in cr.fetchall():
            what = "id, model, res_id, message_type" if table == "mail_message" else "ctid"
            cr.execute('SELECT %s FROM "%s" WHERE "%s"::text ILIKE ANY(%%s)' % (what, table, column), (patterns,))
            rows = cr.fetchall()
            if rows:
                found["%s.%s" % (table, column)] = rows
        return found

    def test_access_export_holds_the_person_in_every_model(self):
        order = self.env["sale.order"].sudo(self.sales_a)._presales_create_from_configurations(self.configuration)
        order.action_confirm()
        data = self.person.sudo(self.director).privacy_export_json()
        json.dumps(data)
        self.assertEqual([row["name"] for row in data["sale.order"]], [order.name])
        self.assertTrue(data["sale.order.line"])
        for model in ("res.partner", "crm.lead", "presales.contact.moment", "presales.test.drive",
                      "presales.desired.vehicle", "presales.trade.in", "presales.finance.quote", "presales.offer",
                      "presales.vehicle.configuration", "calendar.event", "mail.message", "mail.mail",
                      "ir.attachment", "mail.activity", "dealer.consent", "res.partner.bank",
                      "dms.partner.binding", "dms.quarantine", "presales.showroom.visit", "dms.customer.vehicle"):
            self.assertTrue(data.get(model), "%s is missing from the export" % model)
        text = json.dumps(data)
        for marker in MARKERS.values():
            self.assertIn(marker, text)
        drive = data["presales.test.drive"][0]
        self.assertEqual((drive["licence_number"], drive["licence_expiry"]), (MARKERS["licence"], "2031-05-01"))
        self.assertEqual(data["dealer.consent"][0]["state"], "given")
        files = {row["name"]: row for row in data["ir.attachment"]}
        self.assertIn("licence-%s.txt" % MARKERS["name"], files)
        self.assertTrue(files["licence-%s.txt" % MARKERS["name"]]["datas"], "files are exported with their content")
        self.assertTrue(any(row["mimetype"] == "application/pdf" for row in data["ir.attachment"]), "the sent offer")
        self.assertNotIn(self.customer_a.id, [row["id"] for row in data["res.partner"]])
        log = self.env["dealer.privacy.log"].search([("partner_id", "=", self.person.id), ("event", "=", "export")])
        self.assertEqual((len(log), log.user_id), (1, self.director))

    def test_access_export_pdf_is_for_the_person(self):
        content = self.real_pdf("dealer_privacy.action_report_privacy_export", self.person.ids)
        from odoo.addons.automotive_configurator.tests.common import pdf_text
        text = pdf_text(content)
        self.assertIn("What we hold about you", text)
        for word in (MARKERS["name"], MARKERS["licence"], "Driving licence", "Customer contact moment", "Sales up"):
            self.assertIn(word, text)

    def test_the_dms_is_told_of_the_erasure_with_its_own_id(self):
        self.backend.outbound_channel = "file"
        self.person.sudo(self.director).privacy_anonymise("Request by letter")
        message = self.env["dms.outbound.message"].search([("event", "=", "erasure")])
        self.assertEqual((message.backend_id, message.res_id, message.external_id),
                         (self.backend, self.person.id, "CUST-4711"))
        payload = json.loads(message.payload)
        self.assertEqual((payload["crm_id"], payload["limited_until"], payload["sales_ups"]),
                         (self.person.id, False, []))
        self.assertFalse(self.env["dms.partner.binding"].search([("odoo_id", "=", self.person.id)]),
                         "the binding goes once the DMS was told")

    def test_erasure_leaves_no_trace_and_the_monitor_counts_unchanged(self):
        Monitor = self.env["sales.monitor"].sudo(self.director)
        before = Monitor.monitor_data("branches", **MONITOR_PERIOD)
        staff_before = Monitor.monitor_data("staff", team_id=self.branch_a.id, **MONITOR_PERIOD)
        self.assertTrue(self.scan(), "the fixture holds the markers")
        outcome = self.person.sudo(self.director).privacy_anonymise("E-mail request of 2026-12-01")
        self.assertIn("Erased", outcome)
        self.assertNotIn("Refused", outcome)
        self.env["res.partner"].invalidate_cache()
        self.assertEqual(self.scan(), {}, "no model holds the person's name, e-mail, phone, address or licence")
        self.assertEqual(Monitor.monitor_data("branches", **MONITOR_PERIOD)["rows"], before["rows"])
        self.assertEqual(Monitor.monitor_data("staff", team_id=self.branch_a.id, **MONITOR_PERIOD)["rows"],
                         staff_before["rows"])
        # the statistics stay: phase, dates, branch and salesperson, on an anonymous shell
        self.assertEqual(len(self.moments.exists()), 3)
        self.assertEqual(set(self.moments.mapped("phase_id.code")), {"lead_follow_up", "test_drive"})
        self.assertEqual(self.moments.mapped("user_id"), self.sales_a)
        self.assertEqual((self.lead.team_id, self.lead.user_id, self.lead.partner_id), (
            self.branch_a, self.sales_a, self.person))
        self.assertEqual(self.person.name, "Anonymised customer %d" % self.person.id)
        self.assertFalse(self.drive.licence_number or self.drive.licence_expiry)
        self.assertEqual((self.visit.name, self.visit.note, self.visit.lead_id, self.visit.user_id),
                         ("Showroom visit", False, self.lead, self.sales_a), "the floor's figures stay")
        self.assertFalse(self.attachment.exists() or self.activity.exists() or self.bank.exists())
        self.assertTrue(self.person.privacy_anonymised_at)
        self.assertEqual(self.consent_given.exists().state, "given", "the proof of consent stays")
        log = self.env["dealer.privacy.log"].search([("partner_id", "=", self.person.id), ("event", "=", "erasure")])
        self.assertEqual(log.user_id, self.director)
        self.assertIn("E-mail request of 2026-12-01", log.reason)
        with self.assertRaises(UserError):
            self.person.sudo(self.director).privacy_anonymise("again")

    def test_erasure_is_limited_by_the_invoices_the_law_keeps(self):
        order = self.env["sale.order"].sudo(self.sales_a)._presales_create_from_configurations(self.configuration)
        order.action_confirm()
        signed = self.env["ir.attachment"].create({
            "name": "signed-order.pdf", "res_model": "sale.order", "res_id": order.id, "datas": "JVBERi0="})
        outcome = self.person.sudo(self.director).privacy_anonymise("Phone request")
        self.assertIn("Refused in part", outcome)
        self.env["res.partner"].invalidate_cache()
        left = self.scan()
        # the order and the customer record keep the name and address the invoice needs, nothing else
        self.assertTrue(left)
        self.assertLessEqual(set(left), {"res_partner.name", "res_partner.display_name", "res_partner.lastname",
                                         "res_partner.street", "res_partner.zip", "res_partner.city",
                                         "res_partner.name_zip_key", "sale_order.name"}, left)
        self.assertFalse(self.person.email or self.person.phone or self.person.mobile)
        self.assertTrue(self.person.privacy_erase_after)
        self.assertFalse(self.drive.licence_number)
        self.assertTrue(signed.exists(), "the signed order is part of what the law keeps")
        self.assertFalse(self.attachment.exists(), "the licence scan on the sales up is not")
        log = self.env["dealer.privacy.log"].search([("partner_id", "=", self.person.id)], limit=1)
        self.assertEqual(log.event, "erasure_limited")
        self.assertIn(self.person.privacy_erase_after[:4], str(int(order.confirmation_date[:4]) + 8))

    def test_only_the_director_exports_and_erases(self):
        for user in (self.sales_a, self.manager_a):
            with self.assertRaises(AccessError):
                self.person.sudo(user).privacy_export_json()
            with self.assertRaises(AccessError):
                self.person.sudo(user).privacy_anonymise("no")
            with self.assertRaises(AccessError):
                self.env["dealer.privacy.log"].sudo(user).search([])
        self.assertEqual(self.person.sudo(self.sales_a).name, "Fenna %s" % MARKERS["name"], "nothing happened")
        self.assertFalse(self.env["dealer.privacy.log"].search([("event", "in", ("export", "erasure"))]))
        self.assertTrue(self.env["dealer.privacy.log"].sudo(self.director).search([("event", "=", "consent")]))

    def test_the_log_is_never_changed(self):
        line = self.env["dealer.privacy.log"].search([], limit=1)
        with self.assertRaises(UserError):
            line.write({"reason": "changed"})
        with self.assertRaises(UserError):
            line.unlink()

    def test_a_users_own_contact_is_not_erased(self):
        with self.assertRaises(UserError):
            self.sales_a.partner_id.sudo(self.director).privacy_anonymise("no")
