import subprocess
import tempfile
from unittest.mock import patch

from odoo import fields
from odoo.tools import config as odoo_config

from odoo.addons.automotive_presales.tests.common import DealerCase, sales_up_values  # noqa: F401 (re-exported)


def pdf_text(content):
    """The text of a PDF as poppler's pdftotext reads it, a form feed after each page
    (wkhtmltopdf's embedded fonts defeat PyPDF2's text extraction)."""
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, stdout=subprocess.PIPE,
                          check=True).stdout.decode()


# the tests price cars registered in 2026, whatever today's date: the 2026 BPM tariff applies
REGISTRATION = "2026-06-01"


def tariff_for_today(env):
    """A BPM tariff for the current year, for tests that configure as a user does (registration
    expected today): when the administrator has not added this year's tariff yet, the 2026 figures."""
    Tariff = env["presales.bpm.tariff"]
    year = fields.Date.from_string(fields.Date.context_today(Tariff)).year
    return Tariff._for_year(year) or Tariff.browse(env.ref("automotive_configurator.bpm_tariff_2026").id).copy(
        {"year": year})


class ConfiguratorCase(DealerCase):
    """DealerCase with a sales up per salesperson and the demo catalog's Golf at hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.customer_a.email = "anna.alpha@example.com"
        cls.golf_style = ref("automotive_configurator.version_golf_style")
        cls.golf_life = ref("automotive_configurator.version_golf_life")
        Lead = cls.env["crm.lead"]
        cls.lead_a = Lead.create(sales_up_values({
            "name": "Golf for Anna", "partner_id": cls.customer_a.id, "user_id": cls.sales_a.id,
            "team_id": cls.branch_a.id}))
        cls.lead_a2 = Lead.create(sales_up_values({
            "name": "Golf for Anna too", "partner_id": cls.customer_a.id, "user_id": cls.sales_a2.id,
            "team_id": cls.branch_a.id}))
        cls.lead_b = Lead.create(sales_up_values({
            "name": "Golf for Bert", "partner_id": cls.customer_b.id, "user_id": cls.sales_b.id,
            "team_id": cls.branch_b.id}))
        cls.lead_unassigned = Lead.create(sales_up_values({
            "name": "Nobody's Golf", "partner_id": cls.customer_b.id, "user_id": False,
            "team_id": cls.branch_a.id}))

    def real_pdf(self, report_xmlid, ids):
        """A PDF through wkhtmltopdf: Odoo renders HTML instead in tests unless a report directory
        is set; no stylesheet is fetched from any server (report.url refuses at once)."""
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        with tempfile.TemporaryDirectory() as directory, \
                patch.dict(odoo_config.options, {"test_report_directory": directory}):
            content, kind = self.env.ref(report_xmlid).render_qweb_pdf(ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        return content

    @classmethod
    def item(cls, name):
        return cls.env.ref("automotive_configurator.item_%s" % name)

    @classmethod
    def configure(cls, lead, version=None, **choices):
        """A complete Golf Style 2.0 TDI DSG in red with leather unless told otherwise."""
        values = {
            "lead_id": lead.id,
            "version_id": (version or cls.golf_style).id,
            "engine_id": cls.item("golf_tdi").id,
            "transmission_id": cls.item("golf_dsg").id,
            "colour_id": cls.item("vw_red").id,
            "upholstery_id": cls.item("vw_leather").id,
            "registration_date": REGISTRATION,
        }
        options = choices.pop("options", [])
        values.update({key: value.id if hasattr(value, "id") else value for key, value in choices.items()})
        values["option_ids"] = [(6, 0, [cls.item(name).id for name in options])]
        return cls.env["presales.vehicle.configuration"].create(values)
