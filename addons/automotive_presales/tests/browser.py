"""Drive Debian's headless Chromium against the test server, as a user at a desk or on a phone.

Odoo 11's own browser tours need PhantomJS, which is not available; this runs the real web
client in Chromium through chromedriver instead. Screenshots go to $BROWSER_ARTEFACTS
(make test sets it to .local/artefacts) so a person can look at what the test saw.
"""
import os
import shutil
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from odoo.tests import common

DESKTOP = (1366, 900)
PHONE = (390, 844)


class BrowserCase(common.HttpCase):
    """An HttpCase with a Chromium window; requests share the test transaction."""

    timeout = 60

    def setUp(self):
        super().setUp()
        self.artefacts = os.environ.get("BROWSER_ARTEFACTS") or tempfile.mkdtemp(prefix="browser-")
        os.makedirs(self.artefacts, exist_ok=True)

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
            return WebDriverWait(self.driver, timeout or self.timeout).until(lambda driver: predicate())
        except TimeoutException:
            self.screenshot("timeout")
            raise AssertionError(message)

    def wait_idle(self):
        """Wait until the web client has no RPC in flight (its loading indicator is gone)."""
        time.sleep(0.3)
        self.wait_until(
            lambda: not self.driver.find_elements(By.CSS_SELECTOR, ".o_loading:not([style*='none'])"),
            "the web client kept loading")

    def login(self, login, password):
        self.driver.get(self.url("/web/login"))
        self.wait_for("input[name=login]").send_keys(login)
        self.driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
        self.wait_for(".o_web_client", visible=False)
        self.wait_idle()

    def open_action(self, xmlid):
        self.driver.get(self.url("/web#action=%s" % xmlid))
        self.wait_for(".o_control_panel .breadcrumb", visible=False)
        self.wait_for(".o_view_manager_content > div", visible=False)
        self.wait_idle()

    def screenshot(self, name):
        path = os.path.join(self.artefacts, "%s-%s.png" % (self.__class__.__name__, name))
        self.driver.save_screenshot(path)
        return path
