"""`/web_diagram/diagram/get_diagram_info` (web_diagram's controller): the workflow diagram of a
record. Model names the client sends that the registry does not know are a UserError (Odoo: a
KeyError, a 500)."""
from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.addons.web_diagram.controllers import main


class DiagramView(main.DiagramView):

    @http.route()
    def get_diagram_info(self, id, model, node, connector, src_node, des_node, label, **kw):  # noqa: A002
        for name in (model, node, connector):
            if not isinstance(name, str) or name not in request.env.registry:
                raise UserError(_("There is no model %r.") % (name,))
        return super().get_diagram_info(id, model, node, connector, src_node, des_node, label, **kw)
