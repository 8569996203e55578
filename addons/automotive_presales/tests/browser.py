"""Drive Debian's headless Chromium against the test server, as a user at a desk or on a phone.

Odoo 11's own browser tours need PhantomJS, which is not available; this runs the real web
client in Chromium through chromedriver instead. Screenshots go to $BROWSER_ARTEFACTS
(make test sets it to .local/artefacts) so a person can look at what the test saw.
"""
import contextlib
import os
import shutil
import tempfile
import time
import unittest

from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException, StaleElementReferenceException, TimeoutException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from odoo import SUPERUSER_ID, api
from odoo.tests import common

DESKTOP = (1366, 900)
PHONE = (390, 844)


# `make test` runs the browser test files (tests/test_browser_*.py) in a lane of their own with
# pytest-odoo, beside Odoo's run of every other test; that run sets this to skip them there.
ELSEWHERE = "DEALER_BROWSER_TESTS_ELSEWHERE"


class BrowserCase(common.HttpCase):
    """An HttpCase with a Chromium window; requests share the test transaction."""

    timeout = 60

    @classmethod
    def setUpClass(cls):
        # only the files the browser lane collects are skipped: a browser test kept elsewhere runs here
        if os.environ.get(ELSEWHERE) == "1" and cls.__module__.rpartition(".")[2].startswith("test_browser_"):
            raise unittest.SkipTest("make test runs %s in its browser lane" % cls.__module__)
        super().setUpClass()

    def setUp(self):
        super().setUp()
        self.artefacts = os.environ.get("BROWSER_ARTEFACTS") or tempfile.mkdtemp(prefix="browser-")
        os.makedirs(self.artefacts, exist_ok=True)

    @contextlib.contextmanager
    def server_env(self):
        """The database as the browser's requests left it.

        In test mode the HTTP requests run in the registry's test cursor, a transaction of its
        own beside the test's self.cr; read what the user did through it.
        """
        with self.registry.cursor() as cursor:
            yield api.Environment(cursor, SUPERUSER_ID, {})

    def open_browser(self, size):
        profile = tempfile.mkdtemp(prefix="chromium-")
        self.addCleanup(shutil.rmtree, profile, True)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                     "--user-data-dir=%s" % profile, "--window-size=%d,%d" % size):
            options.add_argument(flag)
        if size == PHONE:
            options.add_experimental_option("mobileEmulation", {
                "deviceMetrics": {"width": size[0], "height": size[1], "pixelRatio": 2.0},
                "userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) "
                             "AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"})
        service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
        driver = webdriver.Chrome(service=service, options=options)
        driver.set_page_load_timeout(self.timeout * 2)
        self.addCleanup(driver.quit)
        self.driver = driver
        return driver

    def url(self, path):
        return "http://%s:%s%s" % (common.HOST, common.PORT, path)

    def wait_for(self, css, timeout=None, visible=True):
        condition = (expected_conditions.visibility_of_element_located if visible
                     else expected_conditions.presence_of_element_located)
        try:
            return WebDriverWait(self.driver, timeout or self.timeout).until(condition((By.CSS_SELECTOR, css)))
        except TimeoutException:
            self.screenshot("timeout")
            raise AssertionError("no %s on %s after %ss" % (css, self.driver.current_url, timeout or self.timeout))

    def wait_until(self, predicate, message, timeout=None):
        try:
            # an element the predicate found may be re-rendered or removed before it is asked
            # about (a dialog closing): that is a "not yet", asked again on the next poll
            return WebDriverWait(self.driver, timeout or self.timeout,
                                 ignored_exceptions=(StaleElementReferenceException,)).until(
                lambda driver: predicate())
        except TimeoutException:
            self.screenshot("timeout")
            raise AssertionError(message)

    def wait_idle(self):
        """Wait until the web client has no RPC in flight (its loading indicator is gone)."""
        time.sleep(0.3)
        self.wait_until(
            lambda: not self.driver.find_elements(By.CSS_SELECTOR, ".o_loading:not([style*='none'])"),
            "the web client kept loading")

    def login(self, login, password, lang="en_US"):
        """Log in as a user reading the screens in `lang`: the demo's salespeople work in Dutch
        (dealer_floor), tests that read English labels log in with English (in the test's
        transaction only); lang=None keeps the user's own language."""
        if lang:
            with self.server_env() as env:
                env["res.users"].search([("login", "=", login)]).write({"lang": lang})
        self.driver.get(self.url("/web/login"))
        self.wait_for("input[name=login]").send_keys(login)
        self.driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
        # a salesperson's start page on a phone is the floor screen (dealer_floor), else the web client
        self.wait_for(".o_web_client, body.o_floor", visible=False)
        self.wait_idle()

    def open_action(self, xmlid):
        self.driver.get(self.url("/web#action=%s" % xmlid))
        self.wait_for(".o_control_panel .breadcrumb", visible=False)
        self.wait_for(".o_view_manager_content > div", visible=False)
        self.wait_idle()

    # ------------------------------------------------------------ form helpers (Odoo 11 DOM)

    FORM = ".o_view_manager_content .o_form_view"
    DIALOG = ".modal-dialog .o_form_view"

    def click(self, element):
        """Scroll the element to the middle of the window, as a user would, then click it."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        try:
            element.click()
        except ElementClickInterceptedException:
            self.screenshot("click-intercepted")
            raise
        self.wait_idle()

    def field(self, name, scope=None):
        return self.wait_for("%s [name=%s]" % (scope or self.FORM, name))

    def fill(self, name, value, scope=None):
        element = self.field(name, scope)
        if element.tag_name not in ("input", "textarea"):
            element = element.find_element(By.CSS_SELECTOR, "input, textarea")
        element.clear()
        element.send_keys(value)
        element.send_keys(Keys.TAB)
        self.wait_idle()

    def choose(self, name, label, scope=None):
        Select(self.field(name, scope)).select_by_visible_text(label)
        self.wait_idle()

    def many2one(self, name, text, scope=None):
        """Type into a many2one and pick the first suggestion, as a user does."""
        element = self.field(name, scope).find_element(By.CSS_SELECTOR, "input")
        element.clear()
        element.send_keys(text)
        suggestion = self.wait_for("ul.ui-autocomplete li.ui-menu-item a")
        self.assertIn(text.lower(), suggestion.text.lower())
        self.click(suggestion)

    def open_tab(self, label):
        self.click(self.driver.find_element(By.LINK_TEXT, label))

    def add_line(self, one2many):
        self.click(self.wait_for("%s div[name=%s] .o_field_x2many_list_row_add a" % (self.FORM, one2many)))
        self.wait_for(self.DIALOG)
        self.wait_idle()

    def click_dialog_button(self, label):
        """Click a button of the open dialog and wait until the dialog has gone."""
        buttons = self.driver.find_elements(By.CSS_SELECTOR, ".modal-footer button")
        self.click([button for button in buttons if button.text.strip() == label][0])
        self.wait_until(
            lambda: not [modal for modal in self.driver.find_elements(By.CSS_SELECTOR, ".modal")
                         if modal.is_displayed()],
            "the dialog stayed open after %s" % label)

    def click_header_button(self, label):
        """On a phone web_responsive folds the header buttons into a dropdown: open it first."""
        dropdown = self.FORM + " .o_statusbar_buttons_dropdown"
        toggles = [toggle for toggle in self.driver.find_elements(By.CSS_SELECTOR, dropdown + " .dropdown-toggle")
                   if toggle.is_displayed()]
        if not toggles:
            self.click_form_button(label)
            return
        self.click(toggles[0])
        buttons = [button for button in self.driver.find_elements(By.CSS_SELECTOR, dropdown + " .dropdown-menu button")
                   if button.is_displayed() and button.text.strip() == label]
        self.assertTrue(buttons, "no button %r in the header dropdown" % label)
        self.click(buttons[0])

    def click_form_button(self, label):
        """Click the form's visible button of that label. The form may still be re-rendering (a tab
        opened after a save): a button gone stale before the click is looked up again."""
        def visible_button():
            return next((button for button in self.driver.find_elements(By.CSS_SELECTOR, "%s button" % self.FORM)
                         if button.text.strip() == label and button.is_displayed()), False)
        for attempt in range(3):
            button = self.wait_until(visible_button, "no visible button %r on the form" % label)
            try:
                self.click(button)
                return
            except StaleElementReferenceException:
                if attempt == 2:
                    raise

    def edit(self):
        self.click(self.driver.find_element(By.CSS_SELECTOR, ".o_form_button_edit"))
        self.wait_for(".o_form_button_save")
        self.wait_idle()

    def save(self):
        self.click(self.driver.find_element(By.CSS_SELECTOR, ".o_form_button_save"))
        self.wait_for(".o_form_button_edit")
        self.wait_idle()

    def screenshot(self, name):
        path = os.path.join(self.artefacts, "%s-%s.png" % (self.__class__.__name__, name))
        self.driver.save_screenshot(path)
        return path
