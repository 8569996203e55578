"""One rule for every RPC entry point: a request reaches only the databases the server serves.

Odoo 11 applies `dbfilter` (and `-d`) to the web client's routes only. XML-RPC (`/xmlrpc/...`),
JSON-RPC (`/jsonrpc`), `/web/session/authenticate` and the `db` service take any database name:
an outsider could confirm which databases a cluster holds and log in to one the server does not
serve (a template with admin/admin). All of them go through `odoo.http.dispatch_rpc`; here it
first checks the database against Odoo's own filter for the request's host, so the rule is
Odoo's and is written once.

With `list_db = False` (our odoo.conf) the `db` service manages nothing over the network (no
create, copy, drop, dump, restore, rename, master-password change): backups and restores are
`make backup` / `make restore`. What stays: the server version, the languages, and `db_exist`,
which answers False for a database the server does not serve.

XML-RPC bodies that are not XML-RPC, unknown services and methods, and refused calls are clean
faults without traceback (`/xmlrpc/2/...` integer fault codes as Odoo's: 3 access denied,
4 access error, 2 user error, 1 other), never a 500.
"""
import logging
import threading
from xml.parsers.expat import ExpatError

try:
    from xmlrpc import client as xmlrpclib
except ImportError:  # pragma: no cover - Python 2 is not supported by Odoo 11 on our stack
    import xmlrpclib

import werkzeug.exceptions
import werkzeug.urls
import werkzeug.wrappers

import odoo
from odoo import _, exceptions, http
from odoo.service import wsgi_server

from .client_errors import HIDDEN, _patch, client_error

_logger = logging.getLogger(__name__)

_local = threading.local()

# service -> methods whose first parameter is a database name
DATABASE_FIRST = {
    "common": {"login", "authenticate"},
    "object": {"execute", "execute_kw"},
    "db": {"db_exist"},
}
ANY_DATABASE = {
    "common": {"version", "about", "set_loglevel"},
    "db": {"server_version", "list_lang", "list_countries", "list"},
}
MAX_XMLRPC_BYTES = 50 * 1024 * 1024


class RpcRefused(exceptions.AccessDenied):
    """A call to a database the server does not serve, or to database management switched off."""


def _httprequest():
    """The HTTP request the RPC call came in with (None for a call from inside the server)."""
    if http.request:
        return http.request.httprequest
    environ = getattr(_local, "environ", None)
    return werkzeug.wrappers.Request(environ) if environ is not None else None


def served(db):
    """May a request reach database `db`: Odoo's filter (dbfilter with %h/%d, else -d) for the
    request's host; calls from inside the server (no request) reach any."""
    httprequest = _httprequest()
    if httprequest is None:
        return True
    return isinstance(db, str) and db in http.db_filter([db], httprequest=httprequest)


def check_call(service, method, params):
    """Raise RpcRefused / UserError for a call that may not go on; return False for a `db_exist` on
    a database the server does not serve (the same answer as for one that does not exist)."""
    if not isinstance(method, str) or not isinstance(params, (list, tuple)):
        raise exceptions.UserError(_("RPC: the method must be a name and the parameters a list"))
    if method in ANY_DATABASE.get(service, ()):
        if service == "db" and method == "list" and not odoo.tools.config["list_db"]:
            raise RpcRefused()
        return True
    if method not in DATABASE_FIRST.get(service, ()):
        if service == "db" and odoo.tools.config["list_db"]:
            # database management is switched on (list_db): Odoo's master password rules apply
            return True
        if service == "db":
            _logger.info("RPC db.%s refused: database management is off (list_db = False)", method)
            raise RpcRefused()
        raise exceptions.UserError(_("RPC: no method %s on service %s") % (method, service))
    if not params:
        raise exceptions.UserError(_("RPC %s.%s: the first parameter is the database name") % (service, method))
    if not served(params[0]):
        if (service, method) == ("db", "db_exist"):
            return False
        _logger.info("RPC %s.%s refused: database %r is not served here", service, method, params[0])
        raise RpcRefused()
    return True


def dispatch_rpc(service_name, method, params):
    if service_name not in DATABASE_FIRST:
        raise exceptions.UserError(_("RPC: no service %s") % service_name)
    allowed = check_call(service_name, method, params)
    if allowed is False:
        return False
    return dispatch_rpc.original(service_name, method, params)


def _dispatch(self, environ, start_response):
    """A `db` in the query string names the database some routes open themselves (the job runner's
    /queue_job/runjob, calendar invitations, /web?db=): one the server does not serve is a 404."""
    db = werkzeug.urls.url_decode(environ.get("QUERY_STRING") or "").get("db")
    if db is not None and db not in http.db_filter([db], httprequest=werkzeug.wrappers.Request(environ)):
        _logger.info("%s: database %r is not served here", environ.get("PATH_INFO"), db)
        return werkzeug.exceptions.NotFound()(environ, start_response)
    return _dispatch.original(self, environ, start_response)


def _fault(code_int, code_string, message, string_faultcode):
    if string_faultcode:
        return xmlrpclib.dumps(xmlrpclib.Fault(code_string, message), allow_none=None, encoding=None)
    return xmlrpclib.dumps(xmlrpclib.Fault(code_int, message), allow_none=None)


def _xmlrpc_fault(exception, string_faultcode):
    """The fault Odoo would send, with the traceback left out."""
    error = client_error(exception)
    if error is None:
        return _fault(wsgi_server.RPC_FAULT_CODE_APPLICATION_ERROR, HIDDEN, HIDDEN, string_faultcode)
    if isinstance(error, exceptions.AccessDenied):
        return _fault(wsgi_server.RPC_FAULT_CODE_ACCESS_DENIED, "AccessDenied", "Access denied", string_faultcode)
    if isinstance(error, exceptions.AccessError):
        return _fault(wsgi_server.RPC_FAULT_CODE_ACCESS_ERROR, "warning -- AccessError\n\n" + error.name,
                      error.name, string_faultcode)
    message = error.name if isinstance(error, exceptions.except_orm) else str(error)
    return _fault(wsgi_server.RPC_FAULT_CODE_WARNING, "warning -- %s\n\n%s" % (type(error).__name__, message),
                  message, string_faultcode)


def wsgi_xmlrpc(environ, start_response):
    """Odoo's `/xmlrpc/<service>` and `/xmlrpc/2/<service>` (see wsgi_server.wsgi_xmlrpc): the same
    answers, with the request's host known to the database filter, a body that is not XML-RPC
    answered 400, and no traceback in any fault."""
    path = environ.get("PATH_INFO") or ""
    if environ.get("REQUEST_METHOD") != "POST" or not path.startswith("/xmlrpc/"):
        return None
    string_faultcode = not path.startswith("/xmlrpc/2/")
    service = path[len("/xmlrpc/"):] if string_faultcode else path[len("/xmlrpc/2/"):]

    def answer(body, status=200):
        return werkzeug.wrappers.Response(response=body, status=status, mimetype="text/xml")(
            environ, start_response)

    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if length < 0 or length > MAX_XMLRPC_BYTES:
        return answer(_fault(1, "Bad request", "XML-RPC: the Content-Length is missing or too large",
                             string_faultcode), 400)
    try:
        params, method = xmlrpclib.loads(environ["wsgi.input"].read(length))
    except (ExpatError, ValueError, TypeError, xmlrpclib.ResponseError) as error:
        _logger.info("XML-RPC %s: not an XML-RPC call (%s)", path, error)
        return answer(_fault(1, "Bad request", "XML-RPC: the body is not an XML-RPC call", string_faultcode), 400)
    _local.environ = environ
    try:
        result = odoo.http.dispatch_rpc(service, method, params)
    except Exception as error:  # pylint: disable=broad-except
        # Odoo's dispatch_rpc already logged a fault of the server with its traceback
        return answer(_xmlrpc_fault(error, string_faultcode))
    finally:
        _local.environ = None
    try:
        body = xmlrpclib.dumps((result,), methodresponse=1, allow_none=False)
    except (TypeError, OverflowError) as error:
        # e.g. a method that returns None: XML-RPC has no null
        message = "XML-RPC cannot carry the result of %s.%s: %s" % (service, method, error)
        _logger.info(message)
        body = _fault(wsgi_server.RPC_FAULT_CODE_WARNING, "warning -- " + message, message, string_faultcode)
    return answer(body)


def install():
    _patch(http, "dispatch_rpc", dispatch_rpc)
    # the web client's controllers (/jsonrpc, the database manager, the language list) imported it
    from odoo.addons.web.controllers import main as web_main
    web_main.dispatch_rpc = http.dispatch_rpc
    _patch(wsgi_server, "wsgi_xmlrpc", wsgi_xmlrpc)
    _patch(http.Root, "dispatch", _dispatch)
    if not odoo.tools.config["dbfilter"] and not odoo.tools.config["db_name"]:
        _logger.warning("Neither dbfilter nor a database (-d) is set: requests may reach every database "
                        "of the PostgreSQL cluster")
