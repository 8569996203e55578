from odoo import api, models


class MailMessage(models.Model):
    """Odoo 11's mail.message lets a user read a message only when they wrote it, received it
    or may read its document, in _search/check_access_rule; read_group skips both and would
    count and group the chatter of every sales up: it groups only what search returns."""

    _name = "mail.message"
    _inherit = ["mail.message", "presales.read.group.through.search"]

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        # Odoo 11 puts '&', '&' and two leaves before the domain of a user who is no employee: an
        # empty domain (a portal user's search_count([])) is then malformed and answers a server error
        if not args and not self.env.user.has_group("base.group_user"):
            args = [(1, "=", 1)]
        return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                               access_rights_uid=access_rights_uid)

    @api.model
    def _find_allowed_model_wise(self, doc_model, doc_dict):
        if doc_model == "calendar.event" and doc_dict:
            # calendar reads every event of the messages as the user (to add their recurrences)
            # and raises on an event the user may not read instead of leaving its messages out:
            # searching messages failed for every salesperson once a colleague's meeting had one
            readable = set(self.env[doc_model].with_context(active_test=False, virtual_id=False).search(
                [("id", "in", list(doc_dict))]).ids)
            doc_dict = {doc_id: messages for doc_id, messages in doc_dict.items() if doc_id in readable}
            if not doc_dict:
                return set()
        return super()._find_allowed_model_wise(doc_model, doc_dict)

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
