"""Drive a real Odoo server from pytest: start/stop/kill it, talk to it over JSON-RPC as a user.

Used by `tests/conftest.py` (fixtures `odoo_server` and `rpc`); tests import `RpcError` from here.
"""
import configparser
import os
import signal
import socket
import subprocess
import time

import psycopg2
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOG_DIR = os.path.join(ROOT, ".local", "log")


def odoo_config():
    """The options Odoo runs with (the file bin/odoo merges from odoo.conf, .local/ and PG*)."""
    path = subprocess.run([os.path.join(ROOT, "bin", "odoo"), "--print-config"], stdout=subprocess.PIPE,
                          check=True, cwd=ROOT).stdout.decode().strip()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    return parser["options"]


def database_environ():
    """The environment for PostgreSQL's tools (psql, pg_dump, psycopg2) to reach the server Odoo
    uses, as the role Odoo logs in with (its password included: every connection needs one)."""
    options = odoo_config()
    env = dict(os.environ, PGHOST=options["db_host"], PGPORT=options["db_port"], PGUSER=options["db_user"])
    if options.get("db_password") not in (None, "", "False"):
        env["PGPASSWORD"] = options["db_password"]
    return env


class RpcError(Exception):
    """A JSON-RPC error answered by the server.

    `name` is the server exception class (`odoo.exceptions.AccessError`), `message` its text.
    """

    def __init__(self, name, message, debug=""):
        super().__init__("%s: %s" % (name, message))
        self.name = name
        self.message = message
        self.debug = debug


def port_free(port):
    """True when nothing listens on 127.0.0.1:port (a TIME_WAIT port counts as free, as for Odoo)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        return False
    finally:
        sock.close()
    return True


_handed_out = set()


def free_port():
    """A free port for one more server: from ODOO_ACCEPTANCE_PORT_RANGE ("8530-8560") when set,
    else one the kernel picks."""
    port_range = os.environ.get("ODOO_ACCEPTANCE_PORT_RANGE")
    if port_range:
        first, last = (int(part) for part in port_range.split("-"))
        for port in range(first, last + 1):
            if port not in _handed_out and port_free(port):
                _handed_out.add(port)
                return port
        raise RuntimeError("no free port in ODOO_ACCEPTANCE_PORT_RANGE=%s" % port_range)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


class OdooServer:
    """One `bin/odoo` process serving one database on one port (threaded, as `make run`)."""

    def __init__(self, db, port, config=None, extra_args=(), log_path=None, environ=None):
        self.db = db
        self.port = port
        self.config = config or os.environ.get("ODOO_CONFIG") or os.path.join(ROOT, "odoo.conf")
        self.extra_args = list(extra_args)
        # variables for bin/odoo (PG* for another database server: a password stays out of `ps`)
        self.environ = dict(environ or {})
        self.log_path = log_path or os.path.join(LOG_DIR, "acceptance-%s-%s.log" % (db, port))
        self.process = None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def command(self):
        return [os.path.join(ROOT, "bin", "odoo"), "-c", self.config, "-d", self.db,
                "--db-filter", "^%s$" % self.db, "--http-port", str(self.port),
                "--logfile", self.log_path] + self.extra_args

    def start(self, timeout=180):
        """Start the server and return once its log says "Modules loaded." and /web/login answers 200."""
        if self.running:
            raise RuntimeError("the server on port %d is already running" % self.port)
        if not port_free(self.port):
            raise RuntimeError("port %d is taken: set ODOO_ACCEPTANCE_PORT or free it" % self.port)
        os.makedirs(os.path.dirname(self.log_path), mode=0o700, exist_ok=True)
        # emptied for this run; readable by our user only, as Odoo writes it (bin/odoo's umask)
        with os.fdopen(os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w"):
            pass
        os.chmod(self.log_path, 0o600)
        # own process group: stop()/kill() reach the server and whatever it spawned
        env = dict(os.environ, **self.environ)
        # lessc for the web assets, as make run has it
        env["PATH"] = os.pathsep.join([os.path.join(ROOT, ".local", "node", "node_modules", ".bin"),
                                       os.path.join(ROOT, ".venv", "bin"), env.get("PATH", "")])
        self.process = subprocess.Popen(self.command(), cwd=ROOT, start_new_session=True, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self.wait_ready(timeout)
        return self

    def log_text(self):
        with open(self.log_path, errors="replace") as handle:
            return handle.read()

    def wait_ready(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if not self.running:
                raise RuntimeError("Odoo on port %d exited with %s before it served; log %s:\n%s" % (
                    self.port, self.process.returncode, self.log_path, self.log_text()[-4000:]))
            if "Modules loaded." in self.log_text():
                try:
                    response = requests.get(self.url + "/web/login", timeout=10)
                except requests.RequestException:
                    response = None
                if response is not None and response.status_code == 200:
                    return
            time.sleep(0.5)
        self.kill()
        raise RuntimeError("Odoo on port %d did not serve /web/login within %ds; log %s:\n%s" % (
            self.port, timeout, self.log_path, self.log_text()[-4000:]))

    def stop(self, timeout=30):
        """Graceful stop (SIGTERM, as Ctrl-C); SIGKILL when it does not exit in time."""
        if not self.running:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self):
        """kill -9: the server dies mid-request, as in a crash or an OOM kill."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                self.process.poll()  # it exited between the check and the kill
        self.process.wait()


class RpcClient:
    """A user's JSON-RPC session, as the web client holds it."""

    def __init__(self, url, db, login, password=None, lang="en_US"):
        self.url = url
        self.db = db
        self.login = login
        self.session = requests.Session()
        self._id = 0
        self.session_info = self.post("/web/session/authenticate", {
            "db": db, "login": login, "password": login if password is None else password})
        if not self.session_info.get("uid"):
            raise RpcError("odoo.exceptions.AccessDenied", "login %s refused" % login)
        self.uid = self.session_info["uid"]
        self.context = dict(self.session_info.get("user_context") or {})
        # the demo's salespeople work in Dutch; the tests read the English messages unless they ask
        # for the user's own language (lang=None), as the browser helper does
        if lang:
            self.context["lang"] = lang

    def post(self, path, params, timeout=120):
        self._id += 1
        response = self.session.post(self.url + path, timeout=timeout, json={
            "jsonrpc": "2.0", "method": "call", "id": self._id, "params": params})
        response.raise_for_status()
        payload = response.json()
        if "error" in payload:
            error = payload["error"]
            data = error.get("data") or {}
            raise RpcError(data.get("name") or str(error.get("code")),
                           data.get("message") or error.get("message", ""), data.get("debug", ""))
        return payload["result"]

    def call(self, model, method, *args, **kwargs):
        """`model.method(*args, **kwargs)` through /web/dataset/call_kw, with the user's context
        (lang, tz, uid) merged in as the web client does."""
        context = dict(self.context)
        context.update(kwargs.pop("context", None) or {})
        kwargs["context"] = context
        return self.post("/web/dataset/call_kw/%s/%s" % (model, method), {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def ref(self, xmlid):
        """The database id of a record by its xml id (readable by every employee)."""
        module, name = xmlid.split(".", 1)
        found = self.call("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)],
                          ["res_id"], limit=1)
        if not found:
            raise LookupError("no record with xml id %s" % xmlid)
        return found[0]["res_id"]


def database(db):
    """A psycopg2 connection to `db` with the settings the Odoo servers use (bin/odoo merges
    odoo.conf, .local/odoo.local.conf and PG* of the environment), for tests that read the
    database as it is, beside what a user sees over RPC."""
    path = subprocess.run([os.path.join(ROOT, "bin", "odoo"), "--print-config"], cwd=ROOT, check=True,
                          stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    options = parser["options"]

    def option(name):
        value = options.get(name)
        return None if value in (None, "", "False") else value
    return psycopg2.connect(dbname=db, host=option("db_host"), port=option("db_port"), user=option("db_user"),
                            password=option("db_password"))
