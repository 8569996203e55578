import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import DmsCase


class TestDmsBackend(DmsCase):

    def test_the_api_key_is_returned_once_and_kept_as_a_hash(self):
        backend = self.backend.sudo(self.director)
        key = backend.generate_api_key()
        self.assertGreaterEqual(len(key), 40)
        stored = self.backend.sudo().api_key_hash
        self.assertEqual(len(stored), 64)
        self.assertNotIn(key, stored)
        self.assertTrue(self.backend.check_api_key(key))
        self.assertFalse(self.backend.check_api_key(key[:-1] + "x"))
        self.assertFalse(self.backend.check_api_key(""))
        self.assertTrue(backend.api_key_set)

    def test_a_new_api_key_replaces_the_old_one(self):
        old_key = self.backend.generate_api_key()
        new_key = self.backend.generate_api_key()
        self.assertNotEqual(old_key, new_key)
        self.assertFalse(self.backend.check_api_key(old_key))
        self.assertTrue(self.backend.check_api_key(new_key))

    def test_the_form_shows_the_key_in_an_unsaved_dialog(self):
        action = self.backend.sudo(self.director).action_generate_api_key()
        self.assertEqual(action["target"], "new")
        self.assertNotIn("res_id", action)
        self.assertTrue(self.backend.check_api_key(action["context"]["default_api_key"]))
        self.assertFalse(self.env["dms.api.key.wizard"].search([]))

    def test_the_code_is_a_unique_slug(self):
        with self.assertRaises(ValidationError):
            self.env["dms.backend"].create({"name": "Bad", "code": "Has Spaces"})
        with self.assertRaises(psycopg2.IntegrityError) as caught, mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["dms.backend"].create({"name": "Twin", "code": "group-dms"})
        self.assertIn("code_uniq", str(caught.exception))

    def test_managers_and_salespeople_have_no_access_to_backends(self):
        for user in (self.manager_a, self.sales_a):
            with self.assertRaises(AccessError):
                self.env["dms.backend"].sudo(user).search([])
            with self.assertRaises(AccessError):
                self.env["dms.backend"].sudo(user).create({"name": "Sneaky", "code": "sneaky"})
            with self.assertRaises(AccessError):
                self.backend.sudo(user).generate_api_key()
            for model in ("dms.moment.type", "dms.quarantine", "dms.moment.binding", "dms.site.map"):
                with self.assertRaises(AccessError):
                    self.env[model].sudo(user).search([])

    def test_dms_jobs_have_their_own_queue_channel(self):
        self.assertEqual(self.env.ref("dms_connector.channel_dms").complete_name, "root.dms")


class TestBackendLock(DmsCase):

    def test_an_import_that_waited_for_the_lock_starts_over(self):
        """The waiting transaction's snapshot predates the other's commit: it must not go on."""
        import threading
        from odoo import registry
        from ..models.dms_backend import LOCK_NAMESPACE, DmsBackendBusy
        other = registry(self.env.cr.dbname).cursor()
        try:
            other.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, self.backend.id))
            threading.Timer(0.3, other.rollback).start()
            with self.assertRaises(DmsBackendBusy):
                self.backend._import_body(b'{"external_id": "L-1", "type_code": "VISIT", '
                                          b'"occurred_at": "2026-11-02"}')
        finally:
            other.close()
        self.backend._lock()  # free again, and taken twice in one transaction is fine
        self.backend._lock()

    def test_busy_is_retried_by_jobs_and_told_to_people(self):
        """A job retries on it; a director who pulls by hand sees a message, not a server error."""
        from odoo.addons.queue_job.exception import RetryableJobError
        from ..models.dms_backend import DmsBackendBusy
        busy = DmsBackendBusy("DMS backend demo: another import was running; run again.")
        self.assertIsInstance(busy, RetryableJobError)
        self.assertIsInstance(busy, UserError)
        self.assertEqual(busy.name, "DMS backend demo: another import was running; run again.")
