from odoo import SUPERUSER_ID
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
