from odoo import _, api, fields, models
from odoo.exceptions import UserError

EVENTS = [("consent", "Consent change"), ("export", "Access export"), ("erasure", "Erasure"),
          ("erasure_limited", "Erasure limited by law"), ("override", "Contact despite the ledger"),
          ("retention", "Retention")]


class DealerPrivacyLog(models.Model):
    """Who did what to whose personal data, when and why: every access export, erasure, consent
    change and contact against the ledger. Written by the code that does it (as superuser), read
    by the Sales Director only, never changed."""

    _name = "dealer.privacy.log"
    _description = "Privacy audit log"
    _order = "id desc"
    _rec_name = "event"

    event = fields.Selection(EVENTS, required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", "Person", readonly=True, index=True, ondelete="set null")
    user_id = fields.Many2one("res.users", "By", required=True, readonly=True, ondelete="restrict")
    logged_at = fields.Datetime("When", required=True, readonly=True, default=fields.Datetime.now)
    reason = fields.Text("Why", readonly=True)

    @api.multi
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("The privacy audit log is never changed."))

    @api.multi
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("The privacy audit log is never deleted."))
