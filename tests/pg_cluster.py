"""A throw-away PostgreSQL cluster for fault tests that stop or restart the database.

The project's cluster is shared (other runs, the demo): a test that restarts PostgreSQL makes its
own under `.local/` on a free port, copies the acceptance database into it (pg_dump | pg_restore)
and serves it with its own Odoo. As root the cluster belongs to the `postgres` user (initdb
refuses root), as `scripts/stack.sh` does for the shared one.
"""
import os
import shutil
import subprocess
import tempfile

import psycopg2

from .support import ROOT, OdooServer, free_port

PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
ROLE = "odoo"


def _as_owner(args, **kwargs):
    if os.getuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + list(args)
    return subprocess.run(args, check=True, cwd="/", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)


class ThrowawayCluster:
    """initdb into a temporary folder under .local/, start/stop/restart with pg_ctl, remove."""

    def __init__(self):
        base = os.path.join(ROOT, ".local", "tmp")
        os.makedirs(base, exist_ok=True)
        self.home = tempfile.mkdtemp(prefix="pg-throwaway-", dir=base)
        self.data = os.path.join(self.home, "data")
        self.sockets = os.path.join(self.home, "run")
        self.log = os.path.join(self.home, "postgres.log")
        self.port = free_port()
        os.makedirs(self.sockets)
        if os.getuid() == 0:
            shutil.chown(self.home, "postgres", "postgres")
            shutil.chown(self.sockets, "postgres", "postgres")
        _as_owner([os.path.join(PG_BIN, "initdb"), "-D", self.data, "-A", "trust", "-U", ROLE, "-E", "UTF8",
                   "--locale=C.UTF-8"])

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
        return psycopg2.connect(host="127.0.0.1", port=self.port, user=ROLE, dbname=db)

    def copy_database(self, source, target, source_env=None):
        """Copy `source` of the shared cluster (PG* of the environment) into this one as `target`."""
        env = dict(os.environ, **(source_env or {}))
        subprocess.run([os.path.join(PG_BIN, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", ROLE,
                        target], check=True)
        dump = subprocess.Popen([os.path.join(PG_BIN, "pg_dump"), "-Fc", "-Z0", source], env=env,
                                stdout=subprocess.PIPE)
        subprocess.run([os.path.join(PG_BIN, "pg_restore"), "-h", "127.0.0.1", "-p", str(self.port), "-U", ROLE,
                        "--no-owner", "-d", target], stdin=dump.stdout, check=True)
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
            "--db_host", "127.0.0.1", "--db_port", str(cluster.port), "--db_user", ROLE,
            "--data-dir", data_dir, "--max-cron-threads", "0", "--load", "web"],
            log_path=os.path.join(ROOT, ".local", "log", "acceptance-pgrestart-%d.log" % cluster.port))
