from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers.main import MailController

from ..lib import link_values


class PresalesMailController(MailController):

    @http.route("/mail/read_followers", type="json", auth="user")
    def read_followers(self, follower_ids, res_model):
        # Odoo 11 reads the follower rows it is given as superuser and checks only the documents
        # of the model it is told they belong to: any rows (a colleague's sales up, customers
        # among them) came back under another model's name. Only rows the user may read, of that
        # model, are given on.
        try:
            ids = link_values.to_ids(follower_ids)
        except link_values.LinkValueError:
            ids = []
        if not isinstance(res_model, str) or res_model not in request.env:
            return {"followers": [], "subtypes": None}
        readable = request.env["mail.followers"].search([("id", "in", ids), ("res_model", "=", res_model)])
        return super().read_followers(readable.ids, res_model)
