"""The floor app's HTTP side: its page, its JSON calls, and what makes it an installable web app
(the manifest and the service worker)."""
import hashlib
import json

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.modules.module import get_module_resource

from ..lib import floor

ASSETS = "dealer_floor.assets_floor"
THEME_COLOUR = "#1f4e79"

# The floor's JSON calls and the dealer.floor method each one runs (as the user who asks).
CALLS = {
    "state": ("floor_state", False),
    "duplicates": ("find_duplicates", True),
    "walk_in": ("capture_walk_in", True),
    "contact": ("log_contact", True),
    "test_drive": ("book_test_drive", True),
    "cars": ("find_cars", True),
    "checkout": ("checkout_visit", True),
    "presence": ("toggle_present", False),
}


def _json_for_script(value):
    """JSON to embed in a <script> element: no "</script>" or "<!--" can end it early."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset_urls():
    """The URLs of the floor's CSS and JS bundles as the page links them (hashed: immutable)."""
    nodes = request.env["ir.qweb"]._get_asset_nodes(ASSETS, {}, css=True, js=True)
    return [attrs.get("href") or attrs.get("src") for _tag, attrs, _content in nodes
            if attrs.get("href") or attrs.get("src")]


def _manifest_lang():
    """The language of the app's name on the home screen: the phone's, when it is installed."""
    accepted = request.httprequest.accept_languages.best_match(["nl", "en"]) or "en"
    codes = [code for code, _name in request.env["res.lang"].sudo().get_installed()]
    if accepted == "nl" and "nl_NL" in codes:
        return "nl_NL"
    return "en_US"


class Floor(http.Controller):

    @http.route("/floor", type="http", auth="user", methods=["GET"])
    def floor_page(self, **_kwargs):
        user = request.env.user
        if not user.has_group("automotive_presales.group_salesperson"):
            return request.redirect("/web")
        Floor = request.env["dealer.floor"]
        return request.render("dealer_floor.floor_page", {
            "floor_state": _json_for_script(Floor.floor_state()),
            "floor_strings": _json_for_script(Floor.floor_strings()),
            "theme_colour": THEME_COLOUR,
        })

    @http.route("/floor/api/<string:call>", type="json", auth="user")
    def floor_api(self, call, values=None, **_kwargs):
        if call not in CALLS:
            raise UserError(_("The floor app knows no call %r.") % call[:40])
        method, takes_values = CALLS[call]
        Floor = request.env["dealer.floor"]
        try:
            if takes_values:
                return getattr(Floor, method)(values)
            return getattr(Floor, method)()
        except floor.InvalidInput as error:
            raise UserError(_("Field %s %s.") % (error.field, Floor.floor_problem(error.problem)))

    @http.route("/floor/manifest.webmanifest", type="http", auth="public", methods=["GET"])
    def manifest(self):
        lang = _manifest_lang()
        names = request.env["dealer.floor"].with_context(lang=lang).floor_app_names()
        icons = [{"src": "/dealer_floor/static/src/img/icon-%d.png" % size, "sizes": "%dx%d" % (size, size),
                  "type": "image/png", "purpose": "any maskable"} for size in (192, 512)]
        body = {
            "name": names["name"],
            "short_name": names["short_name"],
            "description": names["description"],
            "lang": lang.replace("_", "-"),
            "start_url": "/floor",
            "scope": "/",
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#ffffff",
            "theme_color": THEME_COLOUR,
            "icons": icons,
        }
        return request.make_response(json.dumps(body), headers=[
            ("Content-Type", "application/manifest+json"), ("Cache-Control", "no-cache")])

    @http.route("/floor/service-worker.js", type="http", auth="public", methods=["GET"])
    def service_worker(self):
        """The service worker: served from /floor/ but allowed the whole site (its header), so the
        installed app opens /floor at once and /web says it is offline instead of failing.
        Its text names the current asset URLs, so a new version of the app replaces the old."""
        precache = ["/floor/offline", "/dealer_floor/static/src/img/icon-192.png"] + _asset_urls()
        with open(get_module_resource("dealer_floor", "static", "src", "js", "service_worker.js")) as handle:
            worker = handle.read()
        version = hashlib.sha1((json.dumps(precache) + worker).encode()).hexdigest()[:12]
        script = "const FLOOR_VERSION = %s;\nconst FLOOR_PRECACHE = %s;\n%s" % (
            json.dumps(version), json.dumps(precache), worker)
        return request.make_response(script, headers=[
            ("Content-Type", "application/javascript; charset=utf-8"),
            ("Service-Worker-Allowed", "/"),
            ("Cache-Control", "no-cache")])

    @http.route("/floor/offline", type="http", auth="public", methods=["GET"])
    def offline(self):
        lang = _manifest_lang()
        page = request.env["ir.ui.view"].with_context(lang=lang).render_template(
            "dealer_floor.floor_offline_page", {"theme_colour": THEME_COLOUR})
        return request.make_response(page, headers=[("Content-Type", "text/html; charset=utf-8")])
