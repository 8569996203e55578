"""A throw-away PostgreSQL cluster for fault tests that stop or restart the database.

The project's cluster is shared (other runs, the demo): a test that restarts PostgreSQL makes its
own on a free port, copies the acceptance database into it (pg_dump | pg_restore) and serves it
with its own Odoo. As root the cluster belongs to the `postgres` user (initdb refuses root), as
`scripts/stack.sh` does for the shared one, and lives under /var/tmp (the postgres user may not
enter .local); otherwise under .local/tmp. Like the shared cluster it asks every connection for a
password (scram-sha-256), one generated for it.
"""
import os
import secrets
import shutil
import subprocess
import tempfile

import psycopg2

from .support import ROOT, OdooServer, database_environ, free_port

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
ROLE = "odoo"


def _as_owner(args, **kwargs):
    if os.getuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + list(args)
    return subprocess.run(args, check=True, cwd="/", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)


class ThrowawayCluster:
    """initdb into a temporary folder under .local/, start/stop/restart with pg_ctl, remove."""

    def __init__(self):
        if os.getuid() == 0:
            base = "/var/tmp"
        else:
            base = os.path.join(ROOT, ".local", "tmp")
            os.makedirs(base, mode=0o700, exist_ok=True)
        self.home = tempfile.mkdtemp(prefix="dealer-pg-throwaway-", dir=base)
        self.data = os.path.join(self.home, "data")
        self.sockets = os.path.join(self.home, "run")
        self.log = os.path.join(self.home, "postgres.log")
        self.port = free_port()
        self.password = secrets.token_urlsafe(24)
        os.makedirs(self.sockets)
        password_file = os.path.join(self.home, "initdb-password")
        with os.fdopen(os.open(password_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as handle:
            handle.write(self.password + "\n")
        if os.getuid() == 0:
            for path in (self.home, self.sockets, password_file):
                shutil.chown(path, "postgres", "postgres")
        try:
            _as_owner([os.path.join(PG_BIN, "initdb"), "-D", self.data, "-A", "scram-sha-256",
                       "--pwfile=" + password_file, "-U", ROLE, "-E", "UTF8", "--locale=C.UTF-8"])
        finally:
            os.unlink(password_file)

    @property
    def environ(self):
        """The environment for PostgreSQL's tools to reach this cluster."""
        return dict(os.environ, PGHOST="127.0.0.1", PGPORT=str(self.port), PGUSER=ROLE, PGPASSWORD=self.password)

    def pg_ctl(self, *args):
        _as_owner([os.path.join(PG_BIN, "pg_ctl"), "-D", self.data, "-l", self.log, "-w",
                   "-o", "-p %d -k %s -c listen_addresses=127.0.0.1" % (self.port, self.sockets)] + list(args))

    def start(self):
        self.pg_ctl("start")

    def stop(self, mode="fast"):
        self.pg_ctl("-m", mode, "stop")

    def restart(self, mode="fast"):
        self.pg_ctl("-m", mode, "restart")

    def connect(self, db):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user=ROLE, password=self.password, dbname=db)

    def copy_database(self, source, target):
        """Copy `source` of the server Odoo uses (the shared cluster) into this one as `target`."""
        subprocess.run([os.path.join(PG_BIN, "createdb"), target], env=self.environ, check=True)
        dump = subprocess.Popen([os.path.join(PG_BIN, "pg_dump"), "-Fc", "-Z0", source], env=database_environ(),
                                stdout=subprocess.PIPE)
        subprocess.run([os.path.join(PG_BIN, "pg_restore"), "--no-owner", "-d", target], env=self.environ,
                       stdin=dump.stdout, check=True)
        dump.stdout.close()
        if dump.wait() != 0:
            raise RuntimeError("pg_dump of %s failed" % source)

    def remove(self):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self.stop("immediate")
        shutil.rmtree(self.home, ignore_errors=True)


class ClusterServer(OdooServer):
    """An Odoo on the throw-away cluster, with a data folder of its own (filestore, sessions)."""

    def __init__(self, cluster, db, source_db):
        data_dir = os.path.join(cluster.home, "odoo-data")
        filestore = os.path.join(ROOT, ".local", "data", "filestore", source_db)
        if os.path.isdir(filestore):
            shutil.copytree(filestore, os.path.join(data_dir, "filestore", db))
        super().__init__(db, free_port(), extra_args=[
            "--data-dir", data_dir, "--max-cron-threads", "0", "--load", "web"], environ={
                "PGHOST": "127.0.0.1", "PGPORT": str(cluster.port), "PGUSER": ROLE, "PGPASSWORD": cluster.password},
            log_path=os.path.join(ROOT, ".local", "log", "acceptance-pgrestart-%d.log" % cluster.port))
