from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from odoo.tests import common

from odoo.addons.automotive_presales.tests.browser import DESKTOP, BrowserCase


@common.at_install(False)
@common.post_install(True)
class TestBrowserReportPack(BrowserCase):
    """A salesperson opens every entry of Dealer Sales > Sales Reports in Chromium and selects
    customers on the map; the director opens the report pack's entries under Reporting."""

    def _open_menu_entries(self, parent_xmlid):
        # only this addon's entries: the others are automotive_presales' to check
        menus = self.env.ref(parent_xmlid).child_id.filtered(
            lambda menu: menu.get_external_id()[menu.id].startswith("sales_monitor."))
        opened = []
        for menu in menus.sorted("sequence"):
            action = menu.action
            if action._name == "ir.actions.server":
                continue  # a download (print/export all), proven through the ORM
            self.driver.get(self.url("/web#menu_id=%d&action=%d" % (menu.id, action.id)))
            if action._name == "ir.actions.client":
                self.wait_for(".o_sm_customer_map svg")
            elif action.target == "new":
                self.wait_for(".modal-dialog .o_form_view")
            else:
                self.wait_for(".o_view_manager_content > div", visible=False)
                self.wait_until(lambda: action.name in self.driver.find_element(
                    By.CSS_SELECTOR, ".o_control_panel .breadcrumb").text, "%s did not open" % menu.name)
            self.wait_idle()
            self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, ".o_dialog_warning, .o_error_detail"),
                             "%s shows an error" % menu.name)
            opened.append(menu.name)
        return opened

    def test_salesperson_opens_the_reports_and_selects_on_the_map(self):
        self.open_browser(DESKTOP)
        self.login("sales1", "sales1")
        opened = self._open_menu_entries("sales_monitor.menu_report_pack")
        self.assertIn("Customer map", opened)
        self.assertIn("Phone contacts", opened)
        # the map is the last entry: centre a 3 km radius on one of sales1's customers
        circles = self.driver.find_elements(By.CSS_SELECTOR, ".o_sm_map_client")
        self.assertTrue(circles, "no customers on the map")
        names = [circle.find_element(By.TAG_NAME, "title").get_attribute("textContent") for circle in circles]
        sales1 = self.env.ref("automotive_presales.user_sales1")
        visible = self.env["sales_monitor.client.report"].sudo(sales1).search([("latitude", "!=", False)])
        self.assertEqual(len(circles), len(visible))
        ActionChains(self.driver).move_to_element(circles[0]).click().perform()
        radius = self.driver.find_element(By.CSS_SELECTOR, ".o_sm_map_radius")
        radius.clear()
        radius.send_keys("3")
        self.click(self.driver.find_element(By.CSS_SELECTOR, ".o_sm_map_list"))
        self.wait_for(".o_list_view .o_data_row")
        self.screenshot("map-selection")
        rows = [row.text for row in self.driver.find_elements(By.CSS_SELECTOR, ".o_list_view .o_data_row")]
        self.assertIn(names[0].split(" (")[0], " ".join(rows))

    def test_director_opens_the_directors_reports(self):
        self.open_browser(DESKTOP)
        self.login("director", "director")
        opened = self._open_menu_entries("automotive_presales.menu_dealer_sales_reporting")
        for name in ("Follow-up discipline", "Forecast", "Client acquisition", "Opportunities by source",
                     "Client status", "Opportunity stage"):
            self.assertIn(name, opened)
        self.screenshot("director-reporting")
