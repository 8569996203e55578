"""`GET /dealer/health` for a load balancer or a monitor: is the database reachable, is the job
runner alive, when did the DMS last deliver (the answer: lib/health.py).

It is answered before Odoo's request handling (no session, no registry, no user): one pooled
connection per served database and three short queries, so it stays fast while the server is
busy and answers 503 (not a 500) while PostgreSQL is away.

The job runner (queue_job, one per group of servers) is alive when its connection to the
database is: its connections are named `odoo-jobrunner` (application_name), which needs
queue_job loaded before this module in `server_wide_modules` (web,queue_job,dealer_ops).
"""
import json
import logging
import sys

import psycopg2
import werkzeug.wrappers

import odoo
from odoo import fields, http
from odoo.tools import mute_logger

from ..lib import health

_logger = logging.getLogger(__name__)

PATH = "/dealer/health"
RUNNER_APPLICATION = "odoo-jobrunner"
# the newest contact moment the DMS delivered (push, pull or file): the binding's primary key
# orders them, so this reads one index entry whatever the size of the table
LAST_IMPORT_SQL = "SELECT create_date FROM dms_moment_binding ORDER BY id DESC LIMIT 1"


RUNNER_SQL = """SELECT EXISTS(SELECT 1 FROM pg_stat_activity
                                WHERE datname = current_database() AND application_name = %s)"""
# databases known to hold DMS bindings (a table, once there, stays): one query per probe then
_with_dms = set()


def probe(db):
    """What one database says: reachable, runner alive, newest DMS import."""
    found = {"reachable": False, "runner_alive": False, "last_dms_import": None}
    try:
        with mute_logger("odoo.sql_db"), odoo.sql_db.db_connect(db).cursor() as cr:
            if db not in _with_dms:
                cr.execute("SELECT to_regclass('dms_moment_binding') IS NOT NULL")
                if cr.fetchone()[0]:
                    _with_dms.add(db)
            if db in _with_dms:
                cr.execute("SELECT (%s), (%s)" % (RUNNER_SQL, LAST_IMPORT_SQL), (RUNNER_APPLICATION,))
                found["runner_alive"], last_import = cr.fetchone()
                # Odoo's cursors hand timestamps over as text
                found["last_dms_import"] = last_import and fields.Datetime.from_string(last_import)
            else:
                cr.execute(RUNNER_SQL, (RUNNER_APPLICATION,))
                found["runner_alive"] = cr.fetchone()[0]
            found["reachable"] = True
    except psycopg2.Error as error:
        _logger.warning("health: database unreachable: %s", str(error).strip())
    return found


def served_databases(httprequest):
    """The databases this server serves: those of -d that its filter lets through (no query), or
    else the cluster's list through the filter."""
    if odoo.tools.config["db_name"]:
        return http.db_filter([db.strip() for db in odoo.tools.config["db_name"].split(",")], httprequest)
    try:
        with mute_logger("odoo.sql_db"):
            return http.db_list(True, httprequest)
    except psycopg2.Error as error:
        _logger.warning("health: cannot list the databases: %s", str(error).strip())
        return []


def application(environ, start_response):
    httprequest = werkzeug.wrappers.Request(environ)
    if httprequest.method not in ("GET", "HEAD"):
        response = werkzeug.wrappers.Response(status=405, headers=[("Allow", "GET, HEAD")])
        return response(environ, start_response)
    status, body = health.answer([probe(db) for db in served_databases(httprequest)], health.utcnow())
    response = werkzeug.wrappers.Response(
        json.dumps(body), status=status, mimetype="application/json",
        headers=[("Cache-Control", "no-store")])
    return response(environ, start_response)


def _dispatch(self, environ, start_response):
    if environ.get("PATH_INFO") == PATH:
        return application(environ, start_response)
    return _dispatch.original(self, environ, start_response)


def _name_runner_connections():
    runner = sys.modules.get("odoo.addons.queue_job.jobrunner.runner")
    if runner is None or getattr(runner._connection_info_for, "dealer_ops", False):
        return
    original = runner._connection_info_for

    def _connection_info_for(db_name):
        info = original(db_name)
        info["application_name"] = RUNNER_APPLICATION
        return info

    _connection_info_for.dealer_ops = True
    runner._connection_info_for = _connection_info_for


def install():
    if not getattr(http.Root.dispatch, "dealer_ops_health", False):
        _dispatch.original = http.Root.dispatch
        _dispatch.dealer_ops_health = True
        http.Root.dispatch = _dispatch
    _name_runner_connections()
