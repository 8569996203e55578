from selenium.webdriver.common.by import By

from odoo.tests import common

from .browser import DESKTOP, PHONE, BrowserCase


@common.at_install(False)
@common.post_install(True)
class TestBrowserDeal(BrowserCase):
    """The deal in the web client: the pipeline with its outcomes, processes and next steps, Mark
    Won that asks, each role's landing, the Leads menu, bogus leads and the source report."""

    def open_record(self, xmlid, action):
        record_id = self.env.ref(xmlid).id
        self.driver.get(self.url("/web#id=%d&model=crm.lead&view_type=form&action=%s" % (record_id, action)))
        self.wait_for(self.FORM)
        self.wait_idle()
        return record_id

    def logout(self):
        self.driver.get(self.url("/web/session/logout"))
        self.wait_for("input[name=login]")

    def cards(self):
        return [card for card in self.driver.find_elements(By.CSS_SELECTOR, ".o_kanban_record")
                if card.is_displayed()]

    def walk_the_boards(self, prefix):
        """What every width must show: each sales up's process and funnel phase, the Leads menu,
        "no next step" where nothing is planned, the director's landing on the whole group, the
        phases in their blocks and the bogus rate beside each source."""
        self.login("sales1", "sales1")
        self.open_action("automotive_presales.action_sales_ups")
        self.wait_for(".o_kanban_view .o_kanban_record")
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, ".o_kanban_record .o_presales_process"),
                        "the cards show their sales process")
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, ".o_kanban_record .o_monitor_phase"),
                        "the cards show their funnel phase")
        self.screenshot("%s-pipeline-sales1" % prefix)
        with self.server_env() as env:
            sales1 = env.ref("automotive_presales.user_sales1")
            idle = env["crm.lead"].sudo(sales1).search(
                [("no_next_step", "=", True), ("type", "=", "opportunity")], limit=1)
            self.assertTrue(idle, "the demo has an open sales up of sales1 with nothing planned")
            idle_id = idle.id
            leads = env["crm.lead"].sudo(sales1).search_count([("type", "=", "lead")])
        self.driver.get(self.url("/web#id=%d&model=crm.lead&view_type=form&action=%s" % (
            idle_id, "automotive_presales.action_sales_ups")))
        self.wait_for(self.FORM)
        self.wait_idle()
        flag = self.wait_for(self.FORM + " .label-warning")
        self.assertEqual(flag.text.strip(), "No next step")
        self.screenshot("%s-no-next-step-sales1" % prefix)
        self.open_action("automotive_presales.action_leads")
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, ".o_data_row, .o_kanban_record:not("
                                                                        ".o_kanban_ghost)")), leads)
        self.screenshot("%s-leads-sales1" % prefix)
        self.logout()

        self.login("director", "director")
        self.open_action("automotive_presales.action_sales_ups")
        self.wait_for(".o_kanban_view .o_kanban_record")
        with self.server_env() as env:
            director = env.ref("automotive_presales.user_director")
            shown = env["crm.lead"].sudo(director).search([("type", "=", "opportunity"),
                                                          ("lifecycle_state", "in", ("open", "won"))])
            self.assertGreater(len(shown.mapped("team_id")), 1, "the director's board spans the branches")
        self.screenshot("%s-pipeline-director" % prefix)
        # a phone's kanban shows one stage at a time: the list shows them all at either width
        self.click(self.driver.find_element(By.CSS_SELECTOR, ".o_cp_switch_list"))
        self.wait_for(".o_list_view .o_data_row")
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, ".o_list_view .o_data_row")), len(shown),
                         "the director lands on the whole group")
        self.screenshot("%s-list-director" % prefix)
        self.open_action("automotive_presales.presales_funnel_phase_action")
        headers = [header.text for header in self.driver.find_elements(By.CSS_SELECTOR, ".o_group_header")]
        with self.server_env() as env:
            blocks = env["presales.funnel.block"].search([]).mapped("name")
        self.assertEqual(len(headers), len(blocks), "the phases are grouped in their blocks")
        for block in blocks:
            self.assertTrue([header for header in headers if header.startswith(block)], block)
        self.screenshot("%s-phase-blocks-director" % prefix)
        self.open_action("automotive_presales.presales_source_report_action")
        self.wait_for(".o_pivot")
        self.assertIn("Bogus (%)", self.driver.find_element(By.CSS_SELECTOR, ".o_pivot").text)
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        self.screenshot("%s-sources-director" % prefix)
        self.logout()
        return width

    def test_win_at_the_desk_and_each_role_lands_on_its_scope(self):
        self.open_browser(DESKTOP)
        self.login("sales1", "sales1")

        # an open sales up of sales1 (the demo's sales ups with a signed agreement are won)
        lead_id = self.open_record("automotive_presales.sales_up_13", "automotive_presales.action_sales_ups")
        self.click_header_button("Mark Won")
        self.wait_for(self.DIALOG)
        self.fill("planned_revenue", "41500", self.DIALOG)
        self.many2one("stock_vehicle_id", "STK4102", self.DIALOG)
        self.fill("delivery_date", "03/15/2027", self.DIALOG)
        self.screenshot("desk-2-mark-won-asks")
        self.click_dialog_button("Mark won")
        self.wait_for(self.FORM + " .label-success")
        self.screenshot("desk-3-won")
        with self.server_env() as env:
            lead = env["crm.lead"].browse(lead_id)
            car = env["presales.stock.vehicle"].search([("stock_number", "=", "STK4102")])
            self.assertEqual((lead.lifecycle_state, lead.planned_revenue, lead.delivery_date),
                             ("won", 41500.0, "2027-03-15"))
            self.assertEqual((car.state, car.reserved_lead_id), ("reserved", lead))
            self.assertEqual(lead.contact_moment_ids.mapped("kind").count("agreement"), 1)

        # a branch manager lands on the branch's sales ups, needs attention one tap away
        self.logout()
        self.login("manager1", "manager1")
        self.open_action("automotive_presales.action_sales_ups")
        self.wait_for(".o_kanban_view .o_kanban_record")
        self.assertGreater(len(self.cards()), 2, "the branch manager's board is not empty")
        self.screenshot("desk-4-pipeline-manager1")
        self.click(self.driver.find_element(By.XPATH, "//a[.//span[normalize-space()='Needs Attention']]"))
        self.wait_for(".o_list_view")
        self.screenshot("desk-5-needs-attention-manager1")
        self.assertTrue(self.driver.find_elements(By.CSS_SELECTOR, ".o_list_view .o_data_row"))

        self.logout()
        self.walk_the_boards("desk-6")

    def test_a_lead_marked_bogus_and_mark_won_on_the_phone(self):
        self.open_browser(PHONE)
        self.login("sales1", "sales1")
        self.open_action("automotive_presales.action_leads")
        # on a phone the web client opens the kanban of the leads, at a desk their list
        self.click(self.wait_for(".o_list_button_add, .o-kanban-button-new"))
        self.wait_for(self.FORM + " input[name=name]")
        self.fill("name", "Brochure request")
        self.fill("contact_name", "Bas")
        self.fill("contact_lastname", "Bogus")
        self.choose("lead_type", "Web")
        self.choose("lead_status", "Cold")
        self.save()
        self.screenshot("phone-1-lead")
        self.click_header_button("Mark bogus")
        self.wait_for(self.DIALOG)
        self.click(self.driver.find_element(By.CSS_SELECTOR, self.DIALOG + " input[data-value=fake]"))
        self.fill("note", "Test submission of the web form", self.DIALOG)
        self.screenshot("phone-2-mark-bogus")
        self.click_dialog_button("Mark bogus")
        self.wait_for(self.FORM + " .label-default")
        self.screenshot("phone-3-bogus-lost")
        with self.server_env() as env:
            lead = env["crm.lead"].with_context(active_test=False).search([("contact_lastname", "=", "Bogus")])
            self.assertEqual((lead.type, lead.lifecycle_state, lead.bogus_reason), ("lead", "lost", "fake"))
            self.assertEqual(lead.source_id.name, "Internet")

        lead_id = self.open_record("automotive_presales.sales_up_13", "automotive_presales.action_sales_ups")
        self.screenshot("phone-4-sales-up")
        self.click_header_button("Mark Won")
        self.wait_for(self.DIALOG)
        self.fill("delivery_date", "04/01/2027", self.DIALOG)
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        self.screenshot("phone-5-mark-won")
        self.assertLessEqual(width, PHONE[0] + 1, "the Mark Won dialog is wider than the phone")
        self.click_dialog_button("Mark won")
        self.wait_for(self.FORM + " .label-success")
        self.screenshot("phone-6-won")
        with self.server_env() as env:
            lead = env["crm.lead"].browse(lead_id)
            self.assertEqual((lead.lifecycle_state, lead.delivery_date), ("won", "2027-04-01"))
            self.assertGreater(lead.planned_revenue, 0)
        self.logout()
        width = self.walk_the_boards("phone-7")
        self.assertLessEqual(width, PHONE[0] + 1, "the source report is wider than the phone")
