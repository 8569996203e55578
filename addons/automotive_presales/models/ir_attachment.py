from odoo import models


class IrAttachment(models.Model):
    """Odoo 11's ir.attachment follows the document it is attached to in _search/check;
    read_group skips both and would list the files of every sales up: it groups only what
    search returns."""

    _name = "ir.attachment"
    _inherit = ["ir.attachment", "presales.read.group.through.search"]
