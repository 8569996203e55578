import secrets

from odoo import api, fields, models


class DmsBackend(models.Model):
    """One Dealer Management System the CRM exchanges contact moments with.

    It is the connector collection: the DMS components (adapter, importer, mapper) work in its
    scope. Pushed requests authenticate with its API key.
    """

    _name = "dms.backend"
    _inherit = "connector.backend"
    _description = "DMS backend"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    team_id = fields.Many2one(
        "crm.team", "Default branch",
        help="Branch for moments whose DMS record names no branch we know.")
    api_key = fields.Char(
        "API key", copy=False, readonly=True, groups="automotive_presales.group_sales_director",
        default=lambda self: self._new_api_key(),
        help="Secret the DMS sends with each pushed contact moment.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ("api_key_uniq", "unique(api_key)", "Each DMS backend needs its own API key."),
    ]

    @api.model
    def _new_api_key(self):
        return secrets.token_urlsafe(32)

    @api.multi
    def action_regenerate_api_key(self):
        """Issue a new key, e.g. after it leaked; the DMS must be given the new one."""
        for backend in self:
            backend.api_key = self._new_api_key()
        return True
