from odoo import fields, models


class DmsApiKeyWizard(models.TransientModel):
    """Shows a freshly generated API key once, in an unsaved dialog (the key comes in the action's
    context and is never stored; the backend keeps only its hash)."""

    _name = "dms.api.key.wizard"
    _description = "New DMS API key"

    backend_id = fields.Many2one("dms.backend", required=True, readonly=True)
    api_key = fields.Char("API key", readonly=True)
