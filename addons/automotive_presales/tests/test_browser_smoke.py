from odoo.tests import common

from .browser import DESKTOP, PHONE, BrowserCase


@common.at_install(False)
@common.post_install(True)
class TestBrowserSmoke(BrowserCase):
    """A salesperson logs in at a desk and on a phone and reaches their sales ups."""

    def _sales_ups_for(self, size, name):
        self.open_browser(size)
        self.login("sales1", "sales1")
        self.open_action("automotive_presales.action_sales_ups")
        breadcrumb = self.wait_for(".o_control_panel .breadcrumb")
        self.assertIn("Sales ups", breadcrumb.text)
        self.screenshot(name)
        return self.driver.execute_script("return document.documentElement.scrollWidth")

    def test_desktop(self):
        self._sales_ups_for(DESKTOP, "desktop")
        self.assertIn("Dealer Sales", self.driver.page_source)

    def test_phone_has_no_horizontal_scroll(self):
        width = self._sales_ups_for(PHONE, "phone")
        self.assertLessEqual(width, PHONE[0] + 1, "the page is wider than the phone")
