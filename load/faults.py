"""The four faults of `make load FAULTS=1`, each while the load runs, and how each is judged.

1. worker_kill: SIGKILL one HTTP worker (prefork replaces it): the server answers again, no user
   sees more than one failed request, and every acknowledged moment is stored (checked at the end).
2. pg_restart: PostgreSQL down for 10 s (scripts/stack.sh pg-bounce): pushers get 503 + Retry-After
   and send again, users get an error answer (not a hang or a dropped connection), and the same server
   serves again without a restart.
3. job_kill: SIGKILL the process that runs a DMS pull job mid-import: the job is run again and
   stores each pulled moment once (dealer_ops puts the jobs of dead workers back in the queue).
4. disk_full: the filestore's (size-limited) disk filled to its limit: uploads are refused with a
   clear message, nothing else fails, and no document is left without its file.
The database is read with psycopg2 as the role Odoo uses (the PG* variables scripts/stack.sh exports).
"""
# pylint: disable=print-used  # part of a command-line tool: stdout is its output
import errno
import json
import logging
import os
import signal
import subprocess
import time

import gevent
import psutil
import psycopg2
import requests

import loadlib

_logger = logging.getLogger("load.faults")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# when each fault happens, as a fraction of the run, and how long its effects are watched
SCHEDULE = (("worker_kill", 0.15, 60), ("pg_restart", 0.3, 60), ("job_kill", 0.5, 150), ("disk_full", 0.75, 45))


class RpcFailure(Exception):
    pass


class Rpc(object):
    """A JSON-RPC client for the orchestration (the file import, the checks): not timed."""

    def __init__(self, session, url, db, login, password):
        self.session, self.url = session, url
        result = self._post("/web/session/authenticate", {"db": db, "login": login, "password": password})
        self.uid = result["uid"]

    def _post(self, path, params):
        response = self.session.post(self.url + path, json={"jsonrpc": "2.0", "method": "call", "params": params},
                                     timeout=300)
        payload = response.json() if response.status_code == 200 else None
        if not payload or payload.get("error"):
            raise RpcFailure("%s %s: %s" % (path, response.status_code, json.dumps(payload and payload.get("error"))))
        return payload["result"]

    def call(self, model, method, *args, **kwargs):
        return self._post("/web/dataset/call_kw/%s/%s" % (model, method),
                          {"model": model, "method": method, "args": list(args), "kwargs": kwargs})


class Database(object):
    """Short reads of the load database as Odoo's role (a new connection each: it survives a restart)."""

    def _connect(self, db):
        # host, port, role and password from the PG* variables scripts/stack.sh exports
        return psycopg2.connect(dbname=db, connect_timeout=5)

    def query(self, db, sql, params=()):
        connection = self._connect(db)
        try:
            with connection.cursor() as cr:
                cr.execute(sql, params)
                return cr.fetchall()
        finally:
            connection.close()

    def execute(self, db, sql, params=()):
        connection = self._connect(db)
        try:
            with connection.cursor() as cr:
                cr.execute(sql, params)
            connection.commit()
        finally:
            connection.close()

    def deadlocks(self, db):
        return self.query(db, "SELECT deadlocks FROM pg_stat_database WHERE datname = %s", (db,))[0][0]

    def stored(self, db, backend_id, external_ids):
        """How many of these external ids have their moment stored (binding and moment)."""
        if not external_ids:
            return 0
        return self.query(db, """
            SELECT count(DISTINCT binding.external_id) FROM dms_moment_binding binding
              JOIN presales_contact_moment moment ON moment.id = binding.odoo_id
             WHERE binding.backend_id = %s AND binding.external_id = ANY(%s)""", (backend_id, list(external_ids)))[0][0]


def _healthy(url, seconds):
    """True once /dealer/health answers 200 within seconds (polled every half second)."""
    bound = loadlib.Bounded(int(seconds * 2) + 1, seconds)
    while bound.next():
        try:
            status = requests.get(url + "/dealer/health", timeout=5).status_code
        except requests.RequestException as error:
            status = str(error)
        if status == 200:
            return True
        _logger.debug("health: %s", status)
        gevent.sleep(0.5)
    return False


class Injector(object):
    def __init__(self, run, database, args):
        self.load, self.database, self.args = run, database, args
        self.outcomes = []  # (name, at seconds, survived, detail)
        self.master = psutil.Process(args.server_pid) if args.server_pid else None
        self.http_port = int(args.url.rsplit(":", 1)[1])

    def run_all(self):
        started = self.load.recorder.started
        for name, fraction, watch in SCHEDULE:
            gevent.sleep(max(0.0, started + fraction * self.args.minutes * 60 - time.time()))
            if not self.load.bound.next():
                break
            at = time.time() - started
            self.load.recorder.mark(name)
            try:
                survived, detail = getattr(self, name)(at, watch)
            except (OSError, psutil.Error, psycopg2.Error, subprocess.SubprocessError, RpcFailure) as error:
                survived, detail = False, "the fault could not be run: %s" % error
            self.outcomes.append((name, round(at), survived, detail))
            print("FAULT %s at %ds: %s (%s)" % (name, at, "survived" if survived else "NOT survived", detail),
                  flush=True)

    # ---- the faults ----

    def _workers(self):
        """The master's HTTP workers: children with the HTTP socket that run no job (a cron
        worker closes it; the long-polling server has a port of its own)."""
        workers = []
        for child in self.master.children():
            ports = {conn.laddr.port for conn in child.connections(kind="tcp") if conn.status == psutil.CONN_LISTEN}
            if self.http_port in ports:
                workers.append(child)
        return workers

    def _users_failures(self, since, until):
        failures = {}
        for _at, kind, _ms, _outcome, user in self.load.recorder.errors(since, until):
            if kind not in ("dms_push", "longpolling") and user:
                failures[user] = failures.get(user, 0) + 1
        return failures

    def worker_kill(self, at, watch):
        workers = self._workers()
        if not workers:
            return False, "no HTTP worker found"
        victim = workers[0]
        victim.send_signal(signal.SIGKILL)
        # serving again: /dealer/health answers (behind the queue of the users' requests)
        healthy = _healthy(self.args.url, 2 * watch)
        gevent.sleep(max(0.0, self.load.recorder.started + at + watch - time.time()))
        failures = self._users_failures(at, at + watch)
        replaced = len(self._workers()) >= len(workers)
        worst = max(failures.values()) if failures else 0
        return healthy and replaced and worst <= 1, (
            "worker %d killed; serving again: %s; replaced: %s; most failed requests of one user: %d"
            % (victim.pid, healthy, replaced, worst))

    def pg_restart(self, at, watch):
        environ = {name: value for name, value in os.environ.items() if not name.startswith("PG")}
        process = subprocess.Popen([os.path.join(ROOT, "scripts", "stack.sh"), "pg-bounce", "10"], env=environ,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        bound = loadlib.Bounded(600, 120)
        while process.poll() is None and bound.next():
            gevent.sleep(0.2)
        output = process.stdout.read().decode(errors="replace").strip()
        if process.returncode != 0:
            return False, "pg-bounce failed: %s" % output[-300:]
        healthy = _healthy(self.args.url, 2 * watch)
        same_server = self.master.is_running()
        gevent.sleep(max(0.0, self.load.recorder.started + at + watch - time.time()))
        # a user's failed request while the database was down is an answer with a message (503 or a
        # JSON-RPC error), never a dropped connection or a 500
        unclear = [sample for sample in self.load.recorder.errors(at, at + watch)
                   if sample[1] not in ("dms_push", "longpolling") and sample[3] == "error"]
        deferred = sum(1 for sample in self.load.recorder.samples
                       if sample[1] == "dms_push" and sample[3] == "expected" and at <= sample[0] < at + watch)
        announced = sum(1 for when in self.load.unavailable if at <= when < at + watch)
        return healthy and same_server, (
            "down 10 s; serving again without a restart: %s; pushes deferred (503): %d; users' failed requests: "
            "%d, of which %d answered 503 with the message 'database restarting, try again'"
            % (healthy and same_server, deferred, len(unclear), announced))

    def _pull_job(self, seconds):
        bound = loadlib.Bounded(int(seconds * 5), seconds)
        while bound.next():
            rows = self.database.query(self.args.database, """
                SELECT id, uuid, worker_backend_pid FROM queue_job
                 WHERE method_name = 'dms_pull_page' AND state = 'started' AND worker_backend_pid IS NOT NULL
                 ORDER BY id DESC LIMIT 1""")
            if rows:
                return rows[0]
            gevent.sleep(0.2)
        return None

    def job_kill(self, at, watch):
        # the DMS's backlog is read again from its start: as an administrator would by clearing the
        # cursor and running the scheduled pull now (the cron worker starts it within a minute)
        self.database.execute(self.args.database, """
            UPDATE dms_backend SET pull_cursor = NULL, next_pull_at = NULL WHERE id = %s;
            UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC'
             WHERE id = (SELECT res_id FROM ir_model_data WHERE module = 'dms_connector' AND name = 'cron_dms_pull')""",
                              (self.load.state["backend_id"],))
        job = self._pull_job(120)
        if not job:
            return False, "no DMS pull job ran within 120 s"
        job_id, uuid, backend_pid = job
        rows = self.database.query(self.args.database,
                                   "SELECT client_port FROM pg_stat_activity WHERE pid = %s", (backend_pid,))
        if not rows:
            return False, "job %s: its database session is gone already" % uuid
        port = rows[0][0]
        victim = [child for child in self.master.children()
                  if any(conn.laddr.port == port for conn in child.connections(kind="tcp"))]
        if not victim:
            return False, "job %s: no process of the server holds its database session" % uuid
        victim[0].send_signal(signal.SIGKILL)
        bound = loadlib.Bounded(int(watch), watch)
        state = None
        while bound.next():
            state = self.database.query(
                self.args.database, "SELECT state FROM queue_job WHERE id = %s", (job_id,))[0][0]
            if state == "done":
                break
            gevent.sleep(1)
        total, distinct = self.database.query(self.args.database, """
            SELECT count(*), count(DISTINCT binding.external_id) FROM dms_moment_binding binding
             WHERE binding.backend_id = %s AND binding.external_id LIKE 'SIM-%%'""", (
                self.load.state["backend_id"],))[0]
        return state == "done" and total == distinct, (
            "worker %d killed while job %s imported a page; the job ran again: %s; pulled moments stored %d, "
            "each once: %s" % (victim[0].pid, uuid, state == "done", total, total == distinct))

    def disk_full(self, at, watch):
        folder = self.args.filestore
        if not folder or not os.path.ismount(folder):
            return False, "the filestore %s is not a size-limited mount (scripts/stack.sh load mounts one)" % folder
        ballast = os.path.join(folder, "load-ballast")
        chunk = b"\0" * (1 << 20)
        bound = loadlib.Bounded(1 << 16, 60)
        with open(ballast, "wb") as handle:
            while bound.next():
                try:
                    handle.write(chunk)
                    handle.flush()
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
        gevent.sleep(max(0.0, self.load.recorder.started + at + watch - time.time()))
        os.remove(ballast)
        window = [sample for sample in self.load.recorder.samples if at <= sample[0] < at + watch]
        uploads = [sample for sample in window if sample[1] == "upload"]
        refused = sum(1 for sample in uploads if sample[3] == "expected")
        others_failed = sum(1 for sample in window if sample[1] not in ("upload",) and sample[3] == "error")
        missing = self.missing_files()
        return bool(uploads) and refused == len(uploads) and not others_failed and not missing, (
            "filestore full for %d s: uploads %d, refused with a message %d; other requests failed %d; "
            "documents without their file %d" % (watch, len(uploads), refused, others_failed, missing))

    def missing_files(self):
        rows = self.database.query(self.args.database, """
            SELECT store_fname, file_size FROM ir_attachment
             WHERE store_fname IS NOT NULL AND res_model = 'crm.lead' AND create_date > now() - interval '1 hour'""")
        missing = 0
        for store_fname, size in rows:
            path = os.path.join(self.args.filestore, store_fname)
            if not os.path.isfile(path) or (size is not None and os.path.getsize(path) != size):
                missing += 1
        return missing

    def figures(self, pushed, stored):
        survived = sum(1 for outcome in self.outcomes if outcome[2])
        return {"faults_survived": survived, "lost_after_faults": len(pushed) - stored + self.missing_files()}
