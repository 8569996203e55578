"""While PostgreSQL is down or restarting, a request gets 503 + Retry-After and a message a person
can read, never what Odoo 11 answers then: a 404 (it cannot list the databases, so it falls back
to the routes without a database) or werkzeug's HTML "Internal Server Error" (the registry's
signalling query failed before any handler ran). JSON-RPC calls get a JSON-RPC error the web
client shows; nothing was saved and the user stays logged in, so they may simply try again. The
DMS push has its own answer for the DMS (dms_connector's controller) and is left to it. Found by
`make load FAULTS=1`.
"""
import json
import logging

import psycopg2

import odoo
from odoo import http
from odoo.modules.registry import Registry

_logger = logging.getLogger(__name__)

DATABASE_LOST = (psycopg2.OperationalError, psycopg2.InterfaceError)
RETRY_AFTER = "10"
MESSAGE = "The database is restarting or out of reach: nothing was saved. Try again in a moment."


class DatabaseUnavailable(Exception):
    """The cluster cannot be reached while a request is served (not a psycopg2 error: Odoo 11's
    dispatch logs the user out on those, taking a restarting database for a dropped one)."""


def _check_signaling(self):
    """Odoo 11 checks the registry's signalling first thing in a request and, when PostgreSQL does
    not answer, logs the user out and serves the routes without a database: every user working
    while the database restarts for ten seconds was sent back to the login page. Within a request,
    a cluster out of reach raises DatabaseUnavailable instead (answered 503 below, the session
    kept); a database that is gone while the cluster answers keeps Odoo's handling."""
    try:
        return _check_signaling.original(self)
    except DATABASE_LOST as error:
        if http.request and not _database_reachable():
            raise DatabaseUnavailable(str(error).strip())
        raise


def _database_reachable():
    try:
        with odoo.sql_db.db_connect("postgres").cursor() as cr:
            cr.execute("SELECT 1")
        return True
    except DATABASE_LOST as error:
        _logger.warning("request answered 503: the database is out of reach: %s", str(error).strip())
        return False


def _unavailable(environ, start_response):
    if "json" in (environ.get("CONTENT_TYPE") or ""):
        payload = json.dumps({"jsonrpc": "2.0", "id": None, "error": {
            "code": 503, "message": MESSAGE,
            "data": {"name": "odoo.exceptions.DatabaseUnavailable", "message": MESSAGE, "debug": ""}}})
        content_type = "application/json; charset=utf-8"
    else:
        payload, content_type = MESSAGE, "text/plain; charset=utf-8"
    payload = payload.encode()
    start_response("503 Service Unavailable", [
        ("Content-Type", content_type), ("Content-Length", str(len(payload))), ("Retry-After", RETRY_AFTER)])
    return [payload]


def _dispatch(self, environ, start_response):
    if (environ.get("PATH_INFO") or "").startswith("/dms/"):
        return _dispatch.original(self, environ, start_response)
    answered = {}

    def keep(status, headers, exc_info=None):
        answered.update(status=status, headers=headers, exc_info=exc_info)

    try:
        body = _dispatch.original(self, environ, keep)
    except DATABASE_LOST + (DatabaseUnavailable,) as error:
        _logger.warning("request answered 503: the database is out of reach: %s", str(error).strip())
        return _unavailable(environ, start_response)
    # only a 404 or a 500 may hide a lost database: then (and only then) ask it
    if answered["status"][:3] in ("404", "500") and not _database_reachable():
        if hasattr(body, "close"):
            body.close()
        return _unavailable(environ, start_response)
    if answered["exc_info"]:
        start_response(answered["status"], answered["headers"], answered["exc_info"])
    else:
        start_response(answered["status"], answered["headers"])
    return body


def install():
    if not getattr(Registry.check_signaling, "dealer_ops_database_down", False):
        _check_signaling.original = Registry.check_signaling
        _check_signaling.dealer_ops_database_down = True
        Registry.check_signaling = _check_signaling
    if not getattr(http.Root.dispatch, "dealer_ops_database_down", False):
        _dispatch.original = http.Root.dispatch
        _dispatch.dealer_ops_database_down = True
        http.Root.dispatch = _dispatch
