from odoo import SUPERUSER_ID, api, models
from odoo.osv import expression


def searchable_domain(model, domain):
    """`domain` narrowed to the records `model._search` returns for the current user.

    Some Odoo 11 models decide who reads which record in Python, in `_search` and
    `check_access_rule` (mail.message, ir.attachment, and mail.activity / mail.mail here),
    not with record rules. `read_group` applies record rules only and never calls `_search`,
    so it counts and names every record of those models. Models that override `read_group` with
    this domain group only what their `search` returns.
    """
    if model.env.uid == SUPERUSER_ID:
        return domain
    domain = list(domain or [])
    return expression.AND([domain, [("id", "in", model._search(list(domain)))]])


class PresalesReadGroupThroughSearch(models.AbstractModel):
    """`read_group` that groups only what `search` returns (see searchable_domain), for the
    models that decide visibility in `_search`."""

    _name = "presales.read.group.through.search"
    _description = "Grouping limited to the searchable records"

    def _presales_read_group_narrowed(self):
        """False when the current user reads every record anyway (no need to search first)."""
        return True

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        if self._presales_read_group_narrowed():
            domain = searchable_domain(self, domain)
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)
