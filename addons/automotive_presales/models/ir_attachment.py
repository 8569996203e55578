from odoo import api, models

from .read_group_access import searchable_domain


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        # Odoo 11's ir.attachment follows the document it is attached to in _search/check;
        # read_group skips both and would list the files of every sales up (see
        # searchable_domain).
        return super().read_group(searchable_domain(self, domain), fields, groupby, offset=offset,
                                  limit=limit, orderby=orderby, lazy=lazy)
