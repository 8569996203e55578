from selenium.webdriver.common.by import By

from odoo.tests import common

from odoo.addons.automotive_presales.tests.browser import PHONE, BrowserCase


@common.at_install(False)
@common.post_install(True)
class TestBrowserFleetDeal(BrowserCase):
    """The director goes through the demo fleet deal on a phone: sub-projects, totals, alternatives."""

    def test_fleet_deal_on_the_phone(self):
        with self.server_env() as env:
            group = env.ref("automotive_configurator.project_group_fleet_lease")
            action = env.ref("automotive_configurator.action_project_groups").id
            group_id, deal_total = group.id, "{:,.2f}".format(group.deal_amount_total)
        self.open_browser(PHONE)
        self.login("director", "director")
        self.driver.get(self.url("/web#model=presales.project.group&view_type=form&id=%d&action=%d"
                                 % (group_id, action)))
        # on a phone the x2many fields show their kanban cards
        rows = "%s div[name=sub_project_ids] .o_kanban_record:not(.o_kanban_ghost)" % self.FORM
        self.wait_for(rows)
        self.wait_idle()
        self.assertIn(deal_total, self.field("deal_amount_total").text)
        names = [row.text for row in self.driver.find_elements(By.CSS_SELECTOR, rows)]
        self.assertEqual(len(names), 2)
        self.assertIn("12 estates", names[0])
        self.assertIn("Tom Visser", names[0])
        self.assertIn("12 cars", names[0])
        self.assertIn("4 pool cars", names[1])
        self.assertIn("Daan Mulder", names[1])
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        self.screenshot("phone-fleet-deal")
        self.assertLessEqual(width, PHONE[0] + 1, "the project group form is wider than the phone")
        # the estates sub-project opens with its two alternatives
        self.click(self.driver.find_elements(By.CSS_SELECTOR, rows)[0])
        cards = "%s div[name=offer_ids] .o_kanban_record:not(.o_kanban_ghost)" % self.DIALOG
        self.wait_for(cards)
        alternatives = self.driver.find_elements(By.CSS_SELECTOR, cards)
        self.screenshot("phone-fleet-sub-project")
        self.assertEqual(len(alternatives), 2)
