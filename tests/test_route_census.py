"""Route census: every HTTP route of the installed modules, read from the server's routing map
(not from a list of ours), is called anonymously and as a salesperson (sales1), plain and with the
ids of records sales1 may not read (a colleague's customer, sales up, file, note; another branch's
orders and invoices; every report with a foreign record):

- no answer is a 5xx, a JSON-RPC error of a server fault, or carries a traceback;
- the server logs no ERROR line for it;
- no answer holds the foreign records' text, and no redirect leaves the site;
- every route is declared below with what it is; a route nobody declared fails the test (so does
  a declaration whose route is gone).

Routes are identified by their rule; the plain call fills path arguments with harmless values and
sends no parameters (a JSON route gets `{}`; a form route a CSRF token when it needs one).
"""
import base64
import json
import os
import re
import subprocess
import uuid
from urllib.parse import urlsplit

import pytest
import requests

from .support import ROOT, RpcClient, RpcError

EVIL = "https://elsewhere.example/phish"
# JSON-RPC errors a client may cause (anything else is a fault of the server)
CLIENT_ERRORS = re.compile(
    r"^(odoo\.exceptions\.(UserError|AccessError|AccessDenied|MissingError|ValidationError|Warning|except_orm|"
    r"RedirectWarning)|odoo\.http\.(SessionExpiredException|AuthenticationError)|werkzeug\.exceptions\.\w+|"
    r"odoo\.addons\.dealer_ops\.server_wide\.rpc_filter\.RpcRefused)$")
LOG_ERROR = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (ERROR|CRITICAL) ", re.M)


class Call:
    """One request: GET/POST (http routes) or a JSON-RPC call (json routes)."""

    def __init__(self, kind, path, params=None, csrf=False, session=None, waits=False, files=None):
        self.kind, self.path, self.params = kind, path, dict(params or {})
        self.csrf = csrf          # add the session's CSRF token to the form
        self.session = session    # "own": a session of its own (the call logs out or is destructive)
        self.waits = waits        # long polling: no answer within the timeout is the right answer
        self.files = files

    def __repr__(self):
        return "%s %s %s" % (self.kind, self.path, json.dumps(self.params, default=str)[:160])


def get(_url, **params):
    return Call("GET", _url, params)


def post(_url, csrf=True, files=None, **params):
    return Call("POST", _url, params, csrf=csrf, files=files)


def rpc(_url, **params):
    return Call("JSON", _url, params)


def own(call):
    call.session = "own"
    return call


# Every route, by its rule, with what it is (a route missing here fails test_every_route_is_declared)
ROUTES = {
    # the web client: pages, login, session
    "/": "home: to /web",
    "/web": "the web client",
    "/web/login": "login page",
    "/web/dbredirect": "database switch",
    "/web/session/logout": "logout",
    "/web/session/destroy": "logout (JSON)",
    "/web/session/authenticate": "login (JSON)",
    "/web/session/get_session_info": "session of the caller",
    "/web/session/change_password": "own password change",
    "/web/session/get_lang_list": "languages",
    "/web/session/modules": "installed modules",
    "/web/session/save_session_action": "action kept in the session",
    "/web/session/get_session_action": "action kept in the session",
    "/web/session/check": "session check",
    "/web/session/account": "odoo.com account link",
    "/gen_session_id": "new session id",
    "/web/webclient/csslist": "asset list",
    "/web/webclient/jslist": "asset list",
    "/web/webclient/qweb": "client templates",
    "/web/webclient/bootstrap_translations": "login page translations",
    "/web/webclient/translations": "client translations",
    "/web/webclient/version_info": "server version",
    "/web/webclient/locale/<string:lang>": "moment.js locale",
    "/web/tests": "QUnit suite",
    "/web/tests/mobile": "QUnit suite",
    "/web/benchmarks": "JS benchmarks",
    "/web/proxy/load": "fetches a local URL for the client",
    "/web/proxy/post/<path:path>": "replays a POST kept at login",
    "/web/action/load": "action definition",
    "/web/action/run": "server action",
    "/web/view/edit_custom": "customised dashboard view",
    "/apps/<app>": "link to the apps store",
    # the database manager: off (list_db = False)
    "/web/database/selector": "database manager (off)",
    "/web/database/manager": "database manager (off)",
    "/web/database/list": "database list (off)",
    "/web/database/create": "database manager (off)",
    "/web/database/duplicate": "database manager (off)",
    "/web/database/drop": "database manager (off)",
    "/web/database/backup": "database manager (off)",
    "/web/database/restore": "database manager (off)",
    "/web/database/change_password": "database manager (off)",
    "/jsonrpc": "RPC services (common, db, object)",
    # data
    "/web/dataset/search_read": "search and read",
    "/web/dataset/load": "read one record",
    "/web/dataset/call": "model method",
    "/web/dataset/call_kw": "model method",
    "/web/dataset/call_kw/<path:path>": "model method",
    "/web/dataset/call_button": "form button",
    "/web/dataset/resequence": "drag to reorder",
    "/web/export/formats": "export formats",
    "/web/export/get_fields": "export field tree",
    "/web/export/namelist": "saved export list",
    "/web/export/csv": "CSV export",
    "/web/export/xls": "XLSX export",
    "/web/pivot/check_xlwt": "pivot export available",
    "/web/pivot/export_xls": "pivot export",
    "/base_import/set_file": "import: upload a file",
    "/board/add_to_dashboard": "add to my dashboard",
    "/web_settings_dashboard/data": "settings dashboard",
    "/web_diagram/diagram/get_diagram_info": "workflow diagram",
    # files and images
    "/web/content": "file by query",
    "/web/content/<int:id>": "file by attachment id",
    "/web/content/<string:xmlid>": "file by xml id",
    "/web/content/<int:id>/<string:filename>": "file by attachment id",
    "/web/content/<string:xmlid>/<string:filename>": "file by xml id",
    "/web/content/<int:id>-<string:unique>": "file by attachment id",
    "/web/content/<int:id>-<string:unique>/<string:filename>": "file by attachment id",
    "/web/content/<string:model>/<int:id>/<string:field>": "a record's field as file",
    "/web/content/<string:model>/<int:id>/<string:field>/<string:filename>": "a record's field as file",
    "/web/image": "image by query",
    "/web/image/<int:id>": "image attachment",
    "/web/image/<string:xmlid>": "image by xml id",
    "/web/image/<int:id>/<string:filename>": "image attachment",
    "/web/image/<string:xmlid>/<string:filename>": "image by xml id",
    "/web/image/<int:id>/<int:width>x<int:height>": "image attachment",
    "/web/image/<string:xmlid>/<int:width>x<int:height>": "image by xml id",
    "/web/image/<int:id>/<int:width>x<int:height>/<string:filename>": "image attachment",
    "/web/image/<string:xmlid>/<int:width>x<int:height>/<string:filename>": "image by xml id",
    "/web/image/<int:id>-<string:unique>": "image attachment",
    "/web/image/<int:id>-<string:unique>/<string:filename>": "image attachment",
    "/web/image/<int:id>-<string:unique>/<int:width>x<int:height>": "image attachment",
    "/web/image/<int:id>-<string:unique>/<int:width>x<int:height>/<string:filename>": "image attachment",
    "/web/image/<string:model>/<int:id>/<string:field>": "a record's image",
    "/web/image/<string:model>/<int:id>/<string:field>/<string:filename>": "a record's image",
    "/web/image/<string:model>/<int:id>/<string:field>/<int:width>x<int:height>": "a record's image",
    "/web/image/<string:model>/<int:id>/<string:field>/<int:width>x<int:height>/<string:filename>": "a record's image",
    "/web/binary/image": "image (old URL)",
    "/web/binary/company_logo": "company logo",
    "/logo": "company logo",
    "/logo.png": "company logo",
    "/web/binary/upload": "upload (returns the file)",
    "/web/binary/upload_attachment": "attach a file to a record",
    "/web_editor/font_to_img/<icon>": "icon as image",
    "/web_editor/font_to_img/<icon>/<color>": "icon as image",
    "/web_editor/font_to_img/<icon>/<color>/<int:size>": "icon as image",
    "/web_editor/font_to_img/<icon>/<color>/<int:size>/<int:alpha>": "icon as image",
    "/web_editor/attachment/add": "editor: add an image",
    "/web_editor/attachment/remove": "editor: remove images",
    "/web_editor/field/html": "editor: HTML field page",
    "/web_editor/field/html/inline": "editor: HTML field page",
    "/web_editor/get_assets_editor_resources": "editor: theme files",
    "/web_editor/reset_less": "editor: theme files",
    "/web_editor/save_less": "editor: theme files",
    "/web_editor/snippets": "editor: snippets",
    # reports
    "/report/<converter>/<reportname>": "report without records",
    "/report/<converter>/<reportname>/<docids>": "a report of records",
    "/report/download": "report download for the web client",
    "/report/barcode": "barcode image",
    "/report/barcode/<type>/<path:value>": "barcode image",
    "/report/check_wkhtmltopdf": "wkhtmltopdf state",
    # mail, chatter, followers, calendar, bus
    "/mail/receive": "inbound mail from a mail server",
    "/mail/read_followers": "followers of a record",
    "/mail/read_subscription_data": "subtypes followed",
    "/mail/view": "link in a notification mail",
    "/mail/follow": "follow from a mail",
    "/mail/unfollow": "unfollow from a mail",
    "/mail/assign": "assign from a mail",
    "/mail/new": "new record from a mail",
    "/mail/<string:res_model>/<int:res_id>/avatar/<int:partner_id>": "author avatar",
    "/mail/needaction": "my unread count",
    "/mail/client_action": "Discuss start-up data",
    "/mail/chat_post": "live chat post",
    "/mail/chat_history": "live chat history",
    "/mail/chatter_init": "portal chatter",
    "/mail/chatter_fetch": "portal chatter",
    "/mail/chatter_post": "portal chatter post",
    "/lead/case_mark_won": "button in a mail",
    "/lead/case_mark_lost": "button in a mail",
    "/lead/convert": "button in a mail",
    "/calendar/meeting/accept": "invitation answer",
    "/calendar/meeting/decline": "invitation answer",
    "/calendar/meeting/view": "invitation",
    "/calendar/notify": "my reminders",
    "/calendar/notify_ack": "reminder seen",
    "/longpolling/poll": "bus: wait for news (up to 50 s)",
    "/longpolling/send": "bus: send to a channel",
    # portal (customers with a portal login; our users are employees) and payment
    "/my": "portal home",
    "/my/home": "portal home",
    "/my/account": "portal account",
    "/my/orders": "portal orders",
    "/my/orders/page/<int:page>": "portal orders",
    "/my/orders/<int:order>": "portal order",
    "/my/orders/pdf/<int:order_id>": "portal order PDF",
    "/my/quotes": "portal quotes",
    "/my/quotes/page/<int:page>": "portal quotes",
    "/my/quotes/accept": "portal quote signature",
    "/my/invoices": "portal invoices",
    "/my/invoices/page/<int:page>": "portal invoices",
    "/my/invoices/<int:invoice_id>": "portal invoice",
    "/my/invoices/pdf/<int:invoice_id>": "portal invoice PDF",
    "/my/payment_method": "portal payment methods",
    "/website_payment/pay": "payment page",
    "/website_payment/confirm": "payment confirmation",
    "/website_payment/transaction/<string:reference>/<string:amount>/<string:currency_id>": "payment transaction",
    "/website_payment/transaction/v2/<string:amount>/<string:currency_id>/<path:reference>": "payment transaction",
    "/website_payment/token/<string:reference>/<string:amount>/<string:currency_id>": "payment by token",
    "/website_payment/token/v2/<string:amount>/<string:currency_id>/<path:reference>": "payment by token",
    "/payment/transfer/feedback": "payment provider callback",
    "/website/translations": "portal translations",
    "/web/signup": "sign-up (uninvited sign-up is off)",
    "/web/reset_password": "password reset",
    # jobs, DMS
    "/queue_job/session": "job runner: its session",
    "/queue_job/runjob": "job runner: run a queued job",
    "/dms/<string:code>/moments": "DMS push (API key)",
    "/dms/<string:code>/inventory": "DMS stock feed (API key)",
    # the floor app (dealer_floor)
    "/floor": "the floor app's page (employees; a salesperson's own screen)",
    "/floor/api/<string:call>": "the floor app's calls (employees; each answers only what the user may read)",
    "/floor/manifest.webmanifest": "the floor app's manifest (public, no data)",
    "/floor/service-worker.js": "the floor app's service worker (public, no data)",
    "/floor/offline": "the floor app's offline page (public, no data)",
    # privacy (dealer_privacy, OCA privacy_consent)
    "/dealer_privacy/export/<int:partner_id>.json": "a person's access export (who may read the customer)",
    "/privacy/consent/<any(accept,reject):choice>/<int:consent_id>/<token>":
        "a consent request's answer link (its token)",
}


def _upload(name=b"census"):
    return {"ufile": ("census.txt", name, "text/plain")}


def _export(model, record_id):
    return json.dumps({"model": model, "fields": [{"name": "name", "label": "Name"}], "ids": [record_id],
                       "domain": [], "import_compat": False})


def _mail(text):
    return base64.b64encode(text).decode()


# Calls beyond the plain one (no parameters): the ids of records sales1 may not read (fixture `f`),
# hostile values (other sites, databases the server does not serve, unknown models and methods)
CALLS = {
    "/": lambda f: [get("/", redirect=EVIL)],
    "/web": lambda f: [get("/web", redirect=EVIL), get("/web", db=f.template)],
    "/web/login": lambda f: [get("/web/login", redirect=EVIL), get("/web/login", redirect="//elsewhere.example"),
                             get("/web/login", db=f.template)],
    "/web/dbredirect": lambda f: [get("/web/dbredirect", redirect=EVIL)],
    "/web/session/logout": lambda f: [get("/web/session/logout", redirect=EVIL)],
    "/web/session/authenticate": lambda f: [
        rpc("/web/session/authenticate", db=f.template, login="admin", password="admin"),
        rpc("/web/session/authenticate", db="postgres", login="admin", password="admin")],
    "/web/session/change_password": lambda f: [rpc("/web/session/change_password", fields=[
        {"name": "old_pwd", "value": "wrong"}, {"name": "new_password", "value": "x1"},
        {"name": "confirm_pwd", "value": "x1"}])],
    "/web/session/save_session_action": lambda f: [
        rpc("/web/session/save_session_action", the_action={"type": "ir.actions.act_window"})],
    "/web/session/get_session_action": lambda f: [rpc("/web/session/get_session_action", key=1)],
    "/web/webclient/qweb": lambda f: [get("/web/webclient/qweb", mods="web")],
    "/web/webclient/bootstrap_translations": lambda f: [rpc("/web/webclient/bootstrap_translations", mods=["web"])],
    "/web/webclient/translations": lambda f: [rpc("/web/webclient/translations", mods=["web"], lang="nl_NL")],
    "/web/webclient/locale/<string:lang>": lambda f: [get("/web/webclient/locale/nl_NL"),
                                                      get("/web/webclient/locale/..%2F..%2Fetc")],
    "/web/proxy/load": lambda f: [rpc("/web/proxy/load", path="/web/content/%d" % f.attachment),
                                  rpc("/web/proxy/load", path=EVIL)],
    "/web/proxy/post/<path:path>": lambda f: [get("/web/proxy/post/web/login")],
    "/web/action/load": lambda f: [rpc("/web/action/load", action_id="crm.crm_lead_all_leads"),
                                   rpc("/web/action/load", action_id=-1)],
    "/web/action/run": lambda f: [rpc("/web/action/run", action_id=f.server_action)],
    "/web/view/edit_custom": lambda f: [rpc("/web/view/edit_custom", custom_id=1, arch="<form/>")],
    "/apps/<app>": lambda f: [get("/apps/crm")],
    "/web/database/create": lambda f: [post("/web/database/create", csrf=False, master_pwd="admin",
                                            name="census_new", lang="en_US", password="x")],
    "/web/database/duplicate": lambda f: [post("/web/database/duplicate", csrf=False, master_pwd="admin",
                                               name=f.db, new_name="census_copy")],
    "/web/database/drop": lambda f: [post("/web/database/drop", csrf=False, master_pwd="admin", name=f.db)],
    "/web/database/backup": lambda f: [post("/web/database/backup", csrf=False, master_pwd="admin", name=f.db)],
    "/web/database/restore": lambda f: [post("/web/database/restore", csrf=False, master_pwd="admin",
                                             name="census_new")],
    "/web/database/change_password": lambda f: [post("/web/database/change_password", csrf=False,
                                                     master_pwd="admin", master_pwd_new="x")],
    "/jsonrpc": lambda f: [
        rpc("/jsonrpc", service="common", method="login", args=[f.template, "admin", "admin"]),
        rpc("/jsonrpc", service="db", method="list", args=[]),
        rpc("/jsonrpc", service="db", method="db_exist", args=[f.template]),
        rpc("/jsonrpc", service="db", method="dump", args=["admin", f.db, "zip"]),
        rpc("/jsonrpc", service="object", method="execute_kw",
            args=[f.db, f.sales1_uid, "sales1", "crm.lead", "read", [[f.lead]], {"fields": ["name"]}]),
        rpc("/jsonrpc", service="object", method="execute_kw",
            args=[f.db, f.sales1_uid, "sales1", "crm.lead", "read", [], {}]),
        rpc("/jsonrpc", service="nosuch", method="x", args=[])],
    "/web/dataset/search_read": lambda f: [
        rpc("/web/dataset/search_read", model="crm.lead", fields=["name"], domain=[("id", "=", f.lead)]),
        rpc("/web/dataset/search_read", model="ir.attachment", fields=["name", "datas"],
            domain=[("id", "=", f.attachment)]),
        rpc("/web/dataset/search_read", model="no.such.model", fields=["name"])],
    "/web/dataset/load": lambda f: [rpc("/web/dataset/load", model="crm.lead", id=f.lead, fields=["name"]),
                                    rpc("/web/dataset/load", model="no.such.model", id=1, fields=[])],
    "/web/dataset/call": lambda f: [rpc("/web/dataset/call", model="crm.lead", method="read",
                                        args=[[f.lead], ["name"]])],
    "/web/dataset/call_kw": lambda f: [rpc("/web/dataset/call_kw", model=model, method=method, args=args, kwargs=kwargs)
                                       for model, method, args, kwargs in (
        ("crm.lead", "read", [[f.lead], ["name"]], {}),
        ("res.partner", "name_get", [[f.partner]], {}),
        ("mail.message", "message_format", [[f.message]], {}),
        ("crm.lead", "read", [], {}),
        ("crm.lead", "no_such_method", [[f.lead]], {}),
        ("crm.lead", "_read_from_database", [[f.lead]], {}),
        ("sales.monitor", "monitor_data", ["branches"], {"customer_group": [1, 2]}),
        ("sales.monitor", "monitor_data", ["branches"], {"date_to": "9999-12-31"}),
        ("res.partner", "dms_export_customer", [[f.partner], 1], {}))],
    "/web/dataset/call_kw/<path:path>": lambda f: [rpc("/web/dataset/call_kw/crm.lead/read", model="crm.lead",
                                                       method="read", args=[[f.lead], ["name"]], kwargs={})],
    "/web/dataset/call_button": lambda f: [rpc("/web/dataset/call_button", model="crm.lead", method="action_set_won",
                                               args=[[f.lead]])],
    "/web/dataset/resequence": lambda f: [rpc("/web/dataset/resequence", model="crm.lead", ids=[f.lead]),
                                          rpc("/web/dataset/resequence", model="no.such.model", ids=[1])],
    "/web/export/get_fields": lambda f: [rpc("/web/export/get_fields", model="crm.lead"),
                                         rpc("/web/export/get_fields", model="no.such.model")],
    "/web/export/namelist": lambda f: [rpc("/web/export/namelist", model="crm.lead", export_id=1)],
    "/web/export/csv": lambda f: [post("/web/export/csv", token="1", data=_export("crm.lead", f.lead))],
    "/web/export/xls": lambda f: [post("/web/export/xls", token="1", data=_export("res.partner", f.partner))],
    "/web/pivot/export_xls": lambda f: [post("/web/pivot/export_xls", token="1", data=json.dumps({
        "headers": [], "measure_row": [], "nbr_measures": 1, "rows": [], "title": "x"}))],
    "/base_import/set_file": lambda f: [post("/base_import/set_file", import_id=1, jsonp="x",
                                             files={"file": ("a.csv", b"name\nx\n", "text/csv")})],
    "/board/add_to_dashboard": lambda f: [rpc("/board/add_to_dashboard", action_id=1, context_to_save={},
                                              domain=[], view_mode="list", name="x")],
    "/web_diagram/diagram/get_diagram_info": lambda f: [rpc(
        "/web_diagram/diagram/get_diagram_info", id=1, model="crm.lead", node="x", connector="y", src_node="a",
        des_node="b", label="l")],
    "/web/content": lambda f: [get("/web/content", id=f.attachment),
                               get("/web/content", model="crm.lead", id=f.lead, field="name"),
                               get("/web/content", model="ir.attachment", id=f.attachment, field="datas")],
    "/web/content/<int:id>": lambda f: [get("/web/content/%d" % f.attachment),
                                        get("/web/content/%d" % f.attachment, download="true")],
    "/web/content/<string:xmlid>": lambda f: [get("/web/content/%s" % f.attachment_xmlid)],
    "/web/content/<int:id>/<string:filename>": lambda f: [get("/web/content/%d/x.txt" % f.attachment)],
    "/web/content/<string:xmlid>/<string:filename>": lambda f: [get("/web/content/%s/x.txt" % f.attachment_xmlid)],
    "/web/content/<int:id>-<string:unique>": lambda f: [get("/web/content/%d-abc" % f.attachment)],
    "/web/content/<int:id>-<string:unique>/<string:filename>": lambda f: [
        get("/web/content/%d-abc/x.txt" % f.attachment)],
    "/web/content/<string:model>/<int:id>/<string:field>": lambda f: [
        get("/web/content/crm.lead/%d/name" % f.lead), get("/web/content/res.partner/%d/email" % f.partner),
        get("/web/content/ir.attachment/%d/datas" % f.attachment), get("/web/content/no.such.model/1/name")],
    "/web/content/<string:model>/<int:id>/<string:field>/<string:filename>": lambda f: [
        get("/web/content/crm.lead/%d/name/x.txt" % f.lead)],
    "/web/image": lambda f: [get("/web/image", model="res.partner", id=f.partner, field="name")],
    "/web/image/<int:id>": lambda f: [get("/web/image/%d" % f.attachment)],
    "/web/image/<string:xmlid>": lambda f: [get("/web/image/%s" % f.attachment_xmlid)],
    "/web/image/<int:id>/<string:filename>": lambda f: [get("/web/image/%d/x.png" % f.attachment)],
    "/web/image/<string:xmlid>/<string:filename>": lambda f: [get("/web/image/%s/x.png" % f.attachment_xmlid)],
    "/web/image/<int:id>/<int:width>x<int:height>": lambda f: [get("/web/image/%d/10x10" % f.attachment)],
    "/web/image/<string:xmlid>/<int:width>x<int:height>": lambda f: [
        get("/web/image/%s/10x10" % f.attachment_xmlid)],
    "/web/image/<int:id>/<int:width>x<int:height>/<string:filename>": lambda f: [
        get("/web/image/%d/10x10/x.png" % f.attachment)],
    "/web/image/<string:xmlid>/<int:width>x<int:height>/<string:filename>": lambda f: [
        get("/web/image/%s/10x10/x.png" % f.attachment_xmlid)],
    "/web/image/<int:id>-<string:unique>": lambda f: [get("/web/image/%d-abc" % f.attachment)],
    "/web/image/<int:id>-<string:unique>/<string:filename>": lambda f: [
        get("/web/image/%d-abc/x.png" % f.attachment)],
    "/web/image/<int:id>-<string:unique>/<int:width>x<int:height>": lambda f: [
        get("/web/image/%d-abc/10x10" % f.attachment)],
    "/web/image/<int:id>-<string:unique>/<int:width>x<int:height>/<string:filename>": lambda f: [
        get("/web/image/%d-abc/10x10/x.png" % f.attachment)],
    "/web/image/<string:model>/<int:id>/<string:field>": lambda f: [
        get("/web/image/res.partner/%d/image" % f.partner), get("/web/image/res.partner/%d/name" % f.partner),
        get("/web/image/ir.attachment/%d/datas" % f.attachment)],
    "/web/image/<string:model>/<int:id>/<string:field>/<string:filename>": lambda f: [
        get("/web/image/res.partner/%d/image/x.png" % f.partner)],
    "/web/image/<string:model>/<int:id>/<string:field>/<int:width>x<int:height>": lambda f: [
        get("/web/image/res.partner/%d/image/10x10" % f.partner)],
    "/web/image/<string:model>/<int:id>/<string:field>/<int:width>x<int:height>/<string:filename>": lambda f: [
        get("/web/image/res.partner/%d/image/10x10/x.png" % f.partner)],
    "/web/binary/image": lambda f: [get("/web/binary/image", model="res.partner", id=f.partner, field="image")],
    "/web/binary/upload": lambda f: [post("/web/binary/upload", callback="cb", files=_upload())],
    "/web/binary/upload_attachment": lambda f: [
        post("/web/binary/upload_attachment", callback="cb", model="crm.lead", id=str(f.lead), files=_upload()),
        post("/web/binary/upload_attachment", callback="cb", model="crm.lead", id="x", files=_upload())],
    "/web_editor/font_to_img/<icon>": lambda f: [get("/web_editor/font_to_img/61440"),
                                                 get("/web_editor/font_to_img/61440", size="100000")],
    "/web_editor/font_to_img/<icon>/<color>": lambda f: [get("/web_editor/font_to_img/61440/red")],
    "/web_editor/font_to_img/<icon>/<color>/<int:size>": lambda f: [
        get("/web_editor/font_to_img/61440/red/20"), get("/web_editor/font_to_img/61440/red/100000")],
    "/web_editor/font_to_img/<icon>/<color>/<int:size>/<int:alpha>": lambda f: [
        get("/web_editor/font_to_img/61440/red/20/255", font="/web/__manifest__.py")],
    "/web_editor/attachment/add": lambda f: [post("/web_editor/attachment/add", res_model="crm.lead",
                                                  res_id=str(f.lead), url="https://elsewhere.example/a.png")],
    "/web_editor/attachment/remove": lambda f: [rpc("/web_editor/attachment/remove", ids=[f.attachment])],
    "/web_editor/field/html": lambda f: [get("/web_editor/field/html", model="crm.lead", res_id=f.lead,
                                             field="description", datarecord="{}")],
    "/web_editor/field/html/inline": lambda f: [get("/web_editor/field/html/inline", model="crm.lead",
                                                    res_id=f.lead, field="description", datarecord="{}")],
    "/web_editor/get_assets_editor_resources": lambda f: [rpc("/web_editor/get_assets_editor_resources",
                                                              key="web.assets_backend")],
    "/web_editor/reset_less": lambda f: [rpc("/web_editor/reset_less", url="/web/static/x.less")],
    "/web_editor/save_less": lambda f: [rpc("/web_editor/save_less", url="/web/static/x.less",
                                            bundle_xmlid="web.assets_backend", content="x")],
    "/report/<converter>/<reportname>": lambda f: [get("/report/html/%s" % name) for name in f.reports[:3]],
    "/report/<converter>/<reportname>/<docids>": lambda f: [
        get("/report/%s/%s/%s" % (converter, name, ids)) for converter, name, ids in f.report_calls],
    "/report/download": lambda f: [get("/report/download", token="1", data=json.dumps(
        ["/report/pdf/%s/%s" % f.report_calls[0][1:], "qweb-pdf"]))],
    "/report/barcode": lambda f: [get("/report/barcode", type="QR", value="x", width=10, height=10)],
    "/report/barcode/<type>/<path:value>": lambda f: [get("/report/barcode/QR/x")],
    "/mail/receive": lambda f: [rpc("/mail/receive", databases={f.template: _mail(b"Subject: x\n\nx")}),
                                rpc("/mail/receive", databases={f.db: _mail(b"not a mail")})],
    "/mail/read_followers": lambda f: [
        rpc("/mail/read_followers", follower_ids=f.followers, res_model="crm.lead"),
        rpc("/mail/read_followers", follower_ids=f.followers, res_model="res.users")],
    "/mail/read_subscription_data": lambda f: [rpc("/mail/read_subscription_data", res_model="crm.lead",
                                                   follower_id=f.followers[0])],
    "/mail/view": lambda f: [get("/mail/view", model="crm.lead", res_id=f.lead),
                             get("/mail/view", message_id=f.message)],
    "/mail/follow": lambda f: [get("/mail/follow", model="crm.lead", res_id=f.lead, token="x")],
    "/mail/unfollow": lambda f: [get("/mail/unfollow", model="crm.lead", res_id=f.lead, token="x")],
    "/mail/assign": lambda f: [get("/mail/assign", model="crm.lead", res_id=f.lead, token="x")],
    "/mail/new": lambda f: [get("/mail/new", model="crm.lead", res_id=f.lead, action_id="")],
    "/mail/<string:res_model>/<int:res_id>/avatar/<int:partner_id>": lambda f: [
        get("/mail/crm.lead/%d/avatar/%d" % (f.lead, f.partner))],
    "/mail/chat_post": lambda f: [rpc("/mail/chat_post", uuid="x", message_content="x")],
    "/mail/chat_history": lambda f: [rpc("/mail/chat_history", uuid="x")],
    "/mail/chatter_init": lambda f: [rpc("/mail/chatter_init", res_model="crm.lead", res_id=f.lead),
                                     rpc("/mail/chatter_init", res_model="res.partner", res_id=f.partner)],
    "/mail/chatter_fetch": lambda f: [rpc("/mail/chatter_fetch", res_model="sale.order", res_id=f.order),
                                      rpc("/mail/chatter_fetch", res_model="crm.lead", res_id=f.lead)],
    "/mail/chatter_post": lambda f: [post("/mail/chatter_post", res_model="crm.lead", res_id=str(f.lead),
                                          message="census")],
    "/lead/case_mark_won": lambda f: [get("/lead/case_mark_won", res_id=f.lead, token="x")],
    "/lead/case_mark_lost": lambda f: [get("/lead/case_mark_lost", res_id=f.lead, token="x")],
    "/lead/convert": lambda f: [get("/lead/convert", res_id=f.lead, token="x")],
    "/calendar/meeting/accept": lambda f: [
        get("/calendar/meeting/accept", db=f.template, token="x", action="1", id="1"),
        get("/calendar/meeting/accept", db=f.db, token="x", action="1", id="1")],
    "/calendar/meeting/decline": lambda f: [get("/calendar/meeting/decline", db=f.db, token="x", action="1",
                                                id="1")],
    "/calendar/meeting/view": lambda f: [get("/calendar/meeting/view", db=f.db, token="x", action="1", id="1")],
    "/longpolling/poll": lambda f: [Call("JSON", "/longpolling/poll", {"channels": [], "last": 10 ** 9},
                                         waits=True)],
    "/longpolling/send": lambda f: [rpc("/longpolling/send", channel="x", message="census")],
    "/my/orders/page/<int:page>": lambda f: [get("/my/orders/page/2")],
    "/my/orders/<int:order>": lambda f: [get("/my/orders/%d" % f.order),
                                         get("/my/orders/%d" % f.order, access_token="x")],
    "/my/orders/pdf/<int:order_id>": lambda f: [get("/my/orders/pdf/%d" % f.order),
                                                get("/my/orders/pdf/%d" % f.order, access_token="x")],
    "/my/quotes/page/<int:page>": lambda f: [get("/my/quotes/page/2")],
    "/my/quotes/accept": lambda f: [rpc("/my/quotes/accept", res_id=f.order, access_token="x",
                                        partner_name="x", signature="x")],
    "/my/invoices/page/<int:page>": lambda f: [get("/my/invoices/page/2")],
    "/my/invoices/<int:invoice_id>": lambda f: [get("/my/invoices/%d" % f.invoice)],
    "/my/invoices/pdf/<int:invoice_id>": lambda f: [get("/my/invoices/pdf/%d" % f.invoice)],
    "/website_payment/pay": lambda f: [get("/website_payment/pay", reference="x", amount="1", currency_id="1")],
    "/website_payment/confirm": lambda f: [get("/website_payment/confirm", tx_id="1")],
    "/website_payment/transaction/<string:reference>/<string:amount>/<string:currency_id>": lambda f: [
        rpc("/website_payment/transaction/x/1/1", acquirer_id=1)],
    "/website_payment/transaction/v2/<string:amount>/<string:currency_id>/<path:reference>": lambda f: [
        rpc("/website_payment/transaction/v2/1/1/x", acquirer_id=1)],
    "/website_payment/token/<string:reference>/<string:amount>/<string:currency_id>": lambda f: [
        get("/website_payment/token/x/1/1", pm_id="1")],
    "/website_payment/token/v2/<string:amount>/<string:currency_id>/<path:reference>": lambda f: [
        get("/website_payment/token/v2/1/1/x", pm_id="1")],
    "/payment/transfer/feedback": lambda f: [
        post("/payment/transfer/feedback", csrf=False, reference="x", return_url=EVIL)],
    "/website/translations": lambda f: [rpc("/website/translations", lang="nl_NL", mods=["web"])],
    "/queue_job/runjob": lambda f: [get("/queue_job/runjob", db=f.template, job_uuid="x"),
                                    get("/queue_job/runjob", db=f.db, job_uuid="x")],
    "/dms/<string:code>/moments": lambda f: [post("/dms/demo-dms/moments", csrf=False),
                                             post("/dms/no-such/moments", csrf=False)],
    "/dms/<string:code>/inventory": lambda f: [post("/dms/demo-dms/inventory", csrf=False)],
    "/floor/api/<string:call>": lambda f: [
        rpc("/floor/api/contact", values={"lead_id": f.lead, "kind": "call", "channel": "phone",
                                          "summary": "census"}),
        rpc("/floor/api/checkout", values={"visit_id": f.lead}),
        rpc("/floor/api/duplicates", values={"phone": "x", "email": "x", "name": "x"}),
        rpc("/floor/api/no_such_call")],
    "/dealer_privacy/export/<int:partner_id>.json": lambda f: [
        get("/dealer_privacy/export/%d.json" % f.partner)],
    "/privacy/consent/<any(accept,reject):choice>/<int:consent_id>/<token>": lambda f: [
        get("/privacy/consent/accept/1/x"), get("/privacy/consent/reject/%d/x" % f.partner)],
}


# routes that end the session they are called in: each call gets a session of its own
OWN_SESSION = {"/web/session/logout", "/web/session/destroy"}


class Foreign:
    """Records sales1 may not read, made by the director for sales3 (another branch), with a
    marker in their text; plus existing ones of other kinds (orders, invoices, report records)."""


def _routing_map(db):
    """The routes of the server's routing map for `db` (server-wide modules and every installed
    module), as Odoo builds it."""
    script = r'''
import json
from odoo import http
modules = [""] + odoo.conf.server_wide_modules + sorted(env.registry._init_modules - {"web"})
routing = http.routing_map(modules, False, converters=env["ir.http"]._get_converters())
rules = {}
for rule in routing.iter_rules():
    rules.setdefault(rule.rule, {"type": rule.endpoint.routing["type"], "methods": sorted(rule.methods or []),
                                 "auth": rule.endpoint.routing["auth"], "csrf": rule.endpoint.routing.get("csrf", True),
                                 "arguments": sorted(rule.arguments)})
print("ROUTES " + json.dumps(rules))
'''
    output = subprocess.run(
        [os.path.join(ROOT, "bin", "odoo"), "shell", "-c", os.path.join(ROOT, "odoo.conf"), "-d", db, "--no-http",
         "--logfile", os.path.join(ROOT, ".local", "log", "route-census-shell.log")],
        input=script.encode(), stdout=subprocess.PIPE, check=True, cwd=ROOT).stdout.decode()
    return json.loads(next(line[len("ROUTES "):] for line in output.splitlines() if line.startswith("ROUTES ")))


def _foreign_id(admin, sales1, model, domain=()):
    """An id of `model` that exists and sales1 may not read (None when there is none)."""
    ids = admin.call(model, "search", list(domain), limit=200, context={"active_test": False})
    if not ids:
        return None
    try:
        visible = set(sales1.call(model, "search", [("id", "in", ids)], context={"active_test": False}))
    except RpcError:
        visible = set()
    hidden = [record_id for record_id in ids if record_id not in visible]
    return hidden[0] if hidden else None


@pytest.fixture
def foreign(odoo_server, rpc):
    director, sales1 = rpc("director"), rpc("sales1")
    admin = rpc("admin")
    f = Foreign()
    f.db = odoo_server.db
    f.template = "dealer_tmpl_census_unknown"
    f.sales1_uid = sales1.uid
    f.marker = "CENSUS%s" % uuid.uuid4().hex[:12].upper()
    sales3 = director.call("res.users", "search_read", [("login", "=", "sales3")], ["sale_team_id"])[0]
    # (not sent to the demo DMS backend: its export job would wait for a DMS that is not there)
    f.partner = director.call("res.partner", "create", {
        "name": "%s Customer" % f.marker, "customer": True, "email": "%s@example.org" % f.marker.lower(),
        "user_id": sales3["id"]}, context={"connector_no_export": True})
    f.lead = director.call("crm.lead", "create", {
        "name": "%s sales up" % f.marker, "type": "opportunity", "contact_name": f.marker, "contact_lastname": "Census",
        "lead_type": "walk_in", "lead_status": "warm", "partner_id": f.partner, "user_id": sales3["id"],
        "team_id": sales3["sale_team_id"][0], "description": "%s notes" % f.marker})
    f.attachment = director.call("ir.attachment", "create", {
        "name": "%s.txt" % f.marker, "datas_fname": "%s.txt" % f.marker, "res_model": "crm.lead", "res_id": f.lead,
        "datas": base64.b64encode(("%s file content" % f.marker).encode()).decode()})
    f.attachment_xmlid = "census.%s" % f.marker.lower()
    admin.call("ir.model.data", "create", {"module": "census", "name": f.marker.lower(), "model": "ir.attachment",
                                           "res_id": f.attachment})
    director.call("crm.lead", "message_post", [f.lead], body="%s note" % f.marker, message_type="comment",
                  subtype="mail.mt_note")
    f.message = director.call("mail.message", "search", [("model", "=", "crm.lead"), ("res_id", "=", f.lead)],
                              limit=1)[0]
    f.followers = director.call("mail.followers", "search", [("res_model", "=", "crm.lead"), ("res_id", "=", f.lead)])
    f.order = _foreign_id(admin, sales1, "sale.order") or 1
    f.invoice = _foreign_id(admin, sales1, "account.invoice") or 1
    f.server_action = director.call("ir.actions.server", "search", [], limit=1)[0]
    for model, record_id in (("res.partner", f.partner), ("crm.lead", f.lead), ("ir.attachment", f.attachment),
                             ("mail.message", f.message)):
        assert not sales1.call(model, "search", [("id", "=", record_id)]), "sales1 reads the foreign %s" % model
    # every report, with a record of its model sales1 may not read (or an id that does not exist)
    reports = admin.call("ir.actions.report", "search_read", [], ["report_name", "model", "report_type"])
    f.reports = sorted(report["report_name"] for report in reports)
    f.report_calls = []
    for report in sorted(reports, key=lambda report: report["report_name"]):
        record_id = {"crm.lead": f.lead, "res.partner": f.partner}.get(report["model"]) \
            or _foreign_id(admin, sales1, report["model"]) or 999999
        converter = "xlsx" if report["report_type"] == "xlsx" else "html"
        f.report_calls.append((converter, report["report_name"], str(record_id)))
    # one PDF with wkhtmltopdf: the offer, of a colleague's sales up
    offer = _foreign_id(admin, sales1, "presales.offer")
    if offer:
        f.report_calls.insert(0, ("pdf", "automotive_configurator.report_presales_offer_document", str(offer)))
    return f


def _fill(rule):
    """A path for `rule` with harmless values in its arguments."""
    def value(match):
        converter = match.group(1) or "string"
        if converter in ("int", "float"):
            return "1"
        return "x"
    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>", value, rule)


def _plain_call(rule, route):
    path = _fill(rule)
    if route["type"] == "json":
        return Call("JSON", path, {})
    if route["methods"] == ["POST"]:
        return Call("POST", path, {}, csrf=route["csrf"])
    return Call("GET", path, {})


class Caller:
    """Sends calls as one party (anonymous or a user), with its session and CSRF token."""

    def __init__(self, server, login=None):
        self.server, self.login = server, login
        self.session = self._session()

    def _session(self):
        if self.login:
            return RpcClient(self.server.url, self.server.db, self.login).session
        session = requests.Session()
        session.get(self.server.url + "/web/login", timeout=30)
        return session

    def csrf_token(self, session):
        # the login page carries the session's token, logged in or not (and is cheap to render)
        page = session.get(self.server.url + "/web/login", timeout=60).text
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found, "no CSRF token on the login page for %s" % (self.login or "anonymous")
        return found.group(1)

    def send(self, call):
        session = self._session() if call.session == "own" else self.session
        url = self.server.url + call.path
        if call.kind == "JSON":
            return session.post(url, json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": call.params},
                                timeout=3 if call.waits else 120, allow_redirects=False)
        if call.kind == "GET":
            return session.get(url, params=call.params, timeout=120, allow_redirects=False)
        data = dict(call.params)
        if call.csrf:
            data["csrf_token"] = self.csrf_token(session)
        return session.post(url, data=data, files=call.files, timeout=120, allow_redirects=False)


def _problems(call, response, marker, server, new_log):
    problems = []
    body = response.text if response is not None else ""
    if response is not None and response.status_code >= 500:
        problems.append("HTTP %d" % response.status_code)
    if "Traceback (most recent call last)" in body or 'File "/' in body:
        problems.append("traceback in the answer")
    if marker.lower() in body.lower():
        problems.append("foreign data in the answer")
    if response is not None and response.is_redirect:
        target = urlsplit(response.headers.get("Location", ""))
        if target.netloc and target.netloc != urlsplit(server.url).netloc:
            problems.append("redirect off site to %s" % response.headers["Location"])
    is_json = response is not None and response.headers.get("Content-Type", "").startswith("application/json")
    if call.kind == "JSON" and is_json:
        error = response.json().get("error")
        name = error and (error.get("data") or {}).get("name")
        if error and not CLIENT_ERRORS.match(name or ""):
            problems.append("server error %s: %s" % (name, (error.get("data") or {}).get("message")))
    errors = LOG_ERROR.findall(new_log)
    if errors:
        problems.append("%d ERROR lines in the server log: %s" % (len(errors), new_log.strip()[:600]))
    return problems


@pytest.fixture(scope="module")
def routes(odoo_server):
    return _routing_map(odoo_server.db)


def test_every_route_is_declared(routes):
    undeclared = sorted(set(routes) - set(ROUTES))
    gone = sorted(set(ROUTES) - set(routes))
    assert set(CALLS) <= set(ROUTES), "calls for routes not declared: %s" % sorted(set(CALLS) - set(ROUTES))
    assert not undeclared, "routes nobody declared in tests/test_route_census.py: %s" % undeclared
    assert not gone, "declared routes the server no longer has: %s" % gone


def test_every_route_anonymous_and_as_a_salesperson_with_foreign_ids(odoo_server, foreign, routes):
    callers = [Caller(odoo_server), Caller(odoo_server, "sales1")]
    failures = []
    with open(odoo_server.log_path, errors="replace") as log:
        log.seek(0, os.SEEK_END)
        for rule in sorted(routes):
            what, extra = ROUTES.get(rule), CALLS.get(rule)
            calls = [_plain_call(rule, routes[rule])] + (extra(foreign) if extra else [])
            if rule in OWN_SESSION:
                calls = [own(call) for call in calls]
            for caller in callers:
                # a route for users only answers an outsider the same whatever the ids: the plain
                # call proves it (the login page or "session expired")
                outsider_once = caller.login is None and routes[rule]["auth"] == "user"
                for call in calls[:1] if outsider_once else calls:
                    try:
                        response = caller.send(call)
                    except requests.ReadTimeout:
                        if not call.waits:
                            failures.append("%s as %s: no answer in time" % (call, caller.login or "anonymous"))
                        continue
                    for problem in _problems(call, response, foreign.marker, odoo_server, log.read()):
                        failures.append("%s (%s) as %s: %s" % (call, what, caller.login or "anonymous", problem))
    assert not failures, "%d failures:\n%s" % (len(failures), "\n".join(failures))
