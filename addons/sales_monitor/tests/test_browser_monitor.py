from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from odoo.tests import common

from odoo.addons.automotive_presales.tests.browser import DESKTOP, PHONE, BrowserCase


@common.at_install(False)
@common.post_install(True)
class TestBrowserMonitor(BrowserCase):
    """The demo director drills from the group to one customer, at a desk and on a phone."""

    def _drill(self, size, drill_css):
        self.open_browser(size)
        self.login("director", "director")
        self.driver.get(self.url("/web#action=sales_monitor.action_sales_monitor"))
        self.wait_for(".o_sales_monitor_filters select[name=period]")
        self.wait_idle()
        Select(self.driver.find_element(By.CSS_SELECTOR, "select[name=period]")).select_by_visible_text("This year")
        self.wait_idle()
        label = "desk" if size == DESKTOP else "phone"
        self.screenshot("%s-1-branches" % label)
        self.click(self.wait_for("%s[data-name='Amsterdam']" % drill_css))
        self.wait_until(lambda: "Amsterdam" in self.driver.find_element(By.CSS_SELECTOR, ".o_sales_monitor_trail").text,
                        "the breadcrumb does not show the branch")
        self.assertIn("This year", Select(self.driver.find_element(
            By.CSS_SELECTOR, "select[name=period]")).first_selected_option.text)
        self.screenshot("%s-2-staff" % label)
        person = self.wait_for("%s[data-name='%s']" % (drill_css, self.salesperson_name))
        self.click(person)
        self.wait_until(lambda: self.salesperson_name in self.driver.find_element(
            By.CSS_SELECTOR, ".o_sales_monitor_trail").text, "the breadcrumb does not show the salesperson")
        self.screenshot("%s-3-customers" % label)
        return self.driver.find_elements(By.CSS_SELECTOR, ".o_sales_monitor_card" if size == PHONE
                                         else ".o_sales_monitor_table tbody tr")

    def setUp(self):
        super().setUp()
        self.salesperson_name = self.env.ref("automotive_presales.user_sales1").name

    def test_drill_to_a_customer_at_the_desk(self):
        rows = self._drill(DESKTOP, "a.o_sales_monitor_drill")
        self.assertTrue(rows, "the salesperson's customers are listed")
        self.assertFalse(self.driver.find_element(By.CSS_SELECTOR, ".o_sales_monitor_cards").is_displayed())
        number = [link for link in rows[0].find_elements(By.CSS_SELECTOR, "a.o_sales_monitor_number")
                  if link.text.strip() not in ("", "0")][0]
        self.click(number)
        self.wait_for(".o_list_view")
        self.wait_idle()
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, ".o_list_view tbody tr.o_data_row"))
        self.screenshot("desk-4-records")

    def test_drill_to_a_customer_on_a_phone(self):
        cards = self._drill(PHONE, ".o_sales_monitor_card h4.o_sales_monitor_drill")
        self.assertTrue(cards, "the salesperson's customers are stacked cards")
        self.assertFalse(self.driver.find_element(By.CSS_SELECTOR, ".o_sales_monitor_table").is_displayed())
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        self.assertLessEqual(width, 390 + 2, "the monitor fits a 390 px wide phone")
        self.screenshot("phone-4-customer")
