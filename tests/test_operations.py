"""Operations a dealer group's IT needs (issue 23): `make backup` / `make restore` (database and
filestore together, into a new database, compared table by table), `/dealer/health` for the load
balancer, one log line per DMS request, and Odoo's log rotated by logrotate without losing a line."""
import base64
import json
import os
import re
import shutil
import subprocess
import tarfile
import uuid

import psycopg2
import pytest
from psycopg2 import sql
import requests

from .support import ROOT, OdooServer, RpcClient, database_environ, free_port

STACK = os.path.join(ROOT, "scripts", "stack.sh")
HEALTH_KEYS = {"status", "database", "job_runner", "last_dms_import", "last_dms_import_age_s"}
BUSINESS_TABLES = ("crm_lead", "res_partner", "presales_contact_moment", "ir_attachment", "sale_order")


def _stack(*args, **environ):
    result = subprocess.run([STACK] + list(args), cwd=ROOT, env=dict(os.environ, **environ),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = result.stdout.decode(errors="replace")
    assert result.returncode == 0, "scripts/stack.sh %s failed:\n%s" % (" ".join(args), output[-3000:])
    return output


def _connect(db):
    env = database_environ()
    return psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"],
                            password=env.get("PGPASSWORD"), dbname=db)


def _counts(db, tables=None):
    connection = _connect(db)
    try:
        with connection.cursor() as cr:
            if tables is None:
                cr.execute("""SELECT table_name FROM information_schema.tables
                               WHERE table_schema = 'public' AND table_type = 'BASE TABLE'""")
                tables = [row[0] for row in cr.fetchall()]
            counts = {}
            for table in tables:
                cr.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
                counts[table] = cr.fetchone()[0]
            return counts
    finally:
        connection.close()


def _health(server, method="GET"):
    response = requests.request(method, server.url + "/dealer/health", timeout=30)
    return response.status_code, (response.json() if method == "GET" else None), response


@pytest.fixture(scope="module")
def dms_key(odoo_server):
    director = RpcClient(odoo_server.url, odoo_server.db, "director")
    return director.call("dms.backend", "generate_api_key", [director.ref("dms_connector.backend_demo")])


def _push(server, key, moments):
    return requests.post(server.url + "/dms/demo-dms/moments", data=json.dumps(moments), timeout=60, headers={
        "Content-Type": "application/json", "Authorization": "Bearer %s" % key})


def test_one_log_line_per_dms_request_with_backend_counts_and_duration(odoo_server, dms_key):
    prefix = "OPSLOG%s" % uuid.uuid4().hex[:8]
    moments = [{"external_id": "%s-%d" % (prefix, index), "type_code": "CALL_OUT", "site": "AMS",
                "occurred_at": "2026-11-02T10:00:00Z", "summary": "log line"} for index in range(3)]
    before = len(odoo_server.log_text())
    assert _push(odoo_server, dms_key, moments).status_code == 200
    assert _push(odoo_server, dms_key, moments[:1]).status_code == 200
    assert _push(odoo_server, "wrong-key", moments[:1]).status_code == 401
    lines = re.findall(r"INFO \S+ odoo\.addons\.dms_connector\.controllers\.main: (DMS push demo-dms moments: .*)",
                       odoo_server.log_text()[before:])
    assert len(lines) == 3, lines
    assert re.match(r"DMS push demo-dms moments: HTTP 200, 3 records \(3 accepted\), \d+ bytes in, \d+ ms$", lines[0])
    assert re.match(r"DMS push demo-dms moments: HTTP 200, 1 records \(1 duplicate\), \d+ bytes in, \d+ ms$", lines[1])
    assert re.match(r"DMS push demo-dms moments: HTTP 401, 0 records \(none\), \d+ bytes in, \d+ ms$", lines[2])


def test_health_tells_the_load_balancer_what_it_needs_and_nothing_more(odoo_server, dms_key):
    prefix = "OPSHEALTH%s" % uuid.uuid4().hex[:8]
    assert _push(odoo_server, dms_key, [{"external_id": prefix, "type_code": "CALL_OUT", "site": "AMS",
                                         "occurred_at": "2026-11-02T10:00:00Z"}]).status_code == 200
    status, body, response = _health(odoo_server)
    assert status == 200 and set(body) == HEALTH_KEYS, body
    assert (body["status"], body["database"], body["job_runner"]) == ("ok", "ok", "ok")
    assert body["last_dms_import"] and 0 <= body["last_dms_import_age_s"] < 600
    assert response.headers["Cache-Control"] == "no-store"
    assert odoo_server.db not in response.text
    assert "session_id" not in response.headers.get("Set-Cookie", "")
    assert _health(odoo_server, "HEAD")[0] == 200
    assert _health(odoo_server, "POST")[0] == 405


@pytest.fixture(scope="module")
def restored(odoo_server):
    """The acceptance database backed up with `make backup` and restored with `make restore` into a
    new database, served by an Odoo of its own (without job runner); dropped at the end."""
    admin = RpcClient(odoo_server.url, odoo_server.db, "admin")
    marker = ("backup file %s" % uuid.uuid4().hex).encode()
    attachment = admin.call("ir.attachment", "create", {
        "name": "backup-proof.txt", "datas_fname": "backup-proof.txt", "datas": base64.b64encode(marker).decode()})
    folder = os.path.join(ROOT, ".local", "tmp", "backup-test-%d" % os.getpid())
    output = _stack("backup", odoo_server.db, BACKUP_DIR=folder)
    path = re.search(r"^BACKUP (\S+)$", output, re.M).group(1)
    source_counts = _counts(odoo_server.db, BUSINESS_TABLES)
    db = "%s_restored" % odoo_server.db
    _stack("drop-db", db)
    server = None
    try:
        output = _stack("restore", path, db)
        assert "RESTORED %s" % db in output
        # no job runner, no cron: only what the tests ask
        server = OdooServer(db, free_port(), extra_args=["--load", "web,dealer_ops", "--max-cron-threads", "0"])
        server.start()
        yield {"path": path, "db": db, "server": server, "attachment": attachment, "marker": marker,
               "source_counts": source_counts}
    finally:
        if server is not None:
            server.stop()
        _stack("drop-db", db)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_backup_is_one_private_file_with_the_database_its_files_and_what_they_count(restored, odoo_server):
    path = restored["path"]
    assert os.stat(path).st_mode & 0o077 == 0
    with tarfile.open(path) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
    assert manifest["database"] == odoo_server.db
    for table, count in restored["source_counts"].items():
        assert manifest["tables"][table] == count, table
    assert "database.dump" in names and manifest["modules"]["dealer_ops"]
    assert set("filestore/" + name for name in manifest["files"]) <= set(names)


def test_the_restore_matches_the_backup_table_by_table_and_file_by_file(restored):
    with tarfile.open(restored["path"]) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    assert _counts(restored["db"]) == manifest["tables"]
    connection = _connect(restored["db"])
    try:
        with connection.cursor() as cr:
            cr.execute("SELECT store_fname FROM ir_attachment WHERE id = %s", (restored["attachment"],))
            store_fname = cr.fetchone()[0]
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'")
            copy_uuid = cr.fetchone()[0]
    finally:
        connection.close()
    source = os.path.join(ROOT, ".local", "data", "filestore", restored["db"], store_fname)
    with open(source, "rb") as handle:
        assert handle.read() == restored["marker"]
    # a copy beside its original is another database to the outside world
    connection = _connect(manifest["database"])
    try:
        with connection.cursor() as cr:
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'")
            assert cr.fetchone()[0] != copy_uuid
    finally:
        connection.close()


def test_the_restored_database_serves_its_users_and_files(restored, odoo_server):
    server = restored["server"]
    sales1 = RpcClient(server.url, server.db, "sales1")
    original = RpcClient(odoo_server.url, odoo_server.db, "sales1")
    domain = [("type", "=", "opportunity")]
    assert sales1.call("crm.lead", "search", domain) == original.call("crm.lead", "search", domain)
    admin = RpcClient(server.url, server.db, "admin")
    response = admin.session.get("%s/web/content/%d" % (server.url, restored["attachment"]), timeout=60)
    assert response.status_code == 200 and response.content == restored["marker"]


def test_health_without_a_job_runner_is_degraded_not_down(restored):
    status, body, _response = _health(restored["server"])
    assert (status, body["status"], body["database"], body["job_runner"]) == (200, "degraded", "ok", "down")


def test_odoo_log_is_rotated_and_odoo_goes_on_writing_the_new_file(restored):
    server = restored["server"]
    log = server.log_path
    conf = log + ".logrotate"
    with open(conf, "w") as handle:
        handle.write(_stack("logrotate-conf", log))
    requests.get(server.url + "/web/login?before-rotation", timeout=30)
    subprocess.run(["logrotate", "--force", "--state", log + ".state", conf], check=True, cwd=ROOT)
    requests.get(server.url + "/web/login?after-rotation", timeout=30)
    with open(log + ".1", errors="replace") as handle:
        rotated = handle.read()
    with open(log, errors="replace") as handle:
        current = handle.read()
    assert "before-rotation" in rotated and "after-rotation" not in rotated
    assert "after-rotation" in current and "before-rotation" not in current
    assert os.stat(log).st_mode & 0o777 == 0o600
    for leftover in (log + ".1", log + ".state", conf):
        os.unlink(leftover)


def test_health_answers_503_while_its_database_is_gone(restored):
    server = restored["server"]
    connection = _connect("postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cr:
            cr.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(restored["db"])))
    finally:
        connection.close()
    status, body, _response = _health(server)
    assert (status, body["status"], body["database"]) == (503, "down", "down")
    assert "Traceback" not in server.log_text() and " ERROR " not in server.log_text()
