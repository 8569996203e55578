import json
import logging
import re
import time
from collections import Counter

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api, http
from odoo.http import HttpRequest, Root, request

from ..lib.errors import PayloadError
from ..models.dms_backend import DmsBackendBusy

_logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 5 * 1024 * 1024
ATTEMPTS = 20
RETRYABLE = (DmsBackendBusy, psycopg2.extensions.TransactionRollbackError, psycopg2.IntegrityError)


PUSH_PATH = re.compile(r"^/dms/[^/]+/(moments|inventory)/?$")


def _get_request(self, httprequest):
    """Odoo 11 takes every application/json body for JSON-RPC; a DMS push is plain HTTP whatever
    its content type (the same patch base_rest applies to its REST routes)."""
    if PUSH_PATH.match(httprequest.path):
        return HttpRequest(httprequest)
    return _get_request.original(self, httprequest)


if not getattr(Root.get_request, "dms_push", False):
    _get_request.original = Root.get_request
    _get_request.dms_push = True
    Root.get_request = _get_request


DATABASE_LOST = (psycopg2.OperationalError, psycopg2.InterfaceError)
UNAVAILABLE = "the database is unavailable; nothing was stored, send again"
RETRY_AFTER = "10"


def _unavailable_body(error):
    _logger.warning("DMS push: database unavailable, answered 503: %s", str(error).strip())
    return json.dumps({"error": UNAVAILABLE}).encode()


def _dispatch(self, environ, start_response):
    """A push while PostgreSQL is down or restarting gets 503 + Retry-After, never a 404 or 500.

    Before our route runs, Odoo itself reaches the database (the database list when it picks the
    database, the registry's signalling check): a lost connection there escapes as a 500, or the
    request falls back to the routes without a database and gets a 404. Nothing was stored in
    either case, so the DMS may send again; the route's own errors are handled in `_handle`.
    """
    if not PUSH_PATH.match(environ.get("PATH_INFO") or ""):
        return _dispatch.original(self, environ, start_response)
    answered = {}

    def keep(status, headers, exc_info=None):
        answered.update(status=status, headers=headers, exc_info=exc_info)

    try:
        body = _dispatch.original(self, environ, keep)
    except DATABASE_LOST as error:
        body = None
        answered["error"] = error
    httprequest = environ.get("werkzeug.request")
    fell_back = (answered.get("status", "").startswith("404") and httprequest is not None
                 and not getattr(getattr(httprequest, "session", None), "db", None))
    if "error" in answered or fell_back:
        if hasattr(body, "close"):
            body.close()
        payload = _unavailable_body(answered.get("error") or "no database (the registry could not be reached)")
        start_response("503 Service Unavailable", [
            ("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(payload))),
            ("Retry-After", RETRY_AFTER)])
        return [payload]
    if answered["exc_info"]:
        start_response(answered["status"], answered["headers"], answered["exc_info"])
    else:
        start_response(answered["status"], answered["headers"])
    return body


if not getattr(Root.dispatch, "dms_push", False):
    _dispatch.original = Root.dispatch
    _dispatch.dms_push = True
    Root.dispatch = _dispatch


def _answer(status, payload, headers=None):
    response = request.make_response(
        json.dumps(payload, ensure_ascii=False),
        headers=[("Content-Type", "application/json; charset=utf-8")] + list(headers or []))
    response.status_code = status
    return response


def _error(status, reason, headers=None):
    return _answer(status, {"error": reason}, headers)


class DmsPushController(http.Controller):
    """The DMS pushes contact moments, ADF leads and its stock feed here.

    Each request authenticates with the backend's API key (Bearer), is processed in its own
    transaction under the backend's advisory lock and answered only after the commit: a 2xx means
    every accepted record is stored. A conflict with a concurrent push (serialisation failure,
    unique violation) rolls back and runs the whole batch again; the second run sees the first's
    bindings, so each external id is stored once.
    """

    @http.route("/dms/<string:code>/moments", type="http", auth="none", methods=["POST"], csrf=False)
    def push_moments(self, code, **_kwargs):
        return self._logged(code, "moments",
                            lambda backend, body, content_type: backend._import_body(body, content_type))

    @http.route("/dms/<string:code>/inventory", type="http", auth="none", methods=["POST"], csrf=False)
    def push_inventory(self, code, **_kwargs):
        return self._logged(code, "inventory", lambda backend, body, content_type: backend._import_inventory(
            body, content_type=content_type or "text/csv"))

    def _logged(self, code, kind, work):
        """One log line per push, whatever its outcome: backend, what was pushed, the answer, the
        records per outcome and the time it took (for the operator reading the log)."""
        started = time.monotonic()
        outcomes = Counter()

        def counted(backend, body, content_type):
            results = work(backend, body, content_type)
            # a retried batch counts once: the run that committed
            outcomes.clear()
            outcomes.update(str(result.get("status")) for result in results)
            return results

        response = self._handle(code, counted)
        _logger.info("DMS push %s %s: HTTP %d, %d records (%s), %d bytes in, %d ms", code, kind,
                     response.status_code, sum(outcomes.values()),
                     ", ".join("%d %s" % (count, status) for status, count in sorted(outcomes.items())) or "none",
                     request.httprequest.content_length or 0, (time.monotonic() - started) * 1000)
        return response

    def _handle(self, code, work):
        database = request.db or http.db_monodb()
        if not database:
            return _error(404, "no database is selected")
        length = request.httprequest.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return _error(413, "the body has %d bytes, more than the %d accepted" % (length, MAX_BODY_BYTES))
        body = request.httprequest.get_data(cache=False)
        if len(body) > MAX_BODY_BYTES:
            return _error(413, "the body is larger than the %d bytes accepted" % MAX_BODY_BYTES)
        authorization = request.httprequest.headers.get("Authorization", "")
        key = authorization[7:].strip() if authorization[:7].lower() == "bearer " else ""
        content_type = request.httprequest.headers.get("Content-Type", "")
        registry = odoo.registry(database)
        for attempt in range(ATTEMPTS):
            try:
                with api.Environment.manage(), registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                    backend = env["dms.backend"].with_context(active_test=False).search([("code", "=", code)], limit=1)
                    if not backend or not key or not backend.check_api_key(key):
                        return _error(401, "unknown backend or wrong API key", [("WWW-Authenticate", "Bearer")])
                    if not backend.enabled or not backend.active:
                        return _error(403, "the DMS backend %s is disabled" % code)
                    try:
                        results = work(backend, body, content_type)
                    except PayloadError as error:
                        cr.rollback()
                        return _error(400, str(error))
                # leaving the block committed the cursor: only now may the DMS hear "stored"
                return _answer(200, {"results": results})
            except RETRYABLE as error:
                _logger.info("DMS push to %s conflicted (%s), attempt %d", code, type(error).__name__, attempt + 1)
                if not isinstance(error, DmsBackendBusy):
                    time.sleep(0.05 * (attempt + 1))
            except psycopg2.extensions.QueryCanceledError as error:
                # lock_timeout / statement_timeout: another import of this backend held its lock
                # longer than the database lets a statement wait; rolled back, nothing acknowledged
                _logger.warning("DMS push to %s: gave up waiting: %s", code, str(error).strip())
                return _error(503, "another import of the DMS backend %s ran longer than this push may wait; "
                              "nothing was stored, send again" % code, [("Retry-After", RETRY_AFTER)])
            except DATABASE_LOST as error:
                # the connection died before the commit went through: nothing was acknowledged
                _logger.warning("DMS push to %s: database unavailable: %s", code, str(error).strip())
                return _error(503, UNAVAILABLE, [("Retry-After", RETRY_AFTER)])
        return _error(503, "the push kept conflicting with concurrent imports; send again", [("Retry-After", "2")])
