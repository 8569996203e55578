from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from odoo import fields
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
        # one customer's number opens that customer's records, on the phone too
        number = [link for link in cards[0].find_elements(By.CSS_SELECTOR, "a.o_sales_monitor_number")
                  if link.text.strip() not in ("", "0")][0]
        self.click(number)
        self.wait_for(".o_view_manager_content > div", visible=False)
        self.wait_idle()
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, ".o_dialog_warning, .o_error_detail"))
        self.screenshot("phone-5-records")

    def test_filters_stay_and_show_in_the_breadcrumb_down_to_one_salesperson(self):
        sales1 = self.env.ref("automotive_presales.user_sales1")
        # a lead type sales1 has sales ups of, so level 3 is not empty
        lead_type = self.env["crm.lead"].search([("user_id", "=", sales1.id), ("lead_type", "!=", False)],
                                                limit=1).lead_type
        label = dict(self.env["crm.lead"]._fields["lead_type"].selection)[lead_type]
        self.open_browser(DESKTOP)
        self.login("director", "director")
        self.driver.get(self.url("/web#action=sales_monitor.action_sales_monitor"))
        self.wait_for(".o_sales_monitor_filters select[name=lead_type]")
        self.wait_idle()
        Select(self.driver.find_element(By.CSS_SELECTOR, "select[name=period]")).select_by_visible_text("This year")
        self.wait_idle()
        Select(self.driver.find_element(By.CSS_SELECTOR, "select[name=lead_type]")).select_by_visible_text(label)
        self.wait_idle()

        def shown():
            period = self.driver.find_element(By.CSS_SELECTOR, ".o_sales_monitor_period").text
            chosen = Select(self.driver.find_element(By.CSS_SELECTOR, "select[name=lead_type]"))
            return label in period and chosen.first_selected_option.text == label
        self.wait_until(shown, "the breadcrumb does not show the lead type at the branches")
        self.click(self.wait_for("a.o_sales_monitor_drill[data-name='Amsterdam']"))
        self.wait_until(lambda: "Amsterdam" in self.driver.find_element(By.CSS_SELECTOR, ".o_sales_monitor_trail").text
                        and shown(), "the lead type is not carried to the branch's staff")
        self.click(self.wait_for("a.o_sales_monitor_drill[data-name='%s']" % sales1.name))
        self.wait_until(lambda: sales1.name in self.driver.find_element(By.CSS_SELECTOR, ".o_sales_monitor_trail").text
                        and shown(), "the lead type is not carried to the salesperson's customers")
        self.wait_idle()
        self.screenshot("desk-filtered-customers")
        rows = self.driver.find_elements(By.CSS_SELECTOR, ".o_sales_monitor_table tbody tr[data-id]")
        today = fields.Date.context_today(self.env["res.users"].sudo(self.env.ref("automotive_presales.user_director")))
        expected = self.env["sales.monitor"].sudo(self.env.ref("automotive_presales.user_director")).monitor_data(
            "customers", user_id=sales1.id, lead_type=lead_type, date_from=today[:4] + "-01-01", date_to=today)["rows"]
        self.assertTrue(expected, "sales1 has sales ups of type %s" % lead_type)
        self.assertEqual(len(rows), len(expected), "level 3 lists only the sales ups of that lead type")
        # back to the branches by the breadcrumb: the filter is still there
        self.click(self.driver.find_element(By.CSS_SELECTOR, "a.o_sales_monitor_crumb[data-index='0']"))
        self.wait_until(lambda: "Amsterdam" not in self.driver.find_element(
            By.CSS_SELECTOR, ".o_sales_monitor_trail").text and shown(), "the filter is lost going back")

    def test_the_director_opens_the_dashboard_with_its_four_graphs(self):
        self.open_browser(DESKTOP)
        self.login("director", "director")
        self.driver.get(self.url("/web#action=sales_monitor.sales_monitor_board_action"))
        self.wait_until(lambda: len(self.driver.find_elements(By.CSS_SELECTOR, ".oe_dashboard .oe_action")) == 4,
                        "the dashboard does not show its four reports")
        self.wait_until(lambda: len(self.driver.find_elements(By.CSS_SELECTOR, ".oe_dashboard .o_graph")) == 4,
                        "the dashboard's reports are not graphs")
        self.wait_idle()
        self.assertFalse(self.driver.find_elements(By.CSS_SELECTOR, ".o_dialog_warning, .o_error_detail"))
        titles = self.driver.find_element(By.CSS_SELECTOR, ".oe_dashboard").text
        for title in ("Contact moments per branch and phase", "Conversion per branch", "Lost sales ups by reason",
                      "Time in phase (hours)"):
            self.assertIn(title, titles)
        self.screenshot("desk-director-dashboard")
