"""The web client on a phone (390x844) as a salesperson: every screen of their menu fits the
width (lists open as cards), the sales up's actions are in sight, and files download on iOS."""
import base64

from selenium.webdriver.common.by import By

from odoo.tests import common

from odoo.addons.automotive_presales.tests.browser import PHONE, BrowserCase


@common.at_install(False)
@common.post_install(True)
class TestBrowserPhoneWeb(BrowserCase):

    timeout = 60

    def _menu_actions(self, env, login):
        """Every window action in the Dealer Sales menu the user sees (a census, not a list)."""
        user = env.ref("automotive_presales.user_%s" % login)
        root = env.ref("automotive_presales.menu_dealer_sales_root")
        menus = env["ir.ui.menu"].sudo(user).search([("id", "child_of", root.id), ("action", "!=", False)])
        return [(menu.complete_name, menu.action) for menu in menus
                if menu.action._name == "ir.actions.act_window" and menu.action.target != "new"]

    def test_every_screen_of_the_salesperson_fits_a_phone(self):
        with self.server_env() as env:
            actions = [(name, action.id, action.res_model, "kanban" in action.mapped("view_ids.view_mode") or
                        "kanban" in (action.view_mode or ""))
                       for name, action in self._menu_actions(env, "sales1")]
        self.assertGreater(len(actions), 8)
        self.open_browser(PHONE)
        self.login("sales1", "sales1")
        too_wide, not_cards = [], []
        for name, action_id, model, has_kanban in actions:
            self.driver.get(self.url("/web#action=%d" % action_id))
            self.wait_for(".o_view_manager_content > div", visible=False)
            self.wait_idle()
            width = self.driver.execute_script("return document.documentElement.scrollWidth")
            if width > PHONE[0]:
                too_wide.append("%s (%s): %d px" % (name, model, width))
                self.screenshot("too-wide-%d" % action_id)
            if self.driver.find_elements(By.CSS_SELECTOR, ".o_view_manager_content .o_list_view") and has_kanban:
                not_cards.append(name)
        self.assertEqual(too_wide, [], "screens wider than the phone")
        self.assertEqual(not_cards, [], "lists shown as tables although they have cards")

    def test_a_sales_up_shows_its_actions_not_a_task_dropdown(self):
        with self.server_env() as env:
            lead = env["crm.lead"].search([("user_id.login", "=", "sales1"), ("type", "=", "opportunity")], limit=1)
            action = env.ref("automotive_presales.action_sales_ups")
            lead_id, action_id = lead.id, action.id
        self.open_browser(PHONE)
        self.login("sales1", "sales1")
        self.driver.get(self.url("/web#action=%d&id=%d&model=crm.lead&view_type=form" % (action_id, lead_id)))
        self.wait_for(".o_form_view .o_form_statusbar")
        self.wait_idle()
        visible = {button.text.strip() for button in self.driver.find_elements(
            By.CSS_SELECTOR, ".o_form_statusbar .o_statusbar_buttons button") if button.is_displayed()}
        for label in ("Mark Won", "Mark Lost", "Log a contact", "Book a test drive"):
            self.assertIn(label, visible, "a button of the sales up is out of sight on a phone")
        self.assertFalse([dropdown for dropdown in self.driver.find_elements(
            By.CSS_SELECTOR, ".o_statusbar_buttons_dropdown") if dropdown.is_displayed()], "a Task dropdown")
        tabs = self.driver.find_elements(By.CSS_SELECTOR, ".o_notebook > ul.nav-tabs > li")
        tops = {tab.location["y"] for tab in tabs if tab.is_displayed()}
        self.assertEqual(len(tops), 1, "the tabs wrap into %d rows" % len(tops))
        self.assertLessEqual(self.driver.execute_script("return document.documentElement.scrollWidth"), PHONE[0])
        self.screenshot("sales-up-phone")

    def test_a_spreadsheet_downloads_on_an_iphone(self):
        with self.server_env() as env:
            lead_id = env["crm.lead"].search([("user_id.login", "=", "sales1")], limit=1).id
        self.open_browser(PHONE)  # the phone emulation is an iPhone (its user agent)
        self.login("sales1", "sales1")
        self.open_action("automotive_presales.action_sales_ups")
        result = self.driver.execute_async_script("""
            var done = arguments[arguments.length - 1];
            var session = odoo.__DEBUG__.services['web.session'];
            var framework = odoo.__DEBUG__.services['web.framework'];
            var clicked = HTMLAnchorElement.prototype.click;
            HTMLAnchorElement.prototype.click = function () {
                var link = this;
                fetch(link.href).then(function (r) { return r.arrayBuffer(); }).then(function (buffer) {
                    var bytes = new Uint8Array(buffer.slice(0, 8));
                    var text = ''; bytes.forEach(function (b) { text += String.fromCharCode(b); });
                    setTimeout(function () {
                        done({name: link.download, head: btoa(text), size: buffer.byteLength,
                              blocked: !!document.querySelector('.blockUI')});
                    }, 1500);  // blockUI fades out in 400 ms
                });
            };
            framework.blockUI();
            session.get_file({
                url: '/web/export/xls',
                data: {data: JSON.stringify({model: 'crm.lead', fields: [{name: 'name', label: 'Name'}],
                                             ids: [arguments[0]], domain: [], import_compat: false})},
                complete: framework.unblockUI,
                error: function (error) { done({error: error}); },
            });""", lead_id)
        self.assertNotIn("error", result, result)
        self.assertTrue(result["name"].endswith(".xls"), result)
        self.assertEqual(base64.b64decode(result["head"])[:4], b"\xd0\xcf\x11\xe0", "an Excel file")
        self.assertFalse(result["blocked"], "the 'Still loading' overlay stayed")
