import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from odoo import SUPERUSER_ID, api

from odoo.addons.queue_job.exception import RetryableJobError

from .common import DmsCase

SIMULATOR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools", "dms_simulator.py")


def simulator_port():
    """DMS_TEST_SIMULATOR_PORT, else a port nobody uses (runs of other checkouts may be testing too)."""
    if os.environ.get("DMS_TEST_SIMULATOR_PORT"):
        return int(os.environ["DMS_TEST_SIMULATOR_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SimulatorCase(DmsCase):
    """Runs tools/dms_simulator.py for the class, with the options of `simulator_args`."""

    simulator_args = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        port = simulator_port()
        cls.url = "http://127.0.0.1:%d" % port
        cls.simulator = subprocess.Popen(
            [sys.executable, os.path.abspath(SIMULATOR), "--port", str(port), "--token", "sim-token"]
            + list(cls.simulator_args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _attempt in range(50):
            try:
                urllib.request.urlopen(cls.url + "/_stats", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        cls.backend.write({"base_url": cls.url, "password": "sim-token"})
        for code in ("LEAD_WEB", "HAPPY_CALL"):  # the simulator's codes all have a default mapping
            assert cls.env["dms.moment.type"].search_count([("code", "=", code)])

    @classmethod
    def tearDownClass(cls):
        cls.simulator.terminate()
        cls.simulator.wait(10)
        super().tearDownClass()

    def exports(self):
        with urllib.request.urlopen(self.url + "/_exports", timeout=5) as response:
            return json.loads(response.read())


class TestPull(SimulatorCase):
    simulator_args = ("--moments", "30", "--fail-every", "3", "--duplicate-rate", "1")

    def test_pages_are_stored_and_the_cursor_moves_only_after_a_stored_page(self):
        from ..models import dms_backend_import
        page_size = dms_backend_import.PULL_PAGE_SIZE
        dms_backend_import.PULL_PAGE_SIZE = 20
        try:
            self.backend.dms_pull_page()  # request 1: SIM-000000..19
            first_cursor = self.backend.pull_cursor
            self.assertTrue(first_cursor.endswith("SIM-000019"))
            self.assertEqual(len(self.env["dms.moment.binding"].search([("backend_id", "=", self.backend.id)])), 20)
            self.backend.dms_pull_page()  # request 2: the rest, with SIM-000019 again (a duplicate)
            self.assertTrue(self.backend.pull_cursor.endswith("SIM-000029"))
            self.assertIn("pull failed", self.backend.dms_pull_page())  # request 3: the injected 503
            self.assertTrue(self.backend.pull_cursor.endswith("SIM-000029"), "a failed page keeps the cursor")
            self.assertIn("503", self.backend.pull_status)
            self.assertEqual(self.backend.pull_failures, 1)
            self.backend.dms_pull_page()  # request 4: nothing new
            self.assertEqual((self.backend.pull_failures, self.backend.pull_status.startswith("last pull at")),
                             (0, True))
        finally:
            dms_backend_import.PULL_PAGE_SIZE = page_size
        bindings = self.env["dms.moment.binding"].search([("backend_id", "=", self.backend.id)])
        self.assertEqual(len(bindings), 30)
        self.assertEqual(len(set(bindings.mapped("external_id"))), 30)
        self.assertEqual(set(bindings.mapped("odoo_id.origin")), {"dms"})

    def test_a_dms_that_does_not_answer_is_tried_again_later_with_one_warning(self):
        """Nothing listens: no failed job and no ERROR, one WARNING line, the failure on the backend,
        and the cron waits longer after each failure."""
        self.backend.base_url = "http://127.0.0.1:%d" % simulator_port()
        with self.assertLogs("odoo.addons.dms_connector.models.dms_backend_import", "WARNING") as logged:
            message = self.backend.dms_pull_page()
        self.assertEqual(len(logged.output), 1)
        self.assertIn("pull failed", message)
        self.assertIn("did not answer", self.backend.pull_status)
        first_wait = self.backend.next_pull_at
        self.backend.dms_pull_page()
        self.assertEqual(self.backend.pull_failures, 2)
        self.assertGreater(self.backend.next_pull_at, first_wait, "the second failure waits longer")
        self.env["dms.backend"]._cron_pull()
        jobs = self.env["queue.job"].search([("method_name", "=", "dms_pull_page")])
        self.assertNotIn([self.backend.id], jobs.mapped("record_ids"), "no pull before the back-off ran out")

    def test_the_cron_queues_pull_jobs_on_the_dms_channel(self):
        self.env["dms.backend"]._cron_pull()
        jobs = self.env["queue.job"].search([("method_name", "=", "dms_pull_page")])
        self.assertIn([self.backend.id], jobs.mapped("record_ids"))
        self.assertEqual(set(jobs.mapped("channel")), {"root.dms"})
        self.backend.enabled = False
        self.env["dms.backend"]._cron_pull()
        jobs = self.env["queue.job"].search([("method_name", "=", "dms_pull_page")])
        self.assertEqual(jobs.mapped("record_ids").count([self.backend.id]), 1, "a disabled backend is not pulled")


class TestPullLock(DmsCase):

    def test_a_running_pull_lets_pushes_store_and_makes_a_second_pull_stand_down(self):
        """In two transactions of their own, as the job runner and a push request run them: a
        pull holds its backend, a push's bindings still reference the backend at once (no wait
        that could deadlock with the pull waiting for the push's advisory lock), and a second
        pull of the backend stands down."""
        backend_id = self.env.ref("dms_connector.backend_demo").id
        with self.registry.cursor() as pull_cr, self.registry.cursor() as push_cr:
            try:
                pull = api.Environment(pull_cr, SUPERUSER_ID, {})["dms.backend"].browse(backend_id)
                self.assertTrue(pull._pull_lock())
                push_cr.execute("SET LOCAL lock_timeout = '3s'")
                # what inserting a binding of the backend locks: its row, for key share
                push_cr.execute("SELECT id FROM dms_backend WHERE id = %s FOR KEY SHARE", (backend_id,))
                self.assertEqual(push_cr.fetchone(), (backend_id,))
                second = api.Environment(push_cr, SUPERUSER_ID, {})["dms.backend"].browse(backend_id)
                self.assertFalse(second._pull_lock(), "a second pull stands down")
            finally:
                pull_cr.rollback()
                push_cr.rollback()


class TestExport(SimulatorCase):

    def test_a_new_customer_is_sent_once(self):
        partner = self.env["res.partner"].create({"firstname": "Olga", "lastname": "Out", "customer": True,
                                                  "email": "olga@example.nl"})
        partner.dms_export_customer(self.backend)
        partner.dms_export_customer(self.backend)  # a retried job
        sent = [export for export in self.exports() if export["kind"] == "customer"]
        self.assertEqual([export["data"]["email"] for export in sent], ["olga@example.nl"])
        binding = self.env["dms.partner.binding"].search([("odoo_id", "=", partner.id)])
        self.assertTrue(binding.exported)
        # the DMS's id now finds the partner when its moments come in
        self.push(self.moment("M-OUT", customer={"external_id": binding.external_id}))
        self.assertEqual(self.binding("M-OUT").odoo_id.partner_id, partner)

    def test_a_send_that_failed_is_retried_and_then_sent_once(self):
        partner = self.env["res.partner"].create({"firstname": "Rita", "lastname": "Retry", "customer": True,
                                                  "email": "rita@example.nl"})
        self.backend.base_url = "http://127.0.0.1:%d" % simulator_port()  # nobody listens: the DMS is down
        with self.assertRaises(RetryableJobError):
            partner.dms_export_customer(self.backend)
        self.assertFalse(self.env["dms.partner.binding"].search([("odoo_id", "=", partner.id)]),
                         "a failed send leaves nothing that would stop the retry")
        self.backend.base_url = self.url
        partner.dms_export_customer(self.backend)  # the job's retry
        partner.dms_export_customer(self.backend)  # and once more: nothing is sent
        sent = [export for export in self.exports()
                if export["kind"] == "customer" and export["data"]["email"] == "rita@example.nl"]
        self.assertEqual(len(sent), 1)

    def test_a_customer_deleted_before_its_export_job_ran_sends_nothing(self):
        partner = self.env["res.partner"].create({"firstname": "Gone", "lastname": "Before", "customer": True,
                                                  "email": "gone@example.nl"})
        partner.unlink()
        self.assertIn("nothing sent", partner.dms_export_customer(self.backend))
        self.assertFalse([export for export in self.exports() if export["data"].get("email") == "gone@example.nl"])

    def test_creating_a_customer_queues_its_export_job(self):
        Partner = self.env["res.partner"].with_context(connector_no_export=False)
        partner = Partner.create({"firstname": "Jobbe", "lastname": "Queued", "customer": True})
        jobs = self.env["queue.job"].search([("method_name", "=", "dms_export_customer")])
        self.assertIn([partner.id], jobs.mapped("record_ids"))
        self.assertEqual(set(jobs.mapped("channel")), {"root.dms"})

    def send_all(self):
        """Run the queued outbound messages as the job runner would (twice: a retried job)."""
        messages = self.env["dms.outbound.message"].search([("backend_id", "=", self.backend.id)])
        for message in messages:
            message.dms_send()
            message.dms_send()
        return messages

    def events(self, event=None):
        with urllib.request.urlopen(self.url + "/_events", timeout=5) as response:
            return [item for item in json.loads(response.read()) if event is None or item["event"] == event]

    def import_lead(self):
        with open(os.path.join(os.path.dirname(__file__), "..", "lib", "tests", "samples", "adf_basic.xml"),
                  "rb") as handle:
            self.backend._import_body(handle.read(), "application/xml")
        return self.env["dms.lead.binding"].search([("backend_id", "=", self.backend.id)], limit=1)

    def test_a_sales_up_status_change_is_sent_once(self):
        binding = self.import_lead()
        lead = binding.odoo_id.with_context(connector_no_export=False)
        lead.write({"lead_status": "hot", "user_id": self.sales_a.id})
        lead.write({"lead_status": "hot"})  # nothing changed: nothing more to say
        self.send_all()
        sent = [item for item in self.events("status") if item["record"]["id"] == lead.id]
        self.assertEqual(len(sent), 1)
        self.assertEqual({key: sent[0]["payload"][key] for key in ("owner", "status", "outcome")},
                         {"owner": "sales_a", "status": "hot", "outcome": "open"})
        self.assertEqual(sent[0]["record"]["external_id"], binding.external_id)
        received = [item for item in self.events("received") if item["record"]["id"] == lead.id]
        self.assertEqual(len(received), 1, "the lead was acknowledged once")

    def test_the_outcome_sent_is_the_lifecycle_state(self):
        """A sales up the salesperson marks "bought elsewhere" is lost for the DMS too, while
        it is still active in Odoo: the lost message goes once."""
        lead = self.import_lead().odoo_id.with_context(connector_no_export=False)
        reason = self.env["crm.lost.reason"].create({"name": "Bought a used car elsewhere"})
        lead.write({"lead_status": "bought_elsewhere", "lost_reason": reason.id})
        self.assertTrue(lead.active)
        lead.write({"user_id": self.sales_b.id})  # a new owner: a status message, no second "lost"
        self.send_all()

        def mine(event):
            return [item for item in self.events(event) if item["record"]["id"] == lead.id]

        self.assertEqual(mine("status")[-1]["payload"]["outcome"], "lost")
        self.assertEqual(len(mine("lost")), 1)
        self.assertEqual(mine("lost")[0]["payload"]["lost_reason"], "Bought a used car elsewhere")

    def test_appointment_test_drive_and_offer_reach_the_sender_once(self):
        """What a salesperson does on a sales up from a lead sender reaches the sender once each:
        an appointment, a test drive (its booking, its agenda entry and its contact moment are one
        fact), an offer. A send that failed is retried and delivered once; a job run again after
        the send sends nothing."""
        lead = self.import_lead().odoo_id
        if not lead.partner_id:  # a drive is booked for a customer
            lead.partner_id = self.customer_a
        Calendar = self.env["calendar.event"].with_context(connector_no_export=False)
        Calendar.create({"name": "Trade-in appraisal", "opportunity_id": lead.id, "user_id": self.sales_a.id,
                         "start": "2026-12-10 09:00:00", "stop": "2026-12-10 10:00:00"})
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "Volta"})
        car = self.env["fleet.vehicle"].create({
            "model_id": self.env["fleet.vehicle.model"].create({"name": "Van", "brand_id": brand.id}).id,
            "license_plate": "DMS-1"})
        drive = self.env["presales.test.drive"].with_context(connector_no_export=False).create({
            "lead_id": lead.id, "partner_id": lead.partner_id.id, "fleet_vehicle_id": car.id,
            "user_id": self.sales_a.id, "start_datetime": "2026-12-11 10:00:00",
            "stop_datetime": "2026-12-11 11:00:00", "licence_number": "B-1", "licence_expiry": "2035-01-01"})
        self.assertTrue(drive.calendar_event_id, "the drive is in the agenda too")
        offer = lead.with_context(connector_no_export=False)._presales_log_moment("offer_sent", "Offer sent")
        offer._dms_notify_logged()  # noticed twice: still one fact
        messages = self.env["dms.outbound.message"].search([("backend_id", "=", self.backend.id),
                                                            ("event", "in", ("appointment", "test_drive", "offer"))])
        self.assertEqual(sorted(messages.mapped("event")), ["appointment", "offer", "test_drive"])
        self.assertEqual(set(messages.mapped("res_model")), {"crm.lead"})
        self.assertEqual(set(messages.mapped("res_id")), {lead.id})

        self.backend.base_url = "http://127.0.0.1:%d" % simulator_port()  # nobody listens: the DMS is down
        for message in messages:
            with self.assertRaises(RetryableJobError):
                message.dms_send()
        self.assertEqual(set(messages.mapped("state")), {"pending"})
        self.backend.base_url = self.url
        self.send_all()  # the jobs' retries, each run twice
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        for event in ("appointment", "test_drive", "offer"):
            sent = [item for item in self.events(event) if item["record"]["id"] == lead.id]
            self.assertEqual(len(sent), 1, event)
            self.assertEqual(sent[0]["record"]["external_id"], messages.filtered(
                lambda message, event=event: message.event == event).external_id)
        with urllib.request.urlopen(self.url + "/_stats", timeout=5) as response:
            self.assertEqual(json.loads(response.read())["duplicate_events"], 0)
