import base64
import errno
from unittest import mock

from odoo.addons.queue_job.job import Job
from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase


class TestJobsOfDeadWorkers(SavepointCase):
    """A started job whose worker's database session has ended is put back in the queue; a job
    whose worker still runs is left alone (models/queue_job.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.env["res.partner"].create({"name": "Job owner"})
        cls.running = Job(partner.write, args=({"comment": "running"},))
        cls.running.store()
        cls.dead = Job(partner.write, args=({"comment": "dead"},))
        cls.dead.store()
        cls.Job = cls.env["queue.job"]

    def _record(self, job):
        return self.Job.search([("uuid", "=", job.uuid)])

    def test_a_job_of_a_dead_worker_is_queued_again_and_a_running_one_is_not(self):
        running, dead = self._record(self.running), self._record(self.dead)
        (running | dead).write({"state": "started"})
        # the session recorded is the one that marked the job started: this test's, alive
        self.env.cr.execute("SELECT pg_backend_pid()")
        session = self.env.cr.fetchone()[0]
        self.assertEqual(running.worker_backend_pid, session)
        # the other job's worker died: its session is no more (no session has pid 0)
        dead.write({"worker_backend_pid": 0})
        self.Job._requeue_jobs_of_dead_workers()
        self.assertEqual(running.state, "started")
        self.assertEqual(dead.state, "pending")
        self.assertFalse(dead.worker_backend_pid)

    def test_a_reused_process_id_is_not_taken_for_the_worker(self):
        job = self._record(self.dead)
        job.write({"state": "started"})
        job.write({"worker_backend_start": "2001-01-01 00:00:00"})
        self.Job._requeue_jobs_of_dead_workers()
        self.assertEqual(job.state, "pending")


class TestFullFilestore(SavepointCase):
    """A document the filestore cannot take is refused with a message that names it, and no
    document is left without its file (models/ir_attachment.py)."""

    def test_an_upload_to_a_full_disk_is_refused_and_leaves_nothing(self):
        Attachment = self.env["ir.attachment"]
        content = base64.b64encode(b"scan of a driving licence %d" % id(self))
        before = Attachment.search_count([])
        real_open = open

        def full_disk(path, mode="r", *args, **kwargs):
            if "w" in mode and "/filestore/" in str(path):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_open(path, mode, *args, **kwargs)

        with mock.patch("builtins.open", full_disk):
            with self.assertRaises(UserError) as refused:
                with self.env.cr.savepoint():
                    Attachment.create({"name": "licence.pdf", "datas": content, "datas_fname": "licence.pdf"})
        self.assertIn("licence.pdf", str(refused.exception.name))
        self.assertIn("No space left on device", str(refused.exception.name))
        self.assertEqual(Attachment.search_count([]), before)
        # with room again the same document is stored whole
        stored = Attachment.create({"name": "licence.pdf", "datas": content, "datas_fname": "licence.pdf"})
        self.assertEqual(base64.b64decode(stored.datas), base64.b64decode(content))
