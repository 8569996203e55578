"""The deployment as an outsider on the network and a local account would try it (issue 16 holes 5
and 13): no database with a known password is reachable through any RPC entry point, the `db`
service manages nothing, PostgreSQL asks every connection for a password, and what Odoo writes
(secrets, filestore, logs) is readable by its own user only."""
import os
import stat
import xmlrpc.client

import psycopg2
import pytest
import requests

from .support import ROOT, RpcClient, RpcError, odoo_config

LOCAL = os.path.join(ROOT, ".local")
KNOWN_PASSWORDS = [("admin", "admin"), ("demo", "demo"), ("sales1", "sales1"), ("director", "director")]


@pytest.fixture(scope="module")
def options():
    return odoo_config()


def _connect(options, db="postgres", **overrides):
    params = dict(host=options["db_host"], port=int(options["db_port"]), user=options["db_user"],
                  password=options["db_password"], dbname=db, connect_timeout=10)
    params.update(overrides)
    return psycopg2.connect(**params)


@pytest.fixture(scope="module")
def databases(options):
    """Every database of the cluster Odoo uses: {name: accepts connections}."""
    connection = _connect(options)
    try:
        with connection.cursor() as cr:
            cr.execute("SELECT datname, datallowconn FROM pg_database WHERE NOT datistemplate")
            return dict(cr.fetchall())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def local_cluster(options):
    """The data folder of the private cluster (.local/pg), or skip when Odoo uses another server."""
    data = os.path.join(LOCAL, "pg", "data")
    try:
        with open(os.path.join(data, "postmaster.pid")) as handle:
            port = handle.read().splitlines()[3]
    except (OSError, IndexError):
        port = None
    if options["db_host"] != "127.0.0.1" or options["db_port"] != port:
        pytest.skip("Odoo uses a PostgreSQL server of its own (PGHOST): not ours to check")
    return data


def _xmlrpc(odoo_server, service):
    return xmlrpc.client.ServerProxy("%s/xmlrpc/2/%s" % (odoo_server.url, service))


def _json(odoo_server, path, params):
    response = requests.post(odoo_server.url + path, timeout=60, json={
        "jsonrpc": "2.0", "method": "call", "id": 1, "params": params})
    assert response.status_code < 500, "%s answered %d" % (path, response.status_code)
    return response.json()


def _ways_in(odoo_server, db, login, password):
    """What every RPC entry point answers to a login on `db`: (entry point, uid or refusal)."""
    answers = []
    for name, call in (
            ("xmlrpc common.login", lambda: _xmlrpc(odoo_server, "common").login(db, login, password)),
            ("xmlrpc common.authenticate", lambda: _xmlrpc(odoo_server, "common").authenticate(
                db, login, password, {})),
            ("xmlrpc object.execute_kw", lambda: _xmlrpc(odoo_server, "object").execute_kw(
                db, 1, password, "res.users", "search_count", [[]]))):
        try:
            answers.append((name, call()))
        except xmlrpc.client.Fault as fault:
            answers.append((name, "fault %s" % fault.faultCode))
    for name, path, params in (
            ("/web/session/authenticate", "/web/session/authenticate",
             {"db": db, "login": login, "password": password}),
            ("/jsonrpc common.login", "/jsonrpc", {"service": "common", "method": "login",
                                                   "args": [db, login, password]})):
        payload = _json(odoo_server, path, params)
        answers.append((name, payload.get("result") if "result" in payload
                        else "refused %s" % payload["error"]["data"]["name"]))
    return answers


def test_no_other_database_of_the_cluster_is_reachable_with_a_known_password(odoo_server, databases):
    others = sorted(set(databases) - {odoo_server.db}) + ["no_such_database"]
    assert len(others) > 1, "the cluster holds only the served database: nothing to try"
    reached = []
    for db in others:
        for login, password in KNOWN_PASSWORDS:
            for entry, answer in _ways_in(odoo_server, db, login, password):
                if answer and not str(answer).startswith(("fault", "refused")):
                    reached.append("%s on %s as %s: %r" % (entry, db, login, answer))
    assert not reached, "databases reachable past the filter:\n%s" % "\n".join(reached)
    # an existing database the server does not serve answers like one that does not exist
    template = next(db for db in others if db.startswith("dealer_tmpl_")) if any(
        db.startswith("dealer_tmpl_") for db in others) else others[0]
    assert _ways_in(odoo_server, template, "admin", "admin") == _ways_in(
        odoo_server, "no_such_database", "admin", "admin")
    # ... and the served database itself is reachable (the filter lets it through)
    assert RpcClient(odoo_server.url, odoo_server.db, "sales1").uid


def test_template_databases_accept_no_connection(options, databases):
    templates = sorted(db for db in databases if db.startswith("dealer_tmpl_"))
    if not templates:
        pytest.skip("no template database in this cluster (make test builds one)")
    assert [db for db in templates if databases[db]] == [], "templates that accept connections"
    with pytest.raises(psycopg2.OperationalError, match="not currently accepting connections"):
        _connect(options, templates[0])


def test_the_db_service_confirms_no_database_and_manages_nothing(odoo_server, databases):
    db_service = _xmlrpc(odoo_server, "db")
    assert db_service.db_exist(odoo_server.db) is True
    for db in sorted(databases):
        if db != odoo_server.db:
            assert db_service.db_exist(db) is False, "db_exist confirms %s" % db
    with pytest.raises(xmlrpc.client.Fault) as refused:
        db_service.list()
    assert refused.value.faultCode == 3
    # even with the right master password, database management over the network is off
    with open(os.path.join(LOCAL, "admin_passwd")) as handle:
        master = handle.read().strip()
    for method, args in (("dump", [master, odoo_server.db, "zip"]), ("drop", [master, "no_such_database"]),
                         ("duplicate_database", [master, odoo_server.db, "copied"]),
                         ("create_database", [master, "created", False, "en_US"]),
                         ("rename", [master, "no_such_database", "renamed"]),
                         ("change_admin_password", [master, "x"])):
        with pytest.raises(xmlrpc.client.Fault) as refused:
            getattr(db_service, method)(*args)
        assert refused.value.faultCode == 3, method
    payload = _json(odoo_server, "/web/database/list", {})
    assert payload["error"]["code"] == 404
    assert requests.get(odoo_server.url + "/web/database/manager", timeout=30).status_code == 404


def test_a_wrong_or_missing_xmlrpc_body_is_a_clean_fault(odoo_server):
    for body in (b"", b"<methodCall>", b"not xml at all", b"\x00\xff" * 10):
        response = requests.post(odoo_server.url + "/xmlrpc/2/common", data=body, timeout=30,
                                 headers={"Content-Type": "text/xml"})
        assert response.status_code == 400
        assert "Traceback" not in response.text
    with pytest.raises(xmlrpc.client.Fault) as fault:
        _xmlrpc(odoo_server, "nosuch").version()
    assert "Traceback" not in fault.value.faultString


def test_local_postgresql_asks_every_connection_for_a_password(options, local_cluster):
    sockets = os.path.join(LOCAL, "pg", "run")
    for role in (options["db_user"], "postgres"):
        for host in ("127.0.0.1", sockets):
            with pytest.raises(psycopg2.OperationalError, match="password"):
                _connect(options, host=host, user=role, password="", passfile=os.devnull)
            with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
                _connect(options, host=host, user=role, password="wrong", passfile=os.devnull)
    with open(os.path.join(local_cluster, "pg_hba.conf")) as handle:
        rules = [line.split() for line in handle if line.strip() and not line.lstrip().startswith("#")]
    assert rules and all(rule[-1] == "scram-sha-256" for rule in rules), rules
    # the generated password is the way in
    _connect(options, host=sockets).close()


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_secrets_filestore_and_logs_are_readable_by_their_owner_only(odoo_server, rpc):
    # something in the filestore and in the log made by this run
    admin = rpc("admin")
    admin.call("ir.attachment", "create", {"name": "modes.txt", "datas": "bW9kZXM=", "datas_fname": "modes.txt"})
    assert _mode(LOCAL) in (0o700, 0o711), oct(_mode(LOCAL))
    secrets = ["admin_passwd", "odoo.local.conf"]
    if os.path.exists(os.path.join(LOCAL, "pg_password")):
        secrets += ["pg_password", "pg_superuser_password"]
    for name in secrets:
        assert _mode(os.path.join(LOCAL, name)) == 0o600, name
    exposed = []
    for folder in ("data", "log", "run"):
        top = os.path.join(LOCAL, folder)
        if _mode(top) != 0o700:
            exposed.append("%s %o" % (top, _mode(top)))
        for directory, folders, files in os.walk(top):
            for name in folders + files:
                path = os.path.join(directory, name)
                if not os.path.islink(path) and _mode(path) & 0o077:
                    exposed.append("%s %o" % (os.path.relpath(path, ROOT), _mode(path)))
    assert not exposed, "readable by others:\n%s" % "\n".join(exposed[:30])
    assert any(name.startswith(odoo_server.db) for name in os.listdir(os.path.join(LOCAL, "data", "filestore")))


def test_a_traceback_never_reaches_a_client(rpc):
    sales1 = rpc("sales1")
    with pytest.raises(RpcError) as error:
        sales1.call("crm.lead", "read")
    assert error.value.name == "odoo.exceptions.UserError"
    assert "Traceback" not in error.value.debug
