from odoo import api, fields, models

from ..lib import contact_rule


class PrivacyConsent(models.Model):
    """OCA privacy_consent's request answered on its web form: each answer is a statement in the
    consent ledger, for the activity's purpose, on each channel the activity's request covers."""

    _inherit = "privacy.consent"

    @api.multi
    def action_answer(self, answer, metadata=False):
        result = super().action_answer(answer, metadata)
        Consent = self.env["dealer.consent"].sudo()
        now = fields.Datetime.now()
        for request in self:
            activity = request.activity_id
            if not activity.dealer_purpose:
                continue
            company = self.env["res.company"].sudo().search(
                [("partner_id", "=", activity.controller_id.id)], limit=1) or self.env.user.company_id
            text = "\n\n".join(part for part in (activity._dealer_consent_text(), metadata) if part)
            for channel in activity._dealer_channels():
                Consent._record_once({
                    "partner_id": request.partner_id.id, "channel": channel, "purpose": activity.dealer_purpose,
                    "state": "given" if answer else ("withdrawn" if request._dealer_had_given(channel) else "refused"),
                    "lawful_basis": "consent", "source": "web_form", "given_at": now, "proof_text": text,
                    "company_id": company.id, "consent_request_id": request.id})
        return result

    @api.multi
    def _dealer_had_given(self, channel):
        """A "no" after a "yes" is a withdrawal; a first "no" a refusal."""
        self.ensure_one()
        last = contact_rule.latest(
            self.env["dealer.consent"].sudo().search([("partner_id", "=", self.partner_id.id)])._statements(),
            channel, self.activity_id.dealer_purpose)
        return bool(last and last.state == "given")
