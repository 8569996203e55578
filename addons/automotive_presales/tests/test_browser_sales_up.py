from datetime import date, timedelta

from odoo.tests import common

from .browser import DESKTOP, PHONE, BrowserCase


@common.at_install(False)
@common.post_install(True)
class TestBrowserSalesUp(BrowserCase):
    """A demo salesperson works a whole sales up in the web client, at a desk and on a phone."""

    def test_a_full_sales_up_at_the_desk(self):
        tomorrow = date.today() + timedelta(days=1)
        self.open_browser(DESKTOP)
        self.login("sales1", "sales1")
        self.driver.get(self.url("/web#action=automotive_presales.action_sales_ups&view_type=form"))
        self.wait_for(self.FORM + " input[name=name]")
        self.wait_idle()

        self.fill("name", "Estate for the Hendriks family")
        self.many2one("partner_id", "Jan Hendriks")
        self.fill("contact_name", "Jan")
        self.fill("contact_lastname", "Hendriks")
        self.choose("lead_type", "Walk-in")
        self.choose("lead_status", "Hot")
        self.save()
        self.screenshot("1-created")

        self.edit()
        self.open_tab("Desired vehicles")
        for make, model, year in (("Skoda", "Octavia Combi", "2024"), ("Volvo", "V60", "2023")):
            self.add_line("desired_vehicle_ids")
            self.fill("make", make, self.DIALOG)
            self.fill("model", model, self.DIALOG)
            self.fill("year", year, self.DIALOG)
            self.click_dialog_button("Save & Close")
        self.open_tab("Trade-ins")
        self.add_line("trade_in_ids")
        for name, value in (("make", "Opel"), ("model", "Astra"), ("year", "2015"), ("mileage", "128000"),
                            ("expected_value", "5200")):
            self.fill(name, value, self.DIALOG)
        self.click_dialog_button("Save & Close")
        self.open_tab("Test drives")
        self.add_line("test_drive_ids")
        self.many2one("fleet_vehicle_id", "DEMO-AMS-1", self.DIALOG)
        self.fill("start_datetime", tomorrow.strftime("%m/%d/%Y 10:00:00"), self.DIALOG)
        self.fill("stop_datetime", tomorrow.strftime("%m/%d/%Y 10:45:00"), self.DIALOG)
        self.fill("licence_number", "NL1234567", self.DIALOG)
        self.fill("licence_expiry", (tomorrow + timedelta(days=900)).strftime("%m/%d/%Y"), self.DIALOG)
        self.screenshot("2-test-drive")
        self.click_dialog_button("Save & Close")
        self.save()

        self.open_tab("Sales process")
        for step in ("Greeting", "Needs analysis", "Vehicle presented"):
            self.click_form_button(step)
        self.screenshot("3-steps")

        with self.server_env() as env:
            self._assert_full_sales_up(env)

    def _assert_full_sales_up(self, env):
        lead = env["crm.lead"].search([("name", "=", "Estate for the Hendriks family")])
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.user_id.login, "sales1")
        self.assertEqual((lead.lead_type, lead.lead_status), ("walk_in", "hot"))
        self.assertEqual(sorted(lead.desired_vehicle_ids.mapped("model")), ["Octavia Combi", "V60"])
        self.assertEqual(lead.trade_in_ids.mapped("expected_value"), [5200.0])
        self.assertEqual(lead.test_drive_ids.state, "planned")
        self.assertEqual(lead.test_drive_ids.fleet_vehicle_id.license_plate, "DEMO-AMS-1")
        self.assertEqual(
            set(lead.sales_step_ids.mapped("step")),
            {"greeting", "needs_analysis", "vehicle_presented", "demo"})
        self.assertIn("test_drive", lead.contact_moment_ids.mapped("kind"))

    def test_a_new_sales_up_on_the_phone(self):
        self.open_browser(PHONE)
        self.login("sales3", "sales3")
        self.open_action("automotive_presales.action_sales_ups")
        # what the "New Sales Up" menu entry does: open its action, a dialog over the pipeline
        self.driver.execute_script(
            "odoo.__DEBUG__.services['web.web_client']"
            ".do_action('automotive_presales.action_sales_up_quick_create')")
        self.wait_for(self.DIALOG)
        self.fill("contact_name", "Sanne", self.DIALOG)
        self.fill("contact_lastname", "Walk-in", self.DIALOG)
        self.choose("lead_type", "Walk-in", self.DIALOG)
        self.choose("lead_status", "Warm", self.DIALOG)
        self.fill("phone", "+31 6 1122 3344", self.DIALOG)
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        self.screenshot("phone-quick-create")
        self.click_dialog_button("Create")
        self.assertLessEqual(width, PHONE[0] + 1, "the quick-create form is wider than the phone")
        with self.server_env() as env:
            lead = env["crm.lead"].search([("contact_lastname", "=", "Walk-in"), ("contact_name", "=", "Sanne")])
            self.assertEqual(len(lead), 1)
            self.assertEqual(lead.user_id.login, "sales3")
            self.assertEqual(lead.team_id.name, "Utrecht")
            self.assertEqual((lead.lead_type, lead.lead_status, lead.phone), ("walk_in", "warm", "+31 6 1122 3344"))
