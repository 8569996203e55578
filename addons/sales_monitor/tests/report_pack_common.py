import datetime
import io
import tempfile
from unittest.mock import patch

import xlrd
from PyPDF2 import PdfFileReader

from odoo import fields
from odoo.tools import config

from odoo.addons.base.ir.ir_qweb.ir_qweb import IrQWeb

from odoo.addons.automotive_presales.tests.common import DealerCase, sales_up_values

from .pdf_text import pdf_text

TODAY = datetime.date.today()


def days(count):
    return fields.Date.to_string(TODAY + datetime.timedelta(days=count))


class ReportPackCase(DealerCase):
    """The report-pack fixture: sales ups, activities, moments and spend across two branches.

    Branch A: sales_a (L1 hot, two open activities one of them 5 days late, one done call),
    sales_a2 (L2 warm, an activity 3 days late), an unassigned sales up L5 and manager_a.
    Branch B: sales_b (L3 won, L4 lost, an activity 10 days late). customer_c (sales_a's
    portfolio) was last touched 100 days ago; customer_d (sales_b's) never.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Lead = env["crm.lead"].with_context(default_user_id=False)
        cls.source = env["utm.source"].create({"name": "Report pack ads"})
        netherlands = env.ref("base.nl").id
        cls.customer_a.write({"phone": "+31 20 111 1111", "best_call_time": "morning", "user_id": cls.sales_a.id,
                              "zip": "1012 AB", "city": "Amsterdam", "country_id": netherlands})
        cls.customer_b.write({"mobile": "+31 30 222 2222", "user_id": cls.sales_a2.id, "zip": "3583 XB",
                              "country_id": netherlands})
        cls.customer_c = env["res.partner"].create({
            "firstname": "Cees", "lastname": "Gamma", "customer": True, "user_id": cls.sales_a.id,
            "phone": "+31 20 333 3333", "zip": "2011-AA", "country_id": netherlands})
        cls.customer_d = env["res.partner"].create({
            "firstname": "Dirk", "lastname": "Delta", "customer": True, "user_id": cls.sales_b.id,
            "zip": "3011 BB", "country_id": netherlands})

        def lead(name, user, team, partner, **values):
            return Lead.create(sales_up_values(dict(
                values, name=name, user_id=user.id if user else False, team_id=team.id, partner_id=partner.id)))
        cls.lead_1 = lead("RP Alpha Golf", cls.sales_a, cls.branch_a, cls.customer_a, planned_revenue=20000,
                          probability=30, gut_probability=60, lead_status="hot", source_id=cls.source.id,
                          lead_date="2026-01-20 10:00:00", date_deadline="2026-12-15")
        cls.lead_2 = lead("RP Beta Polo", cls.sales_a2, cls.branch_a, cls.customer_b, planned_revenue=10000,
                          probability=50, date_deadline="2026-12-20")
        cls.lead_3 = lead("RP Beta Passat", cls.sales_b, cls.branch_b, cls.customer_b, planned_revenue=30000,
                          probability=100, lead_status="sold", source_id=cls.source.id,
                          lead_date="2026-02-10 10:00:00", date_deadline="2027-01-10")
        cls.lead_4 = lead("RP Beta Up", cls.sales_b, cls.branch_b, cls.customer_b, planned_revenue=9000,
                          probability=10)
        cls.lead_4.write({"lost_reason": cls.loss_reason.id})
        cls.lead_4.action_set_lost()
        cls.lead_5 = lead("RP Alpha Unassigned", None, cls.branch_a, cls.customer_a, planned_revenue=5000,
                          probability=20, date_deadline="2026-12-01")
        cls.leads = cls.lead_1 | cls.lead_2 | cls.lead_3 | cls.lead_4 | cls.lead_5
        # the customer called us (an outbound call to a customer without consent is refused once
        # dealer_privacy is installed: these tests run before it in make test, after it elsewhere)
        cls.env["presales.contact.moment"].create({
            "kind": "call", "direction": "inbound", "summary": "Old call", "user_id": cls.sales_a.id,
            "partner_id": cls.customer_c.id,
            "occurred_at": fields.Datetime.to_string(datetime.datetime.now() - datetime.timedelta(days=100))})

        Activity = env["mail.activity"].with_context(mail_activity_quick_update=True)
        lead_model = env["ir.model"]._get("crm.lead").id

        def activity(lead, user, type_xmlid, due, summary):
            return Activity.create({
                "res_model_id": lead_model, "res_id": lead.id, "user_id": user.id, "summary": summary,
                "activity_type_id": env.ref(type_xmlid).id, "date_deadline": days(due)})
        cls.call_late = activity(cls.lead_1, cls.sales_a, "mail.mail_activity_data_call", -5, "RP call back")
        cls.todo_soon = activity(cls.lead_1, cls.sales_a, "mail.mail_activity_data_todo", 1, "RP send brochure")
        cls.todo_late_a2 = activity(cls.lead_2, cls.sales_a2, "mail.mail_activity_data_todo", -3, "RP quote")
        cls.todo_late_b = activity(cls.lead_3, cls.sales_b, "mail.mail_activity_data_todo", -10, "RP papers")
        done = activity(cls.lead_1, cls.sales_a, "mail.mail_activity_data_meeting", 0, "RP showroom meeting")
        done.sudo(cls.sales_a).action_feedback("Came by")
        # an agenda event and a test drive tomorrow, both sales_a's on the Golf
        tomorrow = TODAY + datetime.timedelta(days=1)
        cls.event = env["calendar.event"].with_context(no_mail_to_attendees=True).create({
            "name": "RP showroom event", "user_id": cls.sales_a.id, "opportunity_id": cls.lead_1.id,
            "start": "%s 14:00:00" % tomorrow, "stop": "%s 15:00:00" % tomorrow, "partner_ids": [(6, 0, [])]})
        brand = env["fleet.vehicle.model.brand"].create({"name": "RP Volta"})
        car = env["fleet.vehicle"].create({
            "model_id": env["fleet.vehicle.model"].create({"name": "Estate", "brand_id": brand.id}).id,
            "license_plate": "RP-1"})
        cls.drive = env["presales.test.drive"].create({
            "partner_id": cls.customer_a.id, "lead_id": cls.lead_1.id, "user_id": cls.sales_a.id,
            "fleet_vehicle_id": car.id, "start_datetime": "%s 10:00:00" % tomorrow,
            "stop_datetime": "%s 11:00:00" % tomorrow, "licence_number": "B-1", "licence_expiry": "2035-01-01"})
        cls.source_cost = env["presales.source.cost"].create({
            "source_id": cls.source.id, "amount": 1000.0, "date_from": "2026-01-17", "date_to": "2026-03-01"})

    # ---- helpers ----

    def read_xlsx(self, report_xmlid, user, records=None, data=None):
        report = self.env.ref(report_xmlid).sudo(user)
        content, kind = report.render_xlsx(records.ids if records else [], data or {})
        self.assertEqual(kind, "xlsx")
        sheet = xlrd.open_workbook(file_contents=content).sheet_by_index(0)
        return [sheet.row_values(index) for index in range(sheet.nrows)]

    def pdf_text(self, report_xmlid, user, records=None, data=None):
        """Render through wkhtmltopdf (Odoo renders HTML only under --test-enable) and read the text.

        The text is all we check, so the page goes without style sheets: building them (LESS)
        takes seconds and is undone with every test's rollback, and wkhtmltopdf would fetch them
        from the test server, which waits on this test's uncommitted transaction.
        """
        report = self.env.ref(report_xmlid).sudo(user)
        with tempfile.TemporaryDirectory() as directory, \
                patch.dict(config.options, {"test_report_directory": directory}), \
                patch.object(IrQWeb, "_get_asset_nodes", lambda *args, **kwargs: []):
            content, kind = report.render_qweb_pdf(records.ids if records else [], data=data)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        return pdf_text(PdfFileReader(io.BytesIO(content)))
