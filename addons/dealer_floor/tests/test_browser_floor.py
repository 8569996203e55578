"""Issue 21's done-when: the floor on a phone (390x844) over a throttled mobile network, in Dutch.

A salesperson logs in, the app's manifest and service worker are there, a walk-in is captured in
a few taps with the duplicate shown, a contact logged offline is stored once when the network is
back, a test drive is booked with a licence photo, a car is found by its scanned VIN barcode, and
the visit is checked out; then /web opens the floor on the phone and /web#home the CRM. The time from
tapping "Log in" to a usable floor screen is measured on Chrome's "Fast 3G" (562.5 ms latency,
1.44 Mbit/s down, 675 kbit/s up) and written to floor-first-screen.txt beside the screenshots.
"""
import os
import tempfile
import time
from urllib.parse import urlparse

from PIL import Image, ImageDraw

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from odoo.tests import common

from odoo.addons.automotive_presales.tests.browser import DESKTOP, PHONE, BrowserCase

FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 180000, "uploadThroughput": 84375}
OFFLINE = {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0}
UNTHROTTLED = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
# a camera that reads this VIN: the browser's BarcodeDetector (Chrome on Android), stubbed here
FAKE_BARCODE_DETECTOR = """
    var vin = arguments[0];
    window.BarcodeDetector = function () {};
    window.BarcodeDetector.prototype.detect = function () {
        return Promise.resolve([{rawValue: vin, format: "code_39"}]);
    };
    // the picture comes from the test (send_keys), not from a camera dialog
    document.getElementById("floor-scan-input").click = function () {};"""
# the text of each card of a list on the floor screen (its first line)
CARD_TITLES = """
    return Array.prototype.map.call(document.querySelectorAll("#" + arguments[0] + " > li.floor-card"),
                                    function (card) { return card.firstChild.textContent; });"""
FIRST_SCREEN_SECONDS = 3.0


def licence_photo(path):
    """A phone's picture of a driving licence: a pink card with its number, as a JPEG."""
    picture = Image.new("RGB", (856, 540), (236, 196, 206))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((40, 40, 260, 300), fill=(180, 180, 180))
    draw.text((300, 80), "RIJBEWIJS  NL", fill=(40, 40, 40))
    draw.text((300, 160), "5. NL4242171", fill=(40, 40, 40))
    draw.text((300, 200), "4b. 30.06.2034", fill=(40, 40, 40))
    picture.save(path, "JPEG", quality=80)


@common.at_install(False)
@common.post_install(True)
class TestBrowserFloor(BrowserCase):

    timeout = 90

    def setUp(self):
        super().setUp()
        # the browser's requests run in the registry's test cursor: the fixtures go there too
        with self.server_env() as env:
            env = env(context=dict(env.context, tracking_disable=True))
            sales1 = env.ref("automotive_presales.user_sales1")
            customer = env["res.partner"].create({
                "firstname": "Fenna", "lastname": "Floortest", "mobile": "06 4242 1717", "customer": True,
                "user_id": sales1.id})
            lead = env["crm.lead"].create({
                "type": "opportunity", "partner_id": customer.id, "user_id": sales1.id,
                "team_id": sales1.sale_team_id.id, "lead_type": "call", "lead_status": "warm",
                "mobile": "06 4242 1717", "name": "Floortest Tiguan"})
            env["mail.activity"].create({
                "res_model_id": env["ir.model"]._get("crm.lead").id, "res_id": lead.id, "user_id": sales1.id,
                "activity_type_id": env.ref("mail.mail_activity_data_call").id, "summary": "Fenna terugbellen"})
            car = env["presales.stock.vehicle"].create({
                "stock_number": "FLR-0421", "vin": "WVWZZZ1KZAW000421", "make": "Volkswagen", "model": "Tiguan",
                "year": 2024, "team_id": sales1.sale_team_id.id, "price": 41950})
            self.sales1_id, self.lead_id, self.car_id = sales1.id, lead.id, car.id
        self.taps = 0

    # ------------------------------------------------------------------ helpers

    def network(self, conditions):
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", conditions)

    def tap(self, css):
        self.taps += 1
        element = self.wait_for(css)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()

    def type_into(self, css, text):
        element = self.wait_for(css)
        element.clear()
        element.send_keys(text)

    def outbox(self):
        return self.driver.execute_script(
            "return JSON.parse(localStorage.getItem('dealer_floor.outbox.' + %d) || '[]');" % self.sales1_id)

    def toast(self):
        return self.wait_for("#floor-toast").text

    # ------------------------------------------------------------------ the day on the floor

    def test_the_floor_on_a_phone_over_a_slow_network(self):
        self.open_browser(PHONE)
        self.driver.set_script_timeout(self.timeout)
        self.network(FAST_3G)
        self.driver.get(self.url("/floor"))
        self.wait_for("input[name=login]").send_keys("sales1")
        self.driver.find_element(By.CSS_SELECTOR, "input[name=password]").send_keys("sales1")
        submit = self.driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]")
        started = time.monotonic()
        submit.click()
        ready = ("return document.body.classList.contains('floor-ready')"
                 " && !!document.querySelector('#floor-open-walk-in');")
        WebDriverWait(self.driver, 30, poll_frequency=0.05).until(lambda driver: driver.execute_script(ready))
        first_screen = time.monotonic() - started
        # measured and recorded (the readme reports it against FIRST_SCREEN_SECONDS), not asserted:
        # a speed target is no timed test; on a machine busy with other work it says nothing
        with open(os.path.join(self.artefacts, "floor-first-screen.txt"), "w") as handle:
            handle.write("first screen after login, 390x844, Fast 3G: %.2f s (target %s s; load average %.2f)\n" % (
                first_screen, FIRST_SCREEN_SECONDS, os.getloadavg()[0]))
        self.screenshot("1-floor-screen")
        self.assertIn("Nieuwe binnenloper", self.driver.page_source, "sales1 works in Dutch")
        self.assertLessEqual(self.driver.execute_script("return document.documentElement.scrollWidth"), PHONE[0])
        # my next activities and the new leads waiting (their clock running) are those of sales1's state
        with self.server_env() as env:
            state = env["dealer.floor"].sudo(self.sales1_id).floor_state()
        self.assertIn("Fenna terugbellen", [activity["summary"] for activity in state["activities"]])
        self.assertIn(self.lead_id, [lead["id"] for lead in state["waiting"]])
        self.assertEqual(self.driver.execute_script(CARD_TITLES, "floor-activities"),
                         [activity["summary"] for activity in state["activities"]])
        self.assertEqual(self.driver.execute_script(CARD_TITLES, "floor-waiting"),
                         [lead["customer"] or lead["name"] for lead in state["waiting"]])

        # installable: the manifest linked from the page, and a service worker for the whole site
        manifest = self.driver.execute_async_script("""
            var done = arguments[0];
            var link = document.querySelector('link[rel=manifest]');
            fetch(link.href).then(function (r) { return r.json(); }).then(done, function (error) {
                done({error: String(error)}); });""")
        self.assertEqual((manifest["start_url"], manifest["display"], manifest["scope"]), ("/floor", "standalone", "/"))
        self.assertEqual(sorted(icon["sizes"] for icon in manifest["icons"]), ["192x192", "512x512"])
        scope = self.driver.execute_async_script("""
            var done = arguments[0];
            navigator.serviceWorker.ready.then(function (registration) {
                done(registration.active ? registration.scope : null); });""")
        self.assertEqual(scope, self.url("/"))

        # a walk-in in three taps plus typing, the known customer shown before anything is made
        self.tap("#floor-open-walk-in")
        self.type_into("#floor-walk-in input[name=first_name]", "Fenna")
        self.type_into("#floor-walk-in input[name=last_name]", "Floortest")
        self.type_into("#floor-walk-in input[name=phone]", "+31 6 4242 1717")
        self.tap("#floor-walk-in-next")
        duplicate = self.wait_for("#floor-duplicates .floor-duplicate")
        self.assertIn("zelfde telefoon", duplicate.text)
        self.screenshot("2-walk-in-duplicate")
        self.tap("#floor-duplicates .floor-pick[data-kind=sales_up][data-id='%d']" % self.lead_id)
        self.wait_until(lambda: "Ingecheckt" in self.toast(), "the walk-in was not checked in")
        self.assertLessEqual(self.taps, 5)
        with self.server_env() as env:
            visit = env["presales.showroom.visit"].search([("lead_id", "=", self.lead_id)])
            self.assertEqual((len(visit), visit.user_id.login, visit.in_showroom), (1, "sales1", True))

        # offline: the contact waits on the phone ...
        self.network(OFFLINE)
        self.tap("#floor-open-contact")
        Select(self.wait_for("#floor-contact select[name=lead_id]")).select_by_value(str(self.lead_id))
        self.type_into("#floor-contact textarea[name=summary]", "Belde over de inruil, offline")
        self.tap("#floor-contact-save")
        self.wait_until(lambda: len(self.outbox()) == 1 and self.wait_for("#floor-offline").is_displayed(),
                        "the offline contact did not wait on the phone")
        self.screenshot("3-contact-offline")
        with self.server_env() as env:
            self.assertFalse(env["presales.contact.moment"].search([("summary", "like", "offline")]))
        client_uuid = self.outbox()[0]["values"]["client_uuid"]

        # ... and is stored once when the network is back, even when sent again
        self.network(FAST_3G)
        self.wait_until(lambda: not self.outbox(), "the contact was not sent when the network came back", timeout=60)
        resend = """
            var done = arguments[arguments.length - 1];
            fetch('/floor/api/contact', {method: 'POST', credentials: 'same-origin',
                headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: {values: arguments[0]}})})
            .then(function (r) { return r.json(); }).then(done, function (error) { done({error: String(error)}); });"""
        again = self.driver.execute_async_script(resend, {
            "client_uuid": client_uuid, "lead_id": self.lead_id, "summary": "Belde over de inruil, offline"})
        with self.server_env() as env:
            moments = env["presales.contact.moment"].search([("summary", "=", "Belde over de inruil, offline")])
            self.assertEqual(len(moments), 1)
            self.assertEqual(again.get("result", again)["moment_id"], moments.id)
            self.assertEqual((moments.lead_id.id, moments.user_id.login), (self.lead_id, "sales1"))
        self.screenshot("4-contact-sent")

        # a test drive in the stock car found by its stock number, with the licence photo
        self.tap("#floor-open-drive")
        Select(self.wait_for("#floor-drive select[name=lead_id]")).select_by_value(str(self.lead_id))
        self.type_into("#floor-drive input[name=car_query]", "FLR-0421")
        self.wait_for("#floor-drive .floor-car.floor-chosen")
        photo = tempfile.NamedTemporaryFile(suffix=".jpg", delete=False)
        photo.close()
        licence_photo(photo.name)
        self.addCleanup(os.unlink, photo.name)
        self.driver.find_element(By.CSS_SELECTOR, "#floor-drive input[name=photo]").send_keys(photo.name)
        self.wait_for("#floor-photo-preview")
        self.type_into("#floor-drive input[name=licence_number]", "NL4242171")
        self.driver.execute_script(
            "document.querySelector('#floor-drive input[name=licence_expiry]').value = '2034-06-30';")
        self.screenshot("5-test-drive")
        self.tap("#floor-drive-save")
        self.wait_until(lambda: "Proefrit gepland" in self.toast(), "the test drive was not booked")
        with self.server_env() as env:
            drive = env["presales.test.drive"].search([("lead_id", "=", self.lead_id)])
            self.assertEqual((len(drive), drive.stock_vehicle_id.stock_number, drive.licence_number),
                             (1, "FLR-0421", "NL4242171"))
            self.assertTrue(drive.licence_photo)

        # find a car: this browser reads no barcodes, so the typed field alone ...
        self.tap("#floor-open-cars")
        self.assertEqual([self.wait_for("#floor-cars input[name=car_query]").is_displayed(),
                          self.driver.find_element(By.CSS_SELECTOR, "#floor-cars .floor-scan").is_displayed()],
                         [True, False])
        self.tap("#floor-cars [data-close]")
        # ... where it does (BarcodeDetector), a picture of the VIN's barcode finds the car
        self.driver.execute_script(FAKE_BARCODE_DETECTOR, "WVWZZZ1KZAW000421")
        self.tap("#floor-open-cars")
        self.tap("#floor-cars .floor-scan")
        self.driver.find_element(By.CSS_SELECTOR, "#floor-scan-input").send_keys(photo.name)
        car = self.wait_for("#floor-cars .floor-car[data-car='%d']" % self.car_id)
        self.assertIn("WVWZZZ1KZAW000421", car.text)
        self.screenshot("6-car-scanned")
        self.tap("#floor-cars [data-close]")

        # the customer leaves: checked out from the floor screen
        self.wait_for("#floor-showroom .floor-checkout")
        self.screenshot("7-in-the-showroom")
        self.tap("#floor-showroom .floor-checkout[data-visit='%d']" % visit.id)
        self.wait_until(lambda: "Uitgecheckt" in self.toast(), "the visit was not checked out")
        self.screenshot("8-checked-out")
        with self.server_env() as env:
            # the test thread's environments share their cache: read what the browser wrote
            env["presales.showroom.visit"].invalidate_cache()
            visit = env["presales.showroom.visit"].browse(visit.id)
            self.assertTrue(visit.checkout_at)
            self.assertEqual(visit.moment_id.kind, "showroom_visit")

        # on a phone /web is the floor; the floor's CRM link (/web#home) keeps the web client
        self.network(UNTHROTTLED)
        self.driver.get(self.url("/web"))
        self.wait_until(lambda: urlparse(self.driver.current_url).path == "/floor", "/web did not open the floor")
        self.driver.get(self.url("/web#home"))
        self.wait_for(".o_web_client", visible=False)
        self.assertEqual(urlparse(self.driver.current_url).path, "/web")

    def test_the_floor_at_a_desk(self):
        self.open_browser(DESKTOP)
        self.login("sales1", "sales1", lang=None)
        # at a desk the salesperson's /web is the web client, not the floor
        self.assertEqual((urlparse(self.driver.current_url).path, len(self.driver.find_elements(
            By.CSS_SELECTOR, ".o_web_client"))), ("/web", 1))
        self.driver.get(self.url("/floor"))
        self.wait_until(lambda: self.driver.execute_script(
            "return document.body.classList.contains('floor-ready')"), "the floor screen did not start")
        self.tap("#floor-open-walk-in")
        self.type_into("#floor-walk-in input[name=first_name]", "Daan")
        self.type_into("#floor-walk-in input[name=last_name]", "Desktest")
        self.type_into("#floor-walk-in input[name=email]", "daan.desktest@example.nl")
        self.tap("#floor-walk-in-next")
        self.wait_for("#floor-duplicates")
        self.tap("#floor-walk-in-next")
        self.wait_until(lambda: "Ingecheckt" in self.toast(), "the walk-in was not checked in")
        self.screenshot("desk-floor")
        with self.server_env() as env:
            lead = env["crm.lead"].search([("email_from", "=", "daan.desktest@example.nl")])
            self.assertEqual((len(lead), lead.lead_type, lead.user_id.login), (1, "walk_in", "sales1"))
            self.assertEqual(len(lead.showroom_visit_ids), 1)
        self.assertEqual(self.outbox(), [])
