"""The DMS in the web client, at a desk and on a phone: a branch manager resolves the
reconciliation queue with one click per item, and moments pushed by the simulator show up in the
contact moments list."""
import base64
import json
import os
import subprocess
import sys
import uuid

from selenium.webdriver.common.by import By

from odoo.tests import common

from odoo.addons.automotive_presales.tests.browser import DESKTOP, PHONE, BrowserCase

SIMULATOR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools", "dms_simulator.py"))
CARD = ".o_kanban_view .o_kanban_record"


class DmsBrowserCase(BrowserCase):

    def setUp(self):
        super().setUp()
        self.tag = uuid.uuid4().hex[:6].upper()

    @staticmethod
    def backend(env):
        return env.ref("dms_connector.backend_demo").with_context(tracking_disable=True)

    def click_header_button(self, label):
        """A button of the form's header; on a phone web_responsive folds them into its "Task"
        dropdown, opened first."""
        def visible():
            buttons = self.driver.find_elements(By.CSS_SELECTOR, self.FORM + " .o_form_statusbar button")
            return [button for button in buttons if button.text.strip() == label and button.is_displayed()]
        if not visible():
            toggles = self.driver.find_elements(By.CSS_SELECTOR, self.FORM + " .o_statusbar_buttons_dropdown button")
            toggles = [toggle for toggle in toggles if toggle.is_displayed()]
            self.assertTrue(toggles, "no %r button and no menu of buttons on the form" % label)
            self.click(toggles[0])
        self.assertTrue(visible(), "no visible button %r on the form" % label)
        self.click(visible()[0])

    def assert_fits(self, size, what):
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        self.assertLessEqual(width, size[0] + 1, "%s is wider than the window (%dpx)" % (what, size[0]))


@common.at_install(False)
@common.post_install(True)
class TestBrowserReconciliation(DmsBrowserCase):
    """manager1 (Amsterdam) decides on two moments whose customers match only by name and zip: one
    click accepts the suggestion; creating a new customer instead shows the candidates beside the
    DMS's customer and asks first."""

    def _two_waiting_moments(self, env):
        """Created through the server's cursor: the browser's requests see them."""
        partners, records = {}, []
        for what in ("Accept", "New"):
            last_name = "%s %s" % (what, self.tag)
            partners[what] = env["res.partner"].create({
                "firstname": "Recon", "lastname": last_name, "zip": "1011 AA", "customer": True}).id
            records.append({
                "external_id": "BR-%s-%s" % (what, self.tag), "type_code": "CALL_OUT",
                "occurred_at": "2026-11-02T10:00:00Z", "summary": "Asked for a trade-in price", "site": "AMS",
                "customer": {"external_id": "BRC-%s-%s" % (what, self.tag), "first_name": "Recon",
                             "last_name": last_name, "zip": "1011aa"}})
        results = self.backend(env)._import_body(json.dumps(records).encode(), "application/json")
        self.assertEqual([result["status"] for result in results], ["quarantined", "quarantined"])
        return partners

    def _card(self, text):
        cards = [card for card in self.driver.find_elements(By.CSS_SELECTOR, CARD) if text in card.text]
        if len(cards) != 1:
            self.screenshot("no-card")
        self.assertEqual(len(cards), 1, "one card for %s in the queue" % text)
        return cards[0]

    def _click_in_card(self, text, label):
        buttons = [button for button in self._card(text).find_elements(By.CSS_SELECTOR, "button")
                   if button.text.strip() == label]
        self.assertTrue(buttons and buttons[0].is_displayed(), "no %s button on the card of %s" % (label, text))
        right = self.driver.execute_script("return arguments[0].getBoundingClientRect().right", buttons[0])
        self.assertLessEqual(right, self.driver.execute_script("return window.innerWidth"),
                             "%s is out of reach" % label)
        self.click(buttons[0])
        self.wait_until(lambda: not [card for card in self.driver.find_elements(By.CSS_SELECTOR, CARD)
                                     if text in card.text], "%s stayed in the queue after %s" % (text, label))

    def _resolve_both(self, size):
        with self.server_env() as env:
            partners = self._two_waiting_moments(env)
        self.open_browser(size)
        self.login("manager1", "manager1")
        self.open_action("dms_connector.dms_reconciliation_action")
        card = self._card("Recon Accept %s" % self.tag)
        self.assertIn("Suggested: Recon Accept %s" % self.tag, card.text)
        self.assertIn("confidence 0.60", card.text)
        self.assert_fits(size, "the reconciliation queue")
        self.screenshot("%dpx-1-queue" % size[0])
        self._click_in_card("Recon Accept %s" % self.tag, "Accept suggested")
        # name and zip match a CRM customer (0.60): the card sends the manager to compare first
        card = self._card("Recon New %s" % self.tag)
        self.assertIn("open the card to compare", card.text)
        self.assertFalse([button for button in card.find_elements(By.CSS_SELECTOR, "button")
                          if button.text.strip() == "Create new customer"])
        self.click(card)
        self.wait_for(self.FORM + " .o_dms_create_warning")
        form = self.driver.find_element(By.CSS_SELECTOR, self.FORM)
        self.assertIn("creating a new customer may make a duplicate", form.text)
        candidates = form.find_element(By.CSS_SELECTOR, "div[name=candidate_ids]").text
        self.assertIn("Recon New %s" % self.tag, candidates)
        self.assertIn("0.60", candidates)
        self.assert_fits(size, "the reconciliation form")
        self.screenshot("%dpx-2-side-by-side" % size[0])
        self.click_header_button("Create new customer")
        self.wait_for(".modal-footer button.btn-primary")
        self.click_dialog_button("Ok")
        self.wait_until(lambda: "Done" in self.driver.find_element(
            By.CSS_SELECTOR, self.FORM + " .o_statusbar_status .btn-primary").text, "the item is not done")
        self.screenshot("%dpx-3-resolved" % size[0])
        with self.server_env() as env:
            moments = {}
            for what in ("Accept", "New"):
                binding = env["dms.moment.binding"].search([("external_id", "=", "BR-%s-%s" % (what, self.tag))])
                self.assertEqual(len(binding), 1)
                moments[what] = binding.odoo_id
            self.assertEqual(moments["Accept"].partner_id.id, partners["Accept"])
            new = moments["New"].partner_id
            self.assertNotEqual(new.id, partners["New"])
            self.assertEqual((new.name, new.zip), ("Recon New %s" % self.tag, "1011aa"))
            self.assertEqual(env["dms.partner.binding"].search(
                [("external_id", "=", "BRC-New-%s" % self.tag)]).odoo_id, new)
            self.assertFalse(env["dms.reconciliation"].search(
                [("external_id", "like", "BR-%%-%s" % self.tag), ("state", "=", "open")]))

    def test_at_the_desk(self):
        self._resolve_both(DESKTOP)

    def test_on_a_phone(self):
        self._resolve_both(PHONE)


@common.at_install(False)
@common.post_install(True)
class TestBrowserMomentsArrive(DmsBrowserCase):
    """The director has the contact moments open while the simulator pushes; a reload shows them."""

    def _watch(self, size):
        with self.server_env() as env:
            key = self.backend(env).generate_api_key()
        self.open_browser(size)
        self.login("director", "director")
        self.open_action("automotive_presales.presales_contact_moment_action")
        self.assertNotIn(self.tag, self.driver.find_element(By.CSS_SELECTOR, ".o_view_manager_content").text)
        subprocess.run([sys.executable, SIMULATOR, "--push", self.url("/dms/demo-dms/moments"), "--key", key,
                        "--rate", "100", "--batch", "3", "--count", "6", "--id-prefix", self.tag],
                       check=True, timeout=120, stdout=subprocess.DEVNULL)
        self.driver.refresh()
        # a list at the desk, cards on a phone (dealer_floor)
        records = ".o_list_view tbody tr.o_data_row" if size == DESKTOP else ".o_kanban_view .o_kanban_record"
        self.wait_for(records)
        self.wait_idle()
        # the newest first: after the demo's planned test drives, before everything that happened earlier
        rows = self.driver.find_elements(By.CSS_SELECTOR, records)
        arrived = [row for row in rows if "Simulated moment %s-" % self.tag in row.text]
        self.assertEqual(len(arrived), 6, "the 6 pushed moments are not on the list's first page")
        self.assert_fits(size, "the contact moments list")
        self.screenshot("%dpx-moments-arrived" % size[0])
        with self.server_env() as env:
            moments = env["dms.moment.binding"].search([("external_id", "like", self.tag + "-%")]).mapped("odoo_id")
            self.assertEqual(len(moments), 6)
            self.assertEqual(set(moments.mapped("origin")), {"dms"})

    def test_at_the_desk(self):
        self._watch(DESKTOP)

    def test_on_a_phone(self):
        self._watch(PHONE)


@common.at_install(False)
@common.post_install(True)
class TestBrowserBackend(DmsBrowserCase):
    """The director opens the demo DMS backend: a failed pull is said on the form, the file columns
    are a table with the first rows of a sample feed as they would import, and the messages sent
    back are listed."""

    def _look(self, size):
        feed = (b"Chassisnummer;Voorraad;Merk;Type;Vraagprijs\n"
                b"WVWZZZ1KZAW000001;S-%s;VW;Golf;25.000,00\nkort;T-%s;VW;Polo;1\n" % (
                    self.tag.encode(), self.tag.encode()))
        with self.server_env() as env:
            backend = self.backend(env)
            backend.write({
                "preview_file": base64.b64encode(feed), "preview_filename": "feed.csv",
                "column_map_ids": [(5, 0, 0)] + [(0, 0, {"header": header, "field": field}) for header, field in (
                    ("Chassisnummer", "vin"), ("Voorraad", "stock_number"), ("Merk", "make"), ("Type", "model"),
                    ("Vraagprijs", "price"))]})
            backend._pull_failed("DMS demo-dms did not answer: connection refused")
            backend_id = backend.id
        self.open_browser(size)
        self.login("director", "director")
        self.driver.get(self.url("/web#model=dms.backend&id=%d&view_type=form" % backend_id))
        self.wait_for(self.FORM + " .o_field_widget[name=pull_status]")
        self.wait_idle()
        form = self.driver.find_element(By.CSS_SELECTOR, self.FORM)
        self.assertIn("last pull failed at", form.text)
        self.assertIn("connection refused", form.text)
        self.screenshot("%dpx-1-backend" % size[0])
        self.open_tab("File columns")
        preview = self.wait_for(self.FORM + " .o_dms_column_preview")
        self.assertIn("S-%s" % self.tag, preview.text)
        self.assertIn("25000.0", preview.text)
        self.assertIn("field vin", preview.text)
        self.assert_fits(size, "the backend form")
        self.screenshot("%dpx-2-file-columns" % size[0])
        self.open_tab("Sent back")
        self.screenshot("%dpx-3-sent-back" % size[0])

    def test_at_the_desk(self):
        self._look(DESKTOP)

    def test_on_a_phone(self):
        self._look(PHONE)
