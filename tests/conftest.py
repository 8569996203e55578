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
"""
import os
import subprocess

import pytest

from .support import ROOT, OdooServer, RpcClient, free_port


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


@pytest.fixture
def rpc(odoo_server):
    def login(user, password=None, server=None):
        target = server or odoo_server
        return RpcClient(target.url, target.db, user, password)
    return login
