from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from odoo.tests import common

from odoo.addons.automotive_presales.tests.browser import DESKTOP, PHONE, BrowserCase


@common.at_install(False)
@common.post_install(True)
class TestBrowserPrivacy(BrowserCase):
    """The light, the ledger and the rights in the web client, at a desk and on a phone."""

    def setUp(self):
        super().setUp()
        with self.server_env() as env:
            sales1 = env.ref("automotive_presales.user_sales1")
            self.person_id = env["res.partner"].create({
                "firstname": "Bram", "lastname": "Browser", "customer": True, "email": "bram.browser@example.nl",
                "phone": "+31 20 555 0101", "user_id": sales1.id, "team_id": sales1.sale_team_id.id}).id
            self.lead_id = env["crm.lead"].create({
                "name": "Bram's estate", "type": "opportunity", "lead_type": "walk_in", "lead_status": "warm",
                "partner_id": self.person_id, "user_id": sales1.id, "team_id": sales1.sale_team_id.id}).id
            env["dealer.consent"].create({
                "partner_id": self.person_id, "channel": "phone", "purpose": "marketing", "state": "withdrawn",
                "source": "phone", "reason": "no promotions by phone", "given_at": "2026-10-01 09:00:00"})

    def open_record(self, model, record_id, action):
        self.driver.get(self.url("/web#id=%d&model=%s&view_type=form&action=%s" % (record_id, model, action)))
        self.wait_for(self.FORM + " .o_form_sheet", visible=False)
        self.wait_idle()

    def open_form_tab(self, label):
        """The form's own tab (the app menu has a Privacy entry too)."""
        tabs = [tab for tab in self.driver.find_elements(By.CSS_SELECTOR, self.FORM + " .nav-tabs a")
                if tab.text.strip() == label]
        self.assertTrue(tabs, "no tab %r on the form" % label)
        self.click(tabs[0])

    def tick(self, name, scope):
        self.click(self.wait_for("%s div[name=%s] input" % (scope, name), visible=False).find_element(
            By.XPATH, ".."))

    def light_line(self, channel, purpose):
        return self.wait_for('.o_dealer_privacy_light li[data-channel="%s"][data-purpose="%s"]' % (channel, purpose))

    def assert_fits(self, size, what):
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        self.assertLessEqual(width, size[0] + 1, "%s is wider than the window" % what)

    # ---- the salesperson: the light on the sales up, a marketing call against the ledger ----

    def _salesperson_logs_a_call_against_the_ledger(self, size, name):
        self.open_browser(size)
        self.login("sales1", "sales1")
        self.open_record("crm.lead", self.lead_id, "automotive_presales.action_sales_ups")
        self.open_form_tab("May we contact them?")
        line = self.light_line("phone", "marketing")
        self.assertIn("withdrew marketing by phone on 2026-10-01", line.text)
        self.assertIn("o_dealer_privacy_forbidden", line.get_attribute("class"))
        self.assertIn("open sales up since", self.light_line("phone", "sales").text)
        self.assert_fits(size, "the sales up with its light")
        self.screenshot("%s-1-light" % name)
        self.click_header_button("Log a contact")
        self.wait_for(self.DIALOG)
        self.choose("kind", "Call", self.DIALOG)
        self.choose("contact_purpose", "Marketing", self.DIALOG)
        warning = self.field("privacy_warning", self.DIALOG)
        self.assertIn("withdrew marketing by phone", warning.text)
        self.fill("summary", "Winter tyre promotion", self.DIALOG)
        self.tick("privacy_confirmed", self.DIALOG)
        self.fill("privacy_confirm_reason", "He called and asked for it", self.DIALOG)
        self.assert_fits(size, "the log-a-contact dialog")
        self.screenshot("%s-2-confirm" % name)
        self.click_dialog_button("Log")
        with self.server_env() as env:
            moment = env["presales.contact.moment"].search([("lead_id", "=", self.lead_id),
                                                            ("summary", "=", "Winter tyre promotion")])
            self.assertEqual((moment.contact_purpose, moment.privacy_confirmed, moment.user_id.login),
                             ("marketing", True, "sales1"))
            log = env["dealer.privacy.log"].search([("partner_id", "=", self.person_id), ("event", "=", "override")])
            self.assertIn("He called and asked for it", log.reason)

    def test_salesperson_at_the_desk(self):
        self._salesperson_logs_a_call_against_the_ledger(DESKTOP, "sales-desk")

    def test_salesperson_on_the_phone(self):
        self._salesperson_logs_a_call_against_the_ledger(PHONE, "sales-phone")

    # ---- the sales up's Call button: the ledger forbids the call, a dialog asks the reason ----

    def _salesperson_calls_against_the_ledger(self, size, name, lang, words):
        with self.server_env() as env:
            env["crm.lead"].browse(self.lead_id).phone = "+31 20 555 0101"
            env["dealer.consent"].create({
                "partner_id": self.person_id, "channel": "phone", "purpose": "sales", "state": "refused",
                "source": "email", "reason": "mailed: no calls", "given_at": "2026-11-01 09:00:00"})
        self.open_browser(size)
        self.login("sales1", "sales1", lang=lang)
        self.open_record("crm.lead", self.lead_id, "automotive_presales.action_sales_ups")
        # the test stands in for the phone's dialler (static/src/js/contact_url.js opens the address)
        self.driver.execute_script(
            "odoo.__DEBUG__.services['dealer_floor.contact_url'].open = function (url) { window.dialled = url; };")
        self.click_header_button(words["call"])
        why_not = self.wait_for(self.DIALOG + " .o_dealer_floor_why_not")
        self.assertIn(words["refused"], why_not.text)
        self.assertFalse(self.driver.execute_script("return window.dialled"), "dialled before the reason")
        self.fill("reason", "Hij belde zelf en vroeg om terugbellen", self.DIALOG)
        self.assert_fits(size, "the dialog asking why")
        self.screenshot("%s-1-why" % name)
        self.click_dialog_button(words["confirm"])
        self.wait_until(lambda: self.driver.execute_script("return window.dialled") == "tel:+31205550101",
                        "the phone did not dial after the reason")
        self.wait_idle()
        self.screenshot("%s-2-called" % name)
        with self.server_env() as env:
            moment = env["presales.contact.moment"].search([("lead_id", "=", self.lead_id), ("kind", "=", "call")])
            self.assertEqual(
                (len(moment), moment.privacy_confirmed, moment.privacy_confirm_reason, moment.user_id.login),
                (1, True, "Hij belde zelf en vroeg om terugbellen", "sales1"))
            log = env["dealer.privacy.log"].search([("partner_id", "=", self.person_id), ("event", "=", "override")])
            self.assertEqual(len(log), 1)
            self.assertIn("Hij belde zelf en vroeg om terugbellen", log.reason)

    def test_salesperson_calls_from_the_form_at_the_desk(self):
        self._salesperson_calls_against_the_ledger(DESKTOP, "call-desk", "en_US", {
            "call": "Call", "confirm": "Confirm", "refused": "refused sales follow-up by phone on 2026-11-01"})

    def test_salesperson_calls_from_the_form_on_the_phone(self):
        # sales1 works in Dutch
        self._salesperson_calls_against_the_ledger(PHONE, "call-phone", None, {
            "call": "Bellen", "confirm": "Bevestigen", "refused": "weigerde verkoopopvolging via telefoon"})

    # ---- the director: a statement in the ledger, then the erasure ----

    def _director_records_and_erases(self, size, name):
        self.open_browser(size)
        self.login("director", "director")
        self.open_record("res.partner", self.person_id, "automotive_presales.res_partner_action_customer_overview")
        self.open_form_tab("Privacy")
        self.click_form_button("Record a statement")
        self.wait_for(self.DIALOG)
        self.choose("channel", "SMS/WhatsApp", self.DIALOG)
        self.choose("purpose", "Marketing", self.DIALOG)
        self.choose("state", "Refused", self.DIALOG)
        self.choose("source", "By phone", self.DIALOG)
        self.fill("reason", "Said no to texts when we called", self.DIALOG)
        self.screenshot("%s-1-record" % name)
        self.click_dialog_button("Record")
        self.wait_until(lambda: "refused marketing by sms/whatsapp" in self.light_line("sms", "marketing").text,
                        "the light did not show the new refusal")
        self.assert_fits(size, "the customer's Privacy tab")
        self.screenshot("%s-2-light" % name)
        self.click_form_button("Erase")
        self.wait_for(self.DIALOG)
        self.fill("reason", "Request by e-mail of 2026-12-01", self.DIALOG)
        self.screenshot("%s-3-erase" % name)
        buttons = self.driver.find_elements(By.CSS_SELECTOR, ".modal-footer button")
        self.click([button for button in buttons if button.text.strip() == "Erase"][0])
        self.wait_until(lambda: [button for button in self.driver.find_elements(By.CSS_SELECTOR, ".modal-footer button")
                                 if button.text.strip() == "Ok" and button.is_displayed()], "no confirmation asked")
        self.click([button for button in self.driver.find_elements(By.CSS_SELECTOR, ".modal-footer button")
                    if button.text.strip() == "Ok" and button.is_displayed()][0])
        outcome = self.wait_for(self.DIALOG + " [name=outcome]")
        self.assertIn("Erased", outcome.text)
        self.screenshot("%s-4-erased" % name)
        with self.server_env() as env:
            # the test thread's cache still holds what setUp wrote
            env["res.partner"].invalidate_cache()
            person = env["res.partner"].browse(self.person_id)
            self.assertEqual(person.name, "Anonymised customer %d" % self.person_id)
            self.assertFalse(person.email or person.phone)
            sms = person.dealer_consent_ids.filtered(lambda line: line.channel == "sms")
            self.assertEqual((sms.state, sms.source, sms.user_id.login, sms.reason),
                             ("refused", "phone", "director", False), "the statement stays, the note goes")
            self.assertEqual(env["crm.lead"].browse(self.lead_id).name, "Anonymised sales up")

    def test_director_at_the_desk(self):
        self._director_records_and_erases(DESKTOP, "director-desk")

    def test_director_on_the_phone(self):
        self._director_records_and_erases(PHONE, "director-phone")

    # ---- the floor app on the phone: a call the ledger forbids asks for a reason first ----

    def test_the_floor_asks_before_a_call_the_ledger_forbids(self):
        with self.server_env() as env:
            env["dealer.consent"].create({
                "partner_id": self.person_id, "channel": "phone", "purpose": "sales", "state": "refused",
                "source": "email", "reason": "mailed: no calls", "given_at": "2026-11-01 09:00:00"})
        self.open_browser(PHONE)
        self.login("sales1", "sales1", lang=None)
        self.driver.get(self.url("/floor"))
        self.wait_until(lambda: self.driver.execute_script(
            "return document.body.classList.contains('floor-ready')"), "the floor screen did not start")
        call = self.wait_for('#floor-waiting a.floor-call.floor-blocked[data-lead="%d"]' % self.lead_id)
        self.assertIn("weigerde", call.get_attribute("data-blocked"))  # the floor speaks sales1's Dutch
        self.screenshot("floor-1-call-marked")
        # the typed contact asks the same question as the desk form
        self.click(self.wait_for("#floor-open-contact"))
        Select(self.wait_for("#floor-contact select[name=lead_id]")).select_by_value(str(self.lead_id))
        reason = self.wait_for("#floor-contact-privacy")
        self.assertIn("weigerde", reason.text)
        self.screenshot("floor-2-contact-form-asks")
        self.click(self.wait_for("#floor-contact button[data-close]"))
        # tapping Call: a refusal to give a reason dials nothing and logs nothing ... (the test stands
        # in for the phone's dialler and answers the browser's question itself)
        self.driver.execute_script(
            "arguments[0].setAttribute('href', '#dialled'); window.prompt = function () { return ''; };", call)
        self.click(call)
        self.assertNotIn("#dialled", self.driver.current_url)
        # ... with a reason the call is logged, confirmed, as the desk form does
        self.driver.execute_script("window.prompt = function (question) { window.asked = question;"
                                   " return 'Hij belde zelf en vroeg om terugbellen'; };")
        self.click(call)
        self.assertIn("weigerde", self.driver.execute_script("return window.asked"))
        with self.server_env() as env:
            def logged():
                env["presales.contact.moment"].invalidate_cache()
                return env["presales.contact.moment"].search([("lead_id", "=", self.lead_id), ("kind", "=", "call")])
            self.wait_until(logged, "the confirmed call was not logged")
            moment = logged()
            self.assertEqual((len(moment), moment.privacy_confirmed, moment.privacy_confirm_reason),
                             (1, True, "Hij belde zelf en vroeg om terugbellen"))
        self.screenshot("floor-3-call-logged")
