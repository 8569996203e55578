"""Acceptance tests: the real server, driven over HTTP/JSON-RPC as the demo users.

Fixtures
- `odoo_server` (session): `bin/odoo` serving the acceptance database on its own port, stopped at
  the end; `.url`, `.db`, `.port`. `odoo_server.spawn(port=None, extra_args=())` starts one more
  server on the same database (another port) for fault tests; it has `.stop()`, `.kill()` (kill -9),
  `.start()` and is stopped at the end of the session whatever the test did.
- `rpc` (factory): `rpc("sales1")` is a client logged in as that demo user (password = login),
  `rpc("sales1", server=other)` talks to another server; see `support.RpcClient`.

The database: `ODOO_ACCEPTANCE_DB` (`make test` sets it to its test database, where our addons and
their demo data are installed). Without it, a fresh database is made from the template with our
addons and demo data (`scripts/stack.sh acceptance-db`) and dropped at the end.
Ports: `ODOO_ACCEPTANCE_PORT` for the main server, `ODOO_ACCEPTANCE_PORT_RANGE` ("8530-8560") for
the others; otherwise free ports the kernel picks.

The demo DMS backend exports customers and pulls moments on its own (listener, cron, job runner):
for the whole session it talks to a DMS simulator (`tools/dms_simulator.py`, no moments, takes
exports), and after each test that pointed it elsewhere it is pointed back. Otherwise its jobs
retry against a closed port and fail with ERROR lines minutes later, in whatever test runs then.
"""
import os
import subprocess
import sys
import time

import psycopg2
import pytest
import requests

from .support import LOG_DIR, ROOT, OdooServer, RpcClient, database_environ, free_port

SESSION_DMS_TOKEN = "acceptance-session-token"


def _stack(*args):
    subprocess.run([os.path.join(ROOT, "scripts", "stack.sh")] + list(args), cwd=ROOT, check=True)


class AcceptanceServer(OdooServer):
    """The session's server; it also keeps track of the extra servers tests spawn."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spawned = []

    def spawn(self, port=None, extra_args=()):
        server = OdooServer(self.db, port or free_port(), config=self.config, extra_args=extra_args)
        self.spawned.append(server)
        return server.start()


@pytest.fixture(scope="session")
def odoo_server():
    db = os.environ.get("ODOO_ACCEPTANCE_DB")
    port = int(os.environ.get("ODOO_ACCEPTANCE_PORT") or 0) or free_port()
    own_db = not db
    if own_db:
        db = "%s_acceptance_%d" % (os.environ.get("ODOO_TEST_DB", "dealer_test"), os.getpid())
        _stack("acceptance-db", db, str(port))
    server = AcceptanceServer(db, port)
    try:
        server.start()
        yield server
    finally:
        for other in server.spawned:
            other.kill()
        server.stop()
        if own_db:
            _stack("drop-db", db)


@pytest.fixture(scope="session")
def session_dms(odoo_server):
    """The demo backend's DMS for the session: (backend id, base URL, database environment)."""
    port = free_port()
    url = "http://127.0.0.1:%d" % port
    log_path = os.path.join(LOG_DIR, "acceptance-dms-simulator.log")
    with os.fdopen(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as log:
        process = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools", "dms_simulator.py"), "--port",
                                    str(port), "--token", SESSION_DMS_TOKEN, "--moments", "0"], cwd=ROOT,
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        for _attempt in range(100):
            try:
                requests.get(url + "/_stats", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        director = RpcClient(odoo_server.url, odoo_server.db, "director")
        backend_id = director.ref("dms_connector.backend_demo")
        before = director.call("dms.backend", "read", [backend_id], ["base_url", "password"])[0]
        director.call("dms.backend", "write", [backend_id], {"base_url": url, "password": SESSION_DMS_TOKEN})
        yield backend_id, url, database_environ()
        # a database kept after the session gets its own settings back
        director.call("dms.backend", "write", [backend_id], {
            "base_url": before["base_url"], "password": before["password"]})
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(autouse=True)
def demo_dms_points_to_the_session_dms(session_dms, odoo_server):
    """After each test, the demo backend talks to the session's DMS again (a test may have pointed
    it at a simulator of its own that is gone now)."""
    yield
    backend_id, url, env = session_dms
    connection = psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"],
                                  password=env.get("PGPASSWORD"), dbname=odoo_server.db)
    try:
        with connection, connection.cursor() as cr:
            cr.execute("""UPDATE dms_backend SET base_url = %s, password = %s
                           WHERE id = %s AND (base_url, password) IS DISTINCT FROM (%s, %s)""",
                       (url, SESSION_DMS_TOKEN, backend_id, url, SESSION_DMS_TOKEN))
    finally:
        connection.close()


@pytest.fixture
def rpc(odoo_server):
    def login(user, password=None, server=None, lang="en_US"):
        target = server or odoo_server
        return RpcClient(target.url, target.db, user, password, lang=lang)
    return login
