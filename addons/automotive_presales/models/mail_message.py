from odoo import api, models


class MailMessage(models.Model):
    """Odoo 11's mail.message lets a user read a message only when they wrote it, received it
    or may read its document, in _search/check_access_rule; read_group skips both and would
    count and group the chatter of every sales up: it groups only what search returns."""

    _name = "mail.message"
    _inherit = ["mail.message", "presales.read.group.through.search"]

    @api.multi
    def _notify(self, force_send=False, send_after_commit=True, user_signature=True):
        # Odoo 11 notifies the recipients named on a message (an @mention in a note) and the
        # document's followers whether or not they may read the document, and a recipient may
        # then read the message. People who may not read the document are taken off the message
        # and off its followers before Odoo notifies.
        if self.model and self.res_id and self.model in self.env:
            Followers = self.env["mail.followers"]
            message = self.sudo()
            named = message.partner_ids
            readers = Followers._presales_readers(self.model, self.res_id, named)
            if named - readers:
                message.write({"partner_ids": [(3, partner.id) for partner in named - readers]})
            Followers._presales_unsubscribe_non_readers(self.env[self.model].browse(self.res_id))
        return super()._notify(force_send=force_send, send_after_commit=send_after_commit,
                               user_signature=user_signature)
