"""What others send, stored as a user would find it: ADF of several senders, STAR as STAR publishes
it, leads by e-mail, and records that would have broken a batch."""
import base64
import glob
import json
import os
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from unittest.mock import patch

from odoo.exceptions import AccessError

from .common import DmsCase

SAMPLES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "lib", "tests", "samples")
ADF = sorted(glob.glob(os.path.join(SAMPLES, "adf", "*.xml")))


def read(*path):
    with open(os.path.join(SAMPLES, *path), "rb") as handle:
        return handle.read()


class TestAdfSenders(DmsCase):

    def lead_of(self, key):
        return self.env["dms.lead.binding"].search([("backend_id", "=", self.backend.id),
                                                    ("external_id", "=", key)]).odoo_id

    def test_every_sender_makes_a_sales_up_once(self):
        accepted = 0
        for path in ADF:
            body = read("adf", os.path.basename(path))
            first = self.backend._ingest(body, "application/xml")
            again = self.backend._ingest(body.replace(b"<prospect", b'<prospect status="resend"', 1)
                                         if b"<prospect>" in body else body, "text/xml")
            if path.endswith("everlogic_blank_template.xml"):
                self.assertEqual([answer["status"] for answer in first + again], ["quarantined"] * 2)
                continue
            self.assertEqual([answer["status"] for answer in first], ["accepted"], path)
            self.assertEqual([answer["status"] for answer in again], ["duplicate"], path)
            lead = self.lead_of(first[0]["external_id"])
            self.assertEqual(len(lead), 1, path)
            self.assertTrue(lead.contact_name and lead.contact_lastname, path)
            self.assertEqual(len(lead.contact_moment_ids.filtered(lambda moment: moment.kind == "lead")), 1)
            accepted += 1
        self.assertEqual(accepted, len(ADF) - 1)

    def test_what_the_leads_bring_reaches_the_sales_up(self):
        phone = self.backend._ingest(read("adf", "phone_agent_lead.xml"), "application/xml")[0]
        lead = self.lead_of(phone["external_id"])
        self.assertEqual(lead.lead_received_at, "2026-05-04 15:22:09")
        self.assertEqual((lead.purchase_timeframe_start, lead.purchase_timeframe_end), ("2026-05-04", "2026-05-18"))
        self.assertEqual([(car.make, car.model) for car in lead.desired_vehicle_ids], [("Toyota", "RAV4")])
        self.assertEqual(lead.trade_in_ids.model, "Civic")
        self.assertIn("Timeframe: within 2 weeks", lead.description)
        impel = self.backend._ingest(read("adf", "impel_template.xml"), "application/xml")[0]
        self.assertEqual(impel["repaired"], "attribute values quoted")
        agency = self.lead_of(self.backend._ingest(read("adf", "agency_offer_form.xml"), "")[0]["external_id"])
        self.assertEqual(agency.source_id.name, "Chumney & Associates")
        self.assertTrue(agency.lead_received_at, "no request date: the time it arrived")

    def test_a_vehicle_without_make_or_model_and_a_stock_car_by_number(self):
        car = self.env["presales.stock.vehicle"].create({
            "stock_number": "L519113", "vin": "3N1CP5BV8LL519113", "make": "Nissan", "model": "Kicks", "price": 19000})
        body = read("adf", "roadster_test_lead.xml").replace(b"<make>Nissan</make>", b"<make/>")
        lead = self.lead_of(self.backend._ingest(body, "application/xml")[0]["external_id"])
        self.assertEqual(lead.desired_vehicle_ids.stock_vehicle_id, car, "found by its stock number")
        body = read("adf", "sendadf_output.xml").replace(b"<make>Chevrolet</make>", b"")
        answer = self.backend._ingest(body, "application/xml")[0]
        self.assertEqual(answer["status"], "accepted")
        lead = self.lead_of(answer["external_id"])
        self.assertFalse(lead.desired_vehicle_ids)
        self.assertIn("Interested in: 1999 (make unknown) Blazer", lead.description)

    def test_nul_characters_and_lone_surrogates_never_sink_the_batch(self):
        records = [self.moment("Z-1", summary="Called\u0000 about the Golf"),
                   self.moment("Z-2", customer={"external_id": "C-\ud800", "last_name": "Nul\u0000",
                                                "email": "z@x.nl"}),
                   self.moment("Z-3"), {"external_id": "Z-4\u0000", "type_code": 7}]
        body = json.dumps(records).encode()
        answers = self.backend._ingest(body, "application/json")
        self.assertEqual([answer["status"] for answer in answers], ["accepted", "accepted", "accepted", "quarantined"])
        self.assertEqual(self.binding("Z-1").odoo_id.summary, "Called about the Golf")
        entry = self.env["dms.quarantine"].search([("backend_id", "=", self.backend.id)])
        self.assertEqual(entry.external_id, "Z-4")
        self.assertNotIn("\u0000", entry.payload)


class TestStar(DmsCase):

    def test_every_star_document_is_read_record_by_record(self):
        for path in sorted(glob.glob(os.path.join(SAMPLES, "star", "*.json"))):
            body = read("star", os.path.basename(path))
            if not json.loads(body.decode("utf-8")).__class__ in (dict, list):
                continue
            try:
                answers = self.backend._ingest(body, "application/json")
            except ValueError as error:  # a fragment of a document: refused as a whole, with why
                self.assertIn("neither our moment schema nor a STAR document", str(error), path)
                continue
            self.assertTrue(answers, path)
            for answer in answers:
                self.assertIn(answer["status"], ("accepted", "updated", "duplicate", "quarantined"), path)
                self.assertTrue(answer["status"] != "quarantined" or answer["reason"], path)

    def test_communication_events_and_consent(self):
        calls = []
        Partner = type(self.env["res.partner"])
        original = Partner._dms_consent_received

        def spy(partners, consents):
            calls.append((partners.ids, consents))
            return original(partners, consents)

        # a customer nobody knows yet (a database kept from earlier runs may know STAR's example one)
        document = read("star", "contact_method.json").replace(b"customer@example.com", b"consent.test@example.com")
        document = document.replace(b"+14045550123", b"+31611122233")
        with patch.object(Partner, "_dms_consent_received", spy):
            answers = self.backend._ingest(document, "application/json")
        self.assertEqual([answer["status"] for answer in answers], ["accepted", "accepted"])
        partner = self.env["dms.partner.binding"].search([("backend_id", "=", self.backend.id),
                                                         ("external_id", "=", "CUST-10001")]).odoo_id
        self.assertEqual((partner.email, partner.phone), ("consent.test@example.com", "+31611122233"))
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0][0], partner.ids)
        self.assertEqual(sorted((consent["channel"], consent["state"]) for consent in calls[0][1]),
                         [("email", "given"), ("phone", "given"), ("post", "given")])
        self.assertEqual({consent["source"] for consent in calls[0][1]}, {"dms"})
        moment = self.binding("COMM-EVT-10001").odoo_id
        self.assertEqual((moment.kind, moment.channel, moment.direction, moment.partner_id),
                         ("call", "phone", "outbound", partner))
        self.assertEqual(moment.occurred_at, "2026-10-07 18:30:00")
        again = self.backend._ingest(document, "application/json")
        self.assertEqual([answer["status"] for answer in again], ["duplicate", "duplicate"])
        events = self.backend._ingest(read("star", "communication_event.json"), "application/json")
        self.assertEqual([answer["status"] for answer in events], ["updated"] + ["accepted"] * 6)
        failed = self.binding("COMM-002").odoo_id
        self.assertEqual(failed.summary, "Sales advisor called customer. No answer. (failed)")

    def test_customers_with_leads_garage_and_lifecycle(self):
        answers = self.backend._ingest(read("star", "customers.json"), "application/json")
        self.assertEqual([(answer["external_id"], answer["status"]) for answer in answers], [
            ("CUS-100245", "accepted"), ("CUS-200410", "quarantined"), ("CUS-300510", "accepted")])
        self.assertIn("party reference with the customer's name", answers[1]["reason"])
        partner = self.env["dms.partner.binding"].search([("backend_id", "=", self.backend.id),
                                                         ("external_id", "=", "CUS-100245")]).odoo_id
        self.assertEqual((partner.firstname, partner.lastname), ("Michael", "Johnson"))
        lead = self.env["dms.lead.binding"].search([("backend_id", "=", self.backend.id),
                                                    ("external_id", "=", "LEAD-77881")]).odoo_id
        self.assertEqual((lead.partner_id, lead.source_id.name, lead.lead_received_at),
                         (partner, "Ford.com", "2026-08-13 14:20:11"))
        self.assertEqual([(car.vin, car.current) for car in partner.dms_vehicle_ids.sorted("vin")],
                         [("1FAABC00TEST00002", True), ("1FMXYZ00TEST00088", False)])
        self.assertTrue(partner.message_ids.filtered(lambda message: "searched" in (message.body or "")))
        again = self.backend._ingest(read("star", "customers.json"), "application/json")
        self.assertEqual(again[0]["status"], "duplicate")
        # the lead of a lifecycle event sent alone is known now: a duplicate, not a second sales up
        alone = self.backend._ingest(read("star", "customer_lifecycle_lead.json"), "application/json")
        self.assertEqual(alone[0]["status"], "duplicate")

    def test_a_delivery_report_sells_the_car_and_completes_the_buyer(self):
        # the report's VIN fails the North American check digit, so the stock car is found by its number
        car = self.env["presales.stock.vehicle"].create({
            "stock_number": "S2026-001", "vin": "WVWZZZ1KZAW000002", "make": "Chevrolet", "model": "Malibu",
            "price": 55000})
        answers = self.backend._ingest(read("star", "rdr_example_1.json"), "application/json")
        self.assertEqual([answer["status"] for answer in answers], ["accepted"])
        self.assertEqual(car.state, "sold")
        moment = self.binding("RDR-99283-X").odoo_id
        self.assertEqual((moment.kind, moment.occurred_at), ("delivery", "2026-03-13 10:30:00"))
        self.assertIn("36 months", moment.summary)
        self.assertEqual((moment.partner_id.zip, moment.partner_id.city, moment.partner_id.street),
                         ("30004", "Alpharetta", "123 adaptive AI Way"))
        self.assertEqual(self.backend._ingest(read("star", "rdr_example_1.json"), "")[0]["status"], "duplicate")

    def test_an_older_dms_record_does_not_overwrite_a_newer_crm_edit(self):
        self.backend._ingest(read("star", "contact_method.json"), "application/json")
        partner = self.env["dms.partner.binding"].search([("backend_id", "=", self.backend.id),
                                                         ("external_id", "=", "CUST-10001")]).odoo_id
        partner.email = "edited.in.crm@example.com"
        document = json.loads(read("star", "contact_method.json").decode("utf-8"))
        document["communication_channels"][0].update(value="older@example.com", authorization_levels=[
            {"authorized_indicator": True, "update_date_time": "2001-01-01T00:00:00Z"}])
        self.backend._ingest(json.dumps(document).encode(), "application/json")
        self.assertEqual(partner.email, "edited.in.crm@example.com")
        self.assertTrue(partner.message_ids.filtered(lambda message: "older@example.com" in (message.body or "")))
        document["communication_channels"][0].update(value="newer@example.com", authorization_levels=[
            {"authorized_indicator": True, "update_date_time": "2099-01-01T00:00:00Z"}])
        self.backend._ingest(json.dumps(document).encode(), "application/json")
        self.assertEqual(partner.email, "newer@example.com")
        self.assertTrue(partner.message_ids.filtered(
            lambda message: "edited.in.crm@example.com" in (message.body or "")), "the CRM's value in the chatter")


class TestNewerSourceTimeWins(DmsCase):
    """An edit made on both sides keeps the newer by source time, the other in the chatter: the
    customer's name and phone as our JSON moments (bulk path and per-record importer) and ADF leads
    carry them, by the moment's time and the lead's request date."""

    ADF = """<?xml version="1.0"?><?adf version="1.0"?><adf><prospect>
        <id source="Portal">{key}</id><requestdate>{date}</requestdate>
        <vehicle interest="buy"><make>Volkswagen</make><model>Golf</model></vehicle>
        <customer><contact><name part="first">Bert</name><name part="last">{last}</name>
        <email>bert@example.nl</email><phone>{phone}</phone></contact></customer>
        <vendor><vendorname>Dealer</vendorname></vendor></prospect></adf>"""

    def edited_long_ago(self, partner):
        """The CRM's last edit of the customer was at the start of the year."""
        self.env.cr.execute("UPDATE res_partner SET write_date = '2026-01-01 00:00:00' WHERE id = %s", (partner.id,))
        partner.invalidate_cache()

    def notes(self, partner, text):
        return partner.message_ids.filtered(lambda message: text in (message.body or ""))

    def check_moments(self, bulk):
        partner = self.customer_a
        partner.write({"lastname": "Alpha-CRM", "phone": "020-1111111"})  # edited in the CRM today
        customer = {"external_id": "C-1", "email": "anna@example.nl", "first_name": "Anna",
                    "last_name": "Alpha-DMS", "phone": "020-2222222"}
        older = self.moment("N-1", occurred_at="2026-11-02T10:00:00Z", customer=customer)
        self.backend._import_body(json.dumps([older]).encode(), bulk=bulk)
        self.assertEqual((partner.lastname, partner.phone), ("Alpha-CRM", "020-1111111"), "the CRM's edit is newer")
        self.assertTrue(self.notes(partner, "020-2222222"), "the DMS's older value in the chatter")
        self.edited_long_ago(partner)
        newer = self.moment("N-2", occurred_at="2026-11-03T10:00:00Z", customer=customer)
        self.backend._import_body(json.dumps([newer]).encode(), bulk=bulk)
        self.assertEqual((partner.lastname, partner.phone), ("Alpha-DMS", "020-2222222"), "the DMS's record is newer")
        self.assertTrue(self.notes(partner, "020-1111111"), "the CRM's value in the chatter")
        self.assertEqual(self.binding("N-2").odoo_id.partner_id, partner)

    def test_our_json_customers_by_the_moments_time_bulk_path(self):
        self.check_moments(bulk=None)

    def test_our_json_customers_by_the_moments_time_per_record(self):
        self.check_moments(bulk=False)

    def test_adf_customers_by_the_request_date(self):
        partner = self.customer_b
        partner.write({"phone": "030-1111111"})  # edited in the CRM today
        older = self.ADF.format(key="P-1", date="2026-11-03T10:00:00+01:00", last="Beta", phone="030-5555555")
        self.assertEqual(self.backend._ingest(older.encode(), "application/xml")[0]["status"], "accepted")
        self.assertEqual(partner.phone, "030-1111111")
        self.assertTrue(self.notes(partner, "030-5555555"))
        self.edited_long_ago(partner)
        newer = self.ADF.format(key="P-2", date="2026-11-04T10:00:00+01:00", last="Beta-Bos", phone="030-5555555")
        self.assertEqual(self.backend._ingest(newer.encode(), "application/xml")[0]["status"], "accepted")
        self.assertEqual((partner.lastname, partner.phone), ("Beta-Bos", "030-5555555"))
        self.assertTrue(self.notes(partner, "030-1111111"))


class TestAdfByEmail(DmsCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend.write({"kind": "email", "alias_name": "dms-test-leads"})

    def mail(self, body, message_id, attachment=None, date="Mon, 04 May 2026 17:30:00 +0200"):
        message = MIMEMultipart()
        message["From"] = "leads@importer.example"
        message["To"] = "dms-test-leads@dealer.example"
        message["Subject"] = "New lead"
        message["Message-Id"] = message_id
        message["Date"] = date
        message.attach(MIMEText(body, "plain", "utf-8"))
        if attachment:
            part = MIMEApplication(attachment, "xml", Name="lead.xml")
            part["Content-Disposition"] = 'attachment; filename="lead.xml"'
            message.attach(part)
        return self.env["mail.thread"].message_process(False, message.as_string())

    def sales_ups(self):
        return self.env["dms.lead.binding"].search([("backend_id", "=", self.backend.id)]).mapped("odoo_id")

    def test_an_adf_mail_makes_one_sales_up_like_a_push(self):
        body = read("adf", "sendadf_output.xml").decode("utf-8")
        self.mail("Dear dealer, a lead for you:\n\n" + body, "<lead-1@importer.example>")
        lead = self.sales_ups()
        self.assertEqual(len(lead), 1)
        self.assertEqual((lead.contact_name, lead.contact_lastname), ("John", "Doe"))
        self.assertTrue(self.backend.message_ids.filtered(lambda message: "accepted" in (message.body or "")))
        self.mail("Dear dealer, a lead for you:\n\n" + body, "<lead-1@importer.example>")  # the same mail again
        self.mail("Forwarded:\n" + body, "<lead-1-forwarded@importer.example>")  # another mail, the same lead
        self.assertEqual(self.backend._ingest(body.encode(), "application/xml")[0]["status"], "duplicate")
        self.assertEqual(self.sales_ups(), lead)

    def test_an_attachment_and_a_lead_without_request_date(self):
        self.mail("See the attachment.", "<lead-2@importer.example>", attachment=read("adf", "agency_offer_form.xml"))
        lead = self.sales_ups()
        self.assertEqual(lead.contact_lastname, "Carter")
        self.assertEqual(lead.lead_received_at, "2026-05-04 15:30:00", "the mail's Date, in UTC")
        self.mail("Nothing useful here", "<lead-3@importer.example>")
        self.assertTrue(self.backend.message_ids.filtered(lambda message: "No ADF lead" in (message.body or "")))


class TestOutbound(DmsCase):

    def test_a_file_drop_writes_each_message_once(self):
        self.backend.write({"outbound_channel": "file"})
        answer = self.backend._ingest(read("adf", "sendadf_output.xml"), "application/xml")[0]
        lead = self.env["dms.lead.binding"].search([("backend_id", "=", self.backend.id),
                                                    ("external_id", "=", answer["external_id"])]).odoo_id
        moment = self.env["presales.contact.moment"].with_context(connector_no_export=False).create({
            "kind": "call", "channel": "phone", "summary": "Called back", "lead_id": lead.id})
        moment._dms_notify_logged()  # a second notice of the same moment changes nothing
        messages = self.env["dms.outbound.message"].search([("backend_id", "=", self.backend.id)])
        self.assertEqual(sorted(messages.mapped("event")), ["first_contact", "moment", "received"])
        for message in messages:
            message.dms_send()
            message.dms_send()
        folder = messages._outbox(self.backend)
        files = [os.path.join(folder, "%s-%s.json" % (message.event, message.message_id)) for message in messages]
        self.addCleanup(lambda: [os.remove(path) for path in files if os.path.exists(path)])
        self.assertTrue(all(os.path.exists(path) for path in files))
        self.assertFalse([name for name in os.listdir(folder) if name.endswith(".part")])
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        with open([path for path in files if "first_contact-" in path][0]) as handle:
            sent = json.load(handle)
        self.assertEqual((sent["event"], sent["record"]["external_id"]), ("first_contact", answer["external_id"]))

    def test_customer_edits_and_orders_go_to_the_dms(self):
        """No double entry: an edit of a customer the DMS knows and a vehicle order confirmed in the
        CRM are queued for that DMS, once each."""
        self.backend.write({"outbound_channel": "file"})
        self.push(self.moment("E-1"))  # binds the DMS's customer C-1 to customer_a
        Partner = self.env["res.partner"].with_context(connector_no_export=False)
        Partner.browse(self.customer_a.id).write({"phone": "020-7654321"})
        Partner.browse(self.customer_a.id).write({"phone": "020-7654321"})  # the same value: nothing new
        lead = self.env["crm.lead"].create({
            "type": "opportunity", "contact_name": "Anna", "contact_lastname": "Alpha",
            "partner_id": self.customer_a.id, "lead_type": "web", "lead_status": "warm", "user_id": self.sales_a.id,
            "team_id": self.branch_a.id})
        product = self.env["product.product"].create({"name": "Golf Life", "type": "service", "list_price": 32500})
        order = self.env["sale.order"].with_context(connector_no_export=False).create({
            "partner_id": self.customer_a.id, "opportunity_id": lead.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1, "price_unit": 32500})]})
        order.action_confirm()
        messages = self.env["dms.outbound.message"].search([("backend_id", "=", self.backend.id)])
        customer = messages.filtered(lambda message: message.event == "customer")
        self.assertEqual(len(customer), 1)
        self.assertEqual(json.loads(customer.payload)["phone"], "020-7654321")
        self.assertEqual(customer.external_id, "C-1")
        ordered = messages.filtered(lambda message: message.event == "order")
        self.assertEqual(json.loads(ordered.payload)["amount_total"], order.amount_total)

    def test_sla_evidence_per_provider(self):
        self.backend.write({"outbound_channel": "file"})
        answer = self.backend._ingest(read("adf", "phone_agent_lead.xml"), "application/xml")[0]
        lead = self.env["dms.lead.binding"].search([("backend_id", "=", self.backend.id),
                                                    ("external_id", "=", answer["external_id"])]).odoo_id
        self.env["presales.contact.moment"].with_context(connector_no_export=False).create({
            "kind": "call", "channel": "phone", "summary": "Called back", "lead_id": lead.id,
            "occurred_at": "2026-05-04 15:52:09"})
        rows = self.backend._sla_rows()
        self.assertEqual([(row["provider"], row["minutes_to_first_contact"], row["received_sent_at"])
                          for row in rows], [("Alpha Drive AI", 30, "pending")])
        content, kind = self.env.ref("dms_connector.action_report_sla_evidence_xlsx").render(self.backend.ids)
        self.assertEqual(kind, "xlsx")
        import xlrd
        sheet = xlrd.open_workbook(file_contents=content).sheet_by_index(0)
        self.assertEqual(sheet.cell_value(1, 0), answer["external_id"])
        self.assertEqual(sheet.cell_value(1, 5), 30)
        self.assertEqual(sheet.row_values(0)[:2] + sheet.row_values(0)[-2:],
                         ["Lead (provider's id)", "Sales up", "Lost at", "Lost sent"])
        self.assertEqual(sheet.ncols, 21)
        headings = self.env["report.dms_connector.sla_evidence_xlsx"].with_context(lang="nl_NL")._headings()
        self.assertEqual(headings[:2] + headings[-1:],
                         ["Lead (id van de leverancier)", "Verkoopkans", "Verloren verstuurd"])

    def test_a_dms_order_moment_goes_through_the_lifecycle_hook_in_bulk(self):
        """Interface with automotive_presales: the moments the bulk path stores go through
        presales.contact.moment._lifecycle_after_store() once per push, every one of them (the
        lifecycle picks the facts that change a sales up, the live monitor needs them all)."""
        answer = self.backend._ingest(read("adf", "sendadf_output.xml"), "application/xml")[0]
        Moment = type(self.env["presales.contact.moment"])
        stored = []
        with patch.object(Moment, "_lifecycle_after_store", create=True,
                          new=lambda moments: stored.append(sorted(moments.mapped("kind")))):
            self.push(self.moment("O-1", type_code="ORDER", lead_external_id=answer["external_id"]),
                      self.moment("O-2", lead_external_id=answer["external_id"]))
        self.assertEqual(stored, [["agreement", "call"]])


class TestColumnTable(DmsCase):

    def test_the_preview_shows_the_first_rows_as_they_would_import(self):
        feed = (b"Chassisnummer;Voorraad;Merk;Type;Vraagprijs\n"
                b"WVWZZZ1KZAW000001;S-1;VW;Golf;25.000,00\nkort;S-2;VW;Polo;1\n")
        self.backend.write({"preview_file": base64.b64encode(feed), "preview_filename": "feed.csv"})
        self.assertIn("lacks the columns", self.backend.column_preview)
        self.backend.write({"column_map_ids": [(0, 0, {"header": header, "field": field}) for header, field in (
            ("Chassisnummer", "vin"), ("Voorraad", "stock_number"), ("Merk", "make"), ("Type", "model"),
            ("Vraagprijs", "price"))]})
        rows = self.backend.check_column_preview()
        self.assertEqual(rows[0][1]["price"], 25000.0)
        self.assertTrue(rows[1][1].startswith("field vin"))
        self.assertIn("Golf", self.backend.column_preview)
        self.assertIn("<th>Voorraadnummer</th>", self.backend.with_context(lang="nl_NL")._column_preview_html())


class TestAccess(DmsCase):
    """The connector's new tables per role: a customer's DMS vehicles follow the customer; the
    candidates of a reconciliation follow it (its branch's manager, the director)."""

    def test_customer_vehicles_follow_their_customer(self):
        Vehicle = self.env["dms.customer.vehicle"]
        cars = {}
        for customer in (self.customer_a, self.customer_b):
            cars[customer] = Vehicle.create({"backend_id": self.backend.id, "partner_id": customer.id,
                                             "vehicle_id": "V-%d" % customer.id, "make": "VW", "model": "Golf"})
        mine = [("backend_id", "=", self.backend.id)]
        self.assertEqual(Vehicle.sudo(self.sales_a).search(mine), cars[self.customer_a])
        self.assertEqual(Vehicle.sudo(self.sales_b).search(mine), cars[self.customer_b])
        self.assertEqual(Vehicle.sudo(self.manager_a).search(mine), cars[self.customer_a])
        self.assertEqual(Vehicle.sudo(self.director).search(mine), cars[self.customer_a] | cars[self.customer_b])
        with self.assertRaises(AccessError):
            cars[self.customer_a].sudo(self.sales_a).write({"model": "Polo"})
        with self.assertRaises(AccessError):
            Vehicle.sudo(self.manager_a).create(
                {"backend_id": self.backend.id, "partner_id": self.customer_a.id, "vehicle_id": "V-X"})

    def test_candidates_follow_their_reconciliation(self):
        Reconciliation = self.env["dms.reconciliation"]
        items = {}
        for team in (self.branch_a, self.branch_b):
            items[team] = Reconciliation.create({
                "backend_id": self.backend.id, "external_id": "R-%d" % team.id, "payload": "{}", "team_id": team.id,
                "candidate_ids": [(0, 0, {"partner_id": self.customer_a.id, "confidence": 0.6})]})
        Candidate = self.env["dms.reconciliation.candidate"]
        mine = [("reconciliation_id.backend_id", "=", self.backend.id)]
        self.assertEqual(Candidate.sudo(self.manager_a).search(mine), items[self.branch_a].candidate_ids)
        self.assertEqual(Candidate.sudo(self.director).search(mine),
                         items[self.branch_a].candidate_ids | items[self.branch_b].candidate_ids)
        with self.assertRaises(AccessError):
            Candidate.sudo(self.sales_a).search(mine)
        with self.assertRaises(AccessError):
            items[self.branch_a].candidate_ids.sudo(self.manager_a).write({"confidence": 1.0})
