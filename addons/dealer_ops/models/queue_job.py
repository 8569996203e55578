import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class QueueJob(models.Model):
    """Jobs whose worker died are run again.

    queue_job 11.0 runs a job inside an HTTP worker (/queue_job/runjob) after marking it started; a
    worker killed mid-job (out of memory, a SIGKILL, PostgreSQL restarted under it) leaves the job
    'started' for ever, and its garbage collector requeues only jobs stuck in 'enqueued'. The
    worker's database session is its pulse: the session that marks a job started is the one the job
    runs in, and PostgreSQL ends it when its process dies. A started job whose session is gone died
    with it and is put back in the queue; its work was rolled back with its transaction (DMS imports
    store a page in one transaction and are idempotent), so running it again stores each record once.
    """

    _inherit = "queue.job"

    worker_backend_pid = fields.Integer(
        "Worker's database session", readonly=True,
        help="PostgreSQL's process id of the session the job runs in, while it runs.")
    worker_backend_start = fields.Datetime(
        "Worker's session started", readonly=True,
        help="When that session began: a process id alone may have been reused by another session.")

    @api.multi
    def write(self, vals):
        if vals.get("state") == "started":
            self.env.cr.execute("""
                SELECT pid, to_char(backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')
                  FROM pg_stat_activity WHERE pid = pg_backend_pid()""")
            pid, started = self.env.cr.fetchone()
            vals = dict(vals, worker_backend_pid=pid, worker_backend_start=started)
        elif "state" in vals:
            vals = dict(vals, worker_backend_pid=False, worker_backend_start=False)
        return super(QueueJob, self).write(vals)

    @api.model
    def _requeue_jobs_of_dead_workers(self):
        """Cron: put back in the queue the started jobs whose worker's session has ended."""
        self.env.cr.execute("""
            SELECT job.id FROM queue_job job
             WHERE job.state = 'started' AND job.worker_backend_pid IS NOT NULL
               AND NOT EXISTS (
                   SELECT 1 FROM pg_stat_activity activity
                    WHERE activity.pid = job.worker_backend_pid
                      AND date_trunc('second', activity.backend_start AT TIME ZONE 'UTC') = job.worker_backend_start)
             FOR UPDATE OF job SKIP LOCKED""")
        jobs = self.browse([row[0] for row in self.env.cr.fetchall()])
        for job in jobs:
            _logger.warning("job %s (%s): its worker died while it ran; put back in the queue", job.uuid, job.name)
        jobs.requeue()
        return True
