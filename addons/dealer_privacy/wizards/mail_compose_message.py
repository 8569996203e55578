from odoo import api, models


class MailComposeMessage(models.TransientModel):
    """Mass mailings are marketing e-mail: each recipient the consent ledger does not allow it to
    is dropped, and a record left without recipient gets no mail at all. A bare address (a sales up
    without customer) has no ledger to ask, so it counts as no consent."""

    _inherit = "mail.compose.message"

    @api.multi
    def get_mail_values(self, res_ids):
        results = super().get_mail_values(res_ids)
        if self.composition_mode != "mass_mail":
            return results
        Partner = self.env["res.partner"].sudo()
        for res_id, values in list(results.items()):
            recipients = Partner.browse([command[1] for command in values.get("recipient_ids") or []
                                         if isinstance(command, (list, tuple)) and command[0] == 4])
            allowed = Partner._privacy_allowed(recipients, "email", "marketing")
            values["recipient_ids"] = [(4, partner.id) for partner in allowed]
            values.pop("email_to", None)
            values.pop("email_cc", None)
            if not allowed:
                del results[res_id]
        return results
