from odoo import api, fields, models
from odoo.tools import html2plaintext

from ..lib import contact_rule
from .dealer_consent import BASIS_LABELS, PURPOSE_LABELS


class PrivacyActivity(models.Model):
    """OCA privacy's processing activities are the purposes of the consent ledger: their
    controller is the legal entity a statement is made to, their consent request (OCA
    privacy_consent) the web form, for the channels ticked here."""

    _inherit = "privacy.activity"

    dealer_purpose = fields.Selection(
        PURPOSE_LABELS, "Ledger purpose",
        help="The consent-ledger purpose this activity stands for; its web-form answers become ledger lines.")
    lawful_basis = fields.Selection(BASIS_LABELS, "Lawful basis", default="consent")
    consent_phone = fields.Boolean("Covers phone")
    consent_email = fields.Boolean("Covers e-mail", default=True)
    consent_sms = fields.Boolean("Covers SMS/WhatsApp")
    consent_post = fields.Boolean("Covers post")

    _sql_constraints = [
        ("dealer_purpose_uniq", "unique(dealer_purpose)", "Each ledger purpose has one processing activity."),
    ]

    @api.multi
    def _dealer_channels(self):
        self.ensure_one()
        return [channel for channel in contact_rule.CHANNELS if self["consent_%s" % channel]]

    @api.multi
    def _dealer_consent_text(self):
        """The text the person was shown: the activity's name and description."""
        self.ensure_one()
        return "%s\n%s" % (self.name, html2plaintext(self.description or "").strip())
