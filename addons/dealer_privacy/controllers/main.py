import json

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from werkzeug.exceptions import Forbidden, NotFound


class DealerPrivacyController(http.Controller):

    @http.route("/dealer_privacy/export/<int:partner_id>.json", type="http", auth="user", methods=["GET"])
    def export_json(self, partner_id, **kwargs):
        """The machine-readable access export of one person, as a download (Sales Director only)."""
        partner = request.env["res.partner"].browse(partner_id)
        if not partner.sudo().exists():
            raise NotFound()
        try:
            partner.check_access_rule("read")
            data = partner.privacy_export_json()
        except AccessError:
            raise Forbidden()
        except MissingError:
            raise NotFound()
        body = json.dumps({"partner_id": partner_id, "data": data}, indent=1, sort_keys=True, default=str)
        return request.make_response(body, headers=[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Disposition", 'attachment; filename="privacy-export-%d.json"' % partner_id),
            ("Cache-Control", "no-store")])
