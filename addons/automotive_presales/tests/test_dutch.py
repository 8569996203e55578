import os

from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tools.translate import trans_load

from .common import DealerCase, sales_up_values


class TestDutch(DealerCase):
    """The salespeople work in Dutch: every screen of the addon opens in Dutch and reads Dutch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"].load_lang("nl_NL")
        # crm's own Dutch translates the parent views ours inherit from, ours the rest
        for module in ("crm", "automotive_presales"):
            trans_load(cls.env.cr, os.path.join(get_module_path(module), "i18n", "nl.po"), "nl_NL",
                       verbose=False, context={"overwrite": True})
        cls.env["ir.translation"].clear_caches()

    def test_every_view_of_the_addon_opens_in_dutch(self):
        views = self.env["ir.model.data"].search([("module", "=", "automotive_presales"), ("model", "=", "ir.ui.view")])
        views = self.env["ir.ui.view"].browse(views.mapped("res_id")).filtered(lambda view: view.type != "qweb")
        self.assertGreater(len(views), 40)
        for view in views:
            main = view
            while main.mode == "extension" and main.inherit_id:
                main = main.inherit_id
            # an inheriting view whose xpath names a text of its parent cannot find it once the
            # parent is in Dutch: the whole form then fails to open
            self.env[view.model].with_context(lang="nl_NL").fields_view_get(
                view_id=main.id, view_type=main.type)

    def test_the_sales_up_form_reads_dutch(self):
        arch = self.env["crm.lead"].with_context(lang="nl_NL").fields_view_get(
            view_id=self.env.ref("automotive_presales.crm_lead_view_form_sales_up").id, view_type="form")["arch"]
        labels = {node.get("string") for node in etree.fromstring(arch).iter("button")}
        self.assertLessEqual({"Heropenen", "Contact vastleggen", "Markeren als gewonnen"}, labels)
        description = self.env["crm.lead"].with_context(lang="nl_NL").fields_get(["lifecycle_state"])
        self.assertEqual(description["lifecycle_state"]["string"], "Uitkomst")
        self.assertEqual(dict(description["lifecycle_state"]["selection"])["won"], "Gewonnen")

    def test_mark_won_asks_in_dutch(self):
        lead = self.env["crm.lead"].create(sales_up_values({
            "name": "Estate for Anna", "user_id": self.sales_a.id, "team_id": self.branch_a.id,
            "partner_id": self.customer_a.id}))
        Wizard = self.env["presales.win"].sudo(self.sales_a).with_context(active_id=lead.id, lang="nl_NL")
        wizard = Wizard.create(dict(Wizard.default_get(list(Wizard._fields)), planned_revenue=0))
        with self.assertRaises(UserError) as refused, self.cr.savepoint():
            wizard.action_win()
        self.assertIn("vul de verkoopprijs en de auto en de geplande afleverdatum in om hem als gewonnen te "
                      "markeren", refused.exception.name)

    def test_a_refusal_names_the_field_in_dutch(self):
        with self.assertRaises(ValidationError) as refused, self.cr.savepoint():
            self.env["presales.test.drive"].with_context(lang="nl_NL").create({
                "partner_id": self.customer_a.id, "fleet_vehicle_id": False, "start_datetime": "2030-01-10 10:00:00",
                "stop_datetime": "2030-01-10 11:00:00", "licence_number": "B-123456",
                "licence_expiry": "2035-01-01"})
        self.assertIn("veld Demoauto is verplicht: in welke auto gaat de klant rijden?", refused.exception.name)

    def test_a_bad_vin_and_unsound_finance_figures_are_refused_in_dutch(self):
        with self.assertRaises(ValidationError) as refused, self.cr.savepoint():
            self.env["presales.stock.vehicle"].with_context(lang="nl_NL").create({
                "stock_number": "STK7007", "vin": "WVWZZZ1KZ", "make": "Seat", "model": "Ibiza"})
        self.assertIn("een VIN heeft 17 tekens, 'WVWZZZ1KZ' heeft er 9", refused.exception.name)
        lead = self.env["crm.lead"].create(sales_up_values({
            "name": "Lease for Anna", "user_id": self.sales_a.id, "team_id": self.branch_a.id,
            "partner_id": self.customer_a.id}))
        with self.assertRaises(ValidationError) as refused, self.cr.savepoint():
            self.env["presales.finance.quote"].sudo(self.sales_a).with_context(lang="nl_NL").create({
                "lead_id": lead.id, "kind": "loan", "vehicle_price": 20000.0, "down_payment": 25000.0,
                "term_months": 48, "annual_rate": 5.0})
        self.assertIn("de aanbetaling (", refused.exception.name)
        self.assertIn(") kan niet hoger zijn dan de prijs van de auto (", refused.exception.name)
        self.assertNotIn("cannot exceed", refused.exception.name)
