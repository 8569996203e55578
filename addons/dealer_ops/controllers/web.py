"""The web client's routes where Odoo 11 trusts what the client sends (server-wide: every
database gets them).

- Redirects after login, on /web and /web/dbredirect, and after logout stay on this site.
- The database manager (`/web/database/*`) does not exist while `list_db` is off: every route
  answers 404, before a master password is even looked at (Odoo would log an ERROR for each try).
- A model name the registry does not know is the client's error (UserError), not a KeyError.
- CSV/XLSX exports and uploads: a client's error (a record they may not read, a wrong argument) is
  a 4xx with Odoo's error object and no traceback; Odoo answers 500 and logs an ERROR.
- A barcode of an unknown type or a value it cannot encode is a 400 (Odoo: 500).
"""
import base64
import inspect
import json
import logging
import re
import unicodedata

import werkzeug.exceptions
import werkzeug.utils

import odoo
from odoo import _, http
from odoo.exceptions import MissingError, UserError, except_orm
from odoo.http import request
from odoo.addons.web.controllers import main

from ..lib.redirects import local_target
from ..server_wide.client_errors import client_error, http_error

_logger = logging.getLogger(__name__)


class Home(main.Home):

    @http.route()
    def index(self, s_action=None, db=None, **kw):
        # Odoo forwards the whole query to /web, a redirect parameter included
        if "redirect" in request.params:
            request.params["redirect"] = local_target(request.params["redirect"])
        return super().index(s_action=s_action, db=db, **kw)

    @http.route()
    def web_client(self, s_action=None, **kw):
        if kw.get("redirect"):
            kw["redirect"] = local_target(kw["redirect"])
        return super().web_client(s_action=s_action, **kw)

    @http.route()
    def web_db_redirect(self, redirect="/", **kw):
        return super().web_db_redirect(redirect=local_target(redirect, "/"), **kw)

    @http.route()
    def web_login(self, redirect=None, **kw):
        if redirect is not None:
            redirect = local_target(redirect)
            request.params["redirect"] = redirect
        return super().web_login(redirect=redirect, **kw)


class Session(main.Session):

    @http.route()
    def logout(self, redirect="/web"):
        return super().logout(redirect=local_target(redirect))


def _no_database_manager():
    if not odoo.tools.config["list_db"]:
        raise werkzeug.exceptions.NotFound()


class Database(main.Database):

    @http.route()
    def selector(self, **kw):
        _no_database_manager()
        return super().selector(**kw)

    @http.route()
    def manager(self, **kw):
        _no_database_manager()
        return super().manager(**kw)

    @http.route()
    def create(self, master_pwd, name, lang, password, **post):
        _no_database_manager()
        return super().create(master_pwd, name, lang, password, **post)

    @http.route()
    def duplicate(self, master_pwd, name, new_name):
        _no_database_manager()
        return super().duplicate(master_pwd, name, new_name)

    @http.route()
    def drop(self, master_pwd, name):
        _no_database_manager()
        return super().drop(master_pwd, name)

    @http.route()
    def backup(self, master_pwd, name, backup_format="zip"):
        _no_database_manager()
        return super().backup(master_pwd, name, backup_format=backup_format)

    @http.route()
    def restore(self, master_pwd, backup_file, name, copy=False):
        _no_database_manager()
        return super().restore(master_pwd, backup_file, name, copy=copy)

    @http.route()
    def change_password(self, master_pwd, master_pwd_new):
        _no_database_manager()
        return super().change_password(master_pwd, master_pwd_new)

    @http.route()
    def list(self):
        _no_database_manager()
        return super().list()


def _model(name):
    if not isinstance(name, str) or name not in request.env.registry:
        raise UserError(_("There is no model %r.") % (name,))
    return name


class DataSet(main.DataSet):

    def do_search_read(self, model, fields=False, offset=0, limit=False, domain=None, sort=None):
        return super().do_search_read(_model(model), fields, offset, limit, domain, sort)

    @http.route()
    def load(self, model, id, fields):  # pylint: disable=redefined-builtin
        return super().load(_model(model), id, fields)

    def _call_kw(self, model, method, args, kwargs):
        return super()._call_kw(_model(model), method, args, kwargs)

    @http.route()
    def resequence(self, model, ids, field="sequence", offset=0):
        return super().resequence(_model(model), ids, field=field, offset=offset)


def _undecorated(function):
    """The route's own function, under Odoo's route wrapper and web's `serialize_exception`
    decorator (which logs every error at ERROR and answers 500)."""
    return inspect.unwrap(function)


def _client_errors_as_4xx(function, *args, **kwargs):
    """Run an export or upload; a client's error answers a 4xx carrying Odoo's error object (the
    web client shows its message), logged at INFO. A fault of the server stays Odoo's 500."""
    try:
        return function(*args, **kwargs)
    except Exception as error:  # pylint: disable=broad-except
        cause = client_error(error)
        if cause is None:
            raise
        status = http_error(cause)
        _logger.info("%s: HTTP %d (%s: %s)", request.httprequest.path, status.code, type(cause).__name__, cause)
        payload = {"code": 200, "message": "Odoo Server Error", "data": http.serialize_exception(cause)}
        return type(status)(json.dumps(payload))


class CSVExport(main.CSVExport):

    @http.route()
    def index(self, data, token):
        return _client_errors_as_4xx(_undecorated(main.CSVExport.index), self, data, token)


class ExcelExport(main.ExcelExport):

    @http.route()
    def index(self, data, token):
        return _client_errors_as_4xx(_undecorated(main.ExcelExport.index), self, data, token)


class Export(main.Export):

    @http.route()
    def get_fields(self, model, prefix="", parent_name="", import_compat=True, parent_field_type=None,
                   exclude=None):
        return super().get_fields(_model(model), prefix=prefix, parent_name=parent_name, import_compat=import_compat,
                                  parent_field_type=parent_field_type, exclude=exclude)

    @http.route()
    def namelist(self, model, export_id):
        # Odoo reads the saved export by id and takes [0] of what it got: a 500 for an unknown id
        if not request.env["ir.exports"].browse(export_id if isinstance(export_id, int) else 0).exists():
            raise MissingError(_("There is no saved export %r.") % (export_id,))
        return super().namelist(_model(model), export_id)


class Binary(main.Binary):

    @http.route()
    def upload(self, callback, ufile):
        """Odoo's upload that sends the file back to the page, which always failed on Python 3 (the
        base64 is bytes, which json cannot write: a 500 and an ERROR line)."""
        out = """<script language="javascript" type="text/javascript">
                    var win = window.top.window;
                    win.jQuery(win).trigger(%s, %s);
                </script>"""
        try:
            data = ufile.read()
            args = [len(data), ufile.filename, ufile.content_type, base64.b64encode(data).decode()]
        except (AttributeError, OSError, ValueError) as error:
            args = [False, str(error)]
        return out % (json.dumps(callback), json.dumps(args))

    @http.route()
    def upload_attachment(self, callback, model, id, ufile):  # pylint: disable=redefined-builtin
        """Odoo's upload of files to a record (web/controllers/main.py), except that a file the user
        may not attach (a record they may not write, an unknown model, an id that is not a number)
        answers its reason and logs INFO, where Odoo logs an ERROR and answers "Something horrible
        happened"."""
        out = """<script language="javascript" type="text/javascript">
                    var win = window.top.window;
                    win.jQuery(win).trigger(%s, %s);
                </script>"""
        results = []
        for upload in request.httprequest.files.getlist("ufile"):
            filename = upload.filename
            if request.httprequest.user_agent.browser == "safari":
                # Safari sends NFD UTF-8 (as Odoo does: the browser expects the same form back)
                filename = unicodedata.normalize("NFD", upload.filename)
            try:
                try:
                    res_id = int(id)
                except (TypeError, ValueError):
                    raise UserError(_("Upload: %r is not a record id.") % (id,))
                # a refused file leaves nothing behind, the others are kept
                with request.env.cr.savepoint():
                    attachment = request.env["ir.attachment"].create({
                        "name": filename,
                        "datas": base64.b64encode(upload.read()),
                        "datas_fname": filename,
                        "res_model": _model(model),
                        "res_id": res_id,
                    })
            except Exception as error:  # pylint: disable=broad-except
                cause = client_error(error)
                if cause is None:
                    raise
                _logger.info("upload of %s to %s,%s refused: %s", filename, model, id, cause)
                results.append({"error": cause.name if isinstance(cause, except_orm) else str(cause)})
            else:
                results.append({"filename": filename, "mimetype": upload.content_type, "id": attachment.id})
        return out % (json.dumps(callback), json.dumps(results))


class ReportController(main.ReportController):

    @http.route()
    def report_routes(self, reportname, docids=None, converter=None, **data):
        """A report by its name, of records by their ids: an unknown report or converter is a 404,
        ids or options that are not what the route takes a 400 (Odoo: a 500 for each), and a report
        that cannot be printed from what the URL gives it (one that needs its wizard's data) a 400
        with the reason in the log (WARNING, with the traceback)."""
        if converter not in ("html", "pdf", "xlsx"):
            raise werkzeug.exceptions.NotFound()
        report = request.env["ir.actions.report"]._get_report_from_name(reportname)
        if not report or (converter == "xlsx") != (report.report_type == "xlsx"):
            raise werkzeug.exceptions.NotFound()
        if docids and not re.match(r"^\d+(,\d+)*$", docids):
            raise werkzeug.exceptions.BadRequest("Report %s: %r are not record ids." % (reportname, docids))
        for name in ("options", "context"):
            if data.get(name):
                try:
                    value = json.loads(data[name])
                except ValueError:
                    value = None
                if not isinstance(value, dict):
                    raise werkzeug.exceptions.BadRequest("Report %s: %s must be a JSON object." % (reportname, name))
        try:
            return super().report_routes(reportname, docids=docids, converter=converter, **data)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
            _logger.warning("report %s (%s, records %s) cannot be printed from this URL: %s", reportname, converter,
                            docids, error, exc_info=True)
            raise werkzeug.exceptions.BadRequest("The report %s cannot be printed with these parameters." % report.name)

    @http.route()
    def report_barcode(self, type, value, width=600, height=100, humanreadable=0):  # pylint: disable=redefined-builtin
        try:
            return super().report_barcode(type, value, width=width, height=height, humanreadable=humanreadable)
        except werkzeug.exceptions.HTTPException as error:
            if error.code:
                raise
            # Odoo's "Cannot convert into barcode." has no status code: a 500
            raise werkzeug.exceptions.BadRequest(error.description)
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            # reportlab: an unknown barcode type (KeyError), a size that is not a number
            raise werkzeug.exceptions.BadRequest("Cannot draw a %r barcode of %r: %s" % (type, value, error))
