"""What a client hears when its request fails, and what the log keeps.

Odoo 11 answers many requests that a user or an outsider got wrong (an id they may not read, a
missing or extra argument, a refused password, a body that is not a JSON-RPC call) the way it
answers a crash of the server: HTTP 500, an ERROR line with the traceback, and the traceback in
the answer. Here, for every route of every database:

- a client's error is a clear 4xx (HTTP routes: 403 for access, 404 for a missing record, 400
  for the rest; JSON-RPC: the error object of its exception), logged at INFO, never ERROR;
- arguments that do not fit the route's function are refused with 400 before it runs;
- no answer carries a traceback (nor, for a real fault, its message: SQL and values stay in the
  log); the log keeps the full traceback of every real fault, at ERROR, as before.
"""
import inspect
import logging

import werkzeug.exceptions
import werkzeug.utils

from odoo import _, api, exceptions, http
from odoo.addons.base.ir.ir_qweb.qweb import QWebException

_logger = logging.getLogger(__name__)

HIDDEN = "The server logged the details of this error."
CLIENT_ERRORS = (exceptions.except_orm, exceptions.AccessDenied, exceptions.RedirectWarning,
                 http.SessionExpiredException, http.AuthenticationError)


def client_error(exception):
    """The error the client caused that `exception` is or wraps (a QWeb template that read a record
    the user may not read), or None when it is a fault of the server."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        if isinstance(exception, CLIENT_ERRORS):
            return exception
        if isinstance(exception, werkzeug.exceptions.HTTPException):
            return exception if (exception.code or 500) < 500 else None
        exception = exception.error if isinstance(exception, QWebException) else None
    return None


def http_error(error):
    """The werkzeug HTTP error (4xx) a plain HTTP route answers for a client's error."""
    if isinstance(error, werkzeug.exceptions.HTTPException):
        return error
    message = error.name if isinstance(error, exceptions.except_orm) else str(error)
    if isinstance(error, (exceptions.AccessError, exceptions.AccessDenied)):
        return werkzeug.exceptions.Forbidden(message or "Access denied")
    if isinstance(error, exceptions.MissingError):
        return werkzeug.exceptions.NotFound(message)
    return werkzeug.exceptions.BadRequest(message)


def serialize(exception, original):
    """Odoo's error object without the traceback; a real fault does not tell its message either."""
    data = original(exception)
    data["debug"] = HIDDEN
    if client_error(exception) is None:
        data["message"] = HIDDEN
        data["arguments"] = [HIDDEN]
    return data


def _serialize_exception(exception):
    return serialize(exception, _serialize_exception.original)


def _json_handle_exception(self, exception):
    error = client_error(exception)
    if error is None or isinstance(error, (exceptions.except_orm, http.SessionExpiredException,
                                           werkzeug.exceptions.NotFound)):
        # Odoo answers these without an ERROR line (and, serialized by us, without traceback)
        return _json_handle_exception.original(self, error or exception)
    self._failed = error
    _logger.info("%s: refused (%s: %s)", self.httprequest.path, type(error).__name__, error)
    payload = {"code": 200, "message": "Odoo Server Error", "data": http.serialize_exception(error)}
    if isinstance(error, werkzeug.exceptions.HTTPException):
        payload.update(code=error.code, message="%d: %s" % (error.code, error.name))
        payload["data"]["message"] = error.description or error.name
    elif isinstance(error, http.AuthenticationError):
        payload.update(code=100, message="Odoo Session Invalid")
    return self._json_response(error=payload)


def _http_handle_exception(self, exception):
    try:
        return _http_handle_exception.original(self, exception)
    except Exception as raised:  # pylint: disable=broad-except
        # Odoo re-raises what it does not turn into a response; a client's error becomes a 4xx here,
        # a fault of the server goes on to the 500 (and its ERROR line)
        error = client_error(raised)
        if error is None and isinstance(exception, http.SessionExpiredException):
            # Odoo keeps a POST without session to replay it after the login, and fails on one
            # with a file (it writes the upload to a text file): the login page, without replay
            _logger.info("%s: session expired, to the login page", self.httprequest.path)
            return werkzeug.utils.redirect("/web/login", 303)
        if error is None:
            raise
        response = http_error(error)
        _logger.info("%s: HTTP %d (%s: %s)", self.httprequest.path, response.code, type(error).__name__,
                     response.description)
        return response


_signatures = {}


def _signature(method):
    """The signature of the route's function, or None for one Python cannot tell (left unchecked)."""
    function = getattr(method, "__func__", method)
    if function not in _signatures:
        try:
            _signatures[function] = inspect.signature(function)
        except (TypeError, ValueError):
            _signatures[function] = None
    return _signatures[function]


def _call_function(self, *args, **kwargs):
    """Refuse arguments the route's function cannot take (a missing parameter, an unknown one) with
    400, before it runs: Python's TypeError would be a 500 and an ERROR line."""
    endpoint = self.endpoint
    arguments = dict(kwargs, **(self.endpoint_arguments or {}))
    positional = ((self,) + args) if endpoint.first_arg_is_req else args
    method = endpoint.method
    signature = _signature(method)
    try:
        if signature is not None and hasattr(method, "__func__"):
            signature.bind(method.__self__, *positional, **arguments)
        elif signature is not None:
            signature.bind(*positional, **arguments)
    except TypeError as error:
        raise werkzeug.exceptions.BadRequest("%s: %s" % (self.httprequest.path, error))
    return _call_function.original(self, *args, **kwargs)


def _json_request_init(self, *args):
    """A JSON body that is not a JSON-RPC call (a list, params that are not an object) is a 400,
    as Odoo already answers a body that is not JSON."""
    try:
        _json_request_init.original(self, *args)
    except (AttributeError, TypeError, ValueError) as error:
        raise werkzeug.exceptions.BadRequest("not a JSON-RPC call: %s" % error)


# where Odoo binds the arguments a client sent to a model method (call_kw over JSON-RPC and XML-RPC)
CALL_FRAMES = ("call_kw", "call_kw_model", "call_kw_multi")


def _call_kw(model, name, args, kwargs):
    """A model method called with arguments it cannot take (none for a method on records, one too
    many, a method that does not exist) is the caller's error: a UserError naming the method, not
    Python's TypeError from inside Odoo. Errors raised inside the method itself are untouched."""
    try:
        return _call_kw.original(model, name, args, kwargs)
    except (TypeError, AttributeError, IndexError) as error:
        trace = error.__traceback__
        while trace.tb_next is not None:
            trace = trace.tb_next
        code = trace.tb_frame.f_code
        if code.co_filename != api.__file__ or code.co_name not in CALL_FRAMES:
            raise
        raise exceptions.UserError(_("%s.%s: %s") % (model._name, name, error)) from None


def _patch(owner, name, replacement):
    current = getattr(owner, name)
    if getattr(current, "dealer_ops", False):
        return
    replacement.original = current
    replacement.dealer_ops = True
    setattr(owner, name, replacement)


def install():
    # werkzeug writes session files with mode 644 whatever the umask: they name the user and carry
    # the session token, so they are the server's user's only
    http.root.session_store.mode = 0o600
    _patch(http, "serialize_exception", _serialize_exception)
    _patch(http.JsonRequest, "_handle_exception", _json_handle_exception)
    _patch(http.HttpRequest, "_handle_exception", _http_handle_exception)
    _patch(http.WebRequest, "_call_function", _call_function)
    _patch(http.JsonRequest, "__init__", _json_request_init)
    _patch(api, "call_kw", _call_kw)
    # the web client's own routes (downloads, uploads, report download, call_kw) imported Odoo's
    # functions by name
    from odoo.addons.web.controllers import main as web_main
    web_main._serialize_exception = _serialize_exception
    web_main.call_kw = api.call_kw
