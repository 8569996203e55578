from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class MailMessage(models.Model):
    """Odoo 11's mail.message lets a user read a message only when they wrote it, received it
    or may read its document, in _search/check_access_rule; read_group skips both and would
    count and group the chatter of every sales up: it groups only what search returns."""

    _name = "mail.message"
    _inherit = ["mail.message", "presales.read.group.through.search"]

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if self.env.uid == SUPERUSER_ID:
            return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                                   access_rights_uid=access_rights_uid)
        # Odoo 11 puts '&', '&' and two leaves before the domain of a user who is no employee: an
        # empty domain (a portal user's search_count([])) is then malformed and answers a server error
        if not args and not self.env.user.has_group("base.group_user"):
            args = [(1, "=", 1)]
        ids = super()._search(args, offset=offset, limit=limit, order=order, count=False,
                              access_rights_uid=access_rights_uid)
        hidden = self._presales_on_hidden_documents(ids)
        ids = [message_id for message_id in ids if message_id not in hidden]
        return len(ids) if count else ids

    @api.model
    def _presales_on_hidden_documents(self, ids):
        """The messages among `ids` on a document that carries dealer data and that the user may
        not read. Odoo also lets the author and the recipients read a message: the salesperson
        whose sales up went to a colleague would go on reading what they wrote on it."""
        dealer_documents = self.env["ir.rule"]._presales_dealer_documents()
        if not ids or self.env.uid == SUPERUSER_ID or not dealer_documents:
            return set()
        self.env.cr.execute("SELECT id, model, res_id FROM mail_message WHERE id IN %s AND model IN %s AND res_id > 0",
                            (tuple(ids), tuple(dealer_documents)))
        by_document = {}
        for message_id, model, res_id in self.env.cr.fetchall():
            by_document.setdefault(model, {}).setdefault(res_id, []).append(message_id)
        hidden = set()
        for model, messages in by_document.items():
            if model not in self.env:
                continue
            Document = self.env[model].with_context(active_test=False)
            readable = set(Document._search([("id", "in", list(messages))])) if Document.check_access_rights(
                "read", raise_exception=False) else set()
            for res_id, message_ids in messages.items():
                if res_id not in readable:
                    hidden.update(message_ids)
        return hidden

    @api.multi
    def check_access_rule(self, operation):
        result = super().check_access_rule(operation)
        if operation in ("read", "write") and self._presales_on_hidden_documents(self.ids):
            raise AccessError(_("Message: it belongs to a document you may not read."))
        return result

    # ---- the link guard (base_link_guard.py) on messages of documents without dealer data ----

    @api.multi
    def _presales_check_document(self, vals, creating):
        """A new message on a document that carries no dealer data (a Discuss channel) is held to
        Odoo's own rule: mail.message's check_access_rule('create'), which Odoo runs on every
        create, lets a channel's members post and a recipient of a message reply to it even in a
        channel they are no member of (as the reply to a notification e-mail does)."""
        if creating:
            document = self._presales_document_of(vals)
            if document and document[0] not in self.env["ir.rule"]._presales_dealer_documents():
                return
        super()._presales_check_document(vals, creating)

    @api.model
    def _presales_linkable_ids(self, ids):
        """Messages search does not show but Odoo's check_access_rule('read') lets the user read,
        on a document without dealer data or none: a portal user replies to a note of a channel
        open to portal users (mail's search hides notes from users who are no employees)."""
        linkable = super()._presales_linkable_ids(ids)
        rest = ids - linkable
        if not rest or self.env.uid == SUPERUSER_ID:
            return linkable
        dealer_documents = tuple(self.env["ir.rule"]._presales_dealer_documents()) or ("",)
        self.env.cr.execute("SELECT id FROM mail_message WHERE id IN %s AND (model IS NULL OR model NOT IN %s)",
                            (tuple(rest), dealer_documents))
        for (message_id,) in self.env.cr.fetchall():
            try:
                self.browse(message_id).check_access_rule("read")
            except AccessError:
                continue
            linkable.add(message_id)
        return linkable

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
        # and off its followers before Odoo notifies; for documents that carry dealer data only:
        # a Discuss channel's members are named without following it.
        if (self.model and self.res_id and self.model in self.env
                and self.model in self.env["ir.rule"]._presales_dealer_documents()):
            Followers = self.env["mail.followers"]
            message = self.sudo()
            named = message.partner_ids
            readers = Followers._presales_readers(self.model, self.res_id, named)
            if named - readers:
                message.write({"partner_ids": [(3, partner.id) for partner in named - readers]})
            Followers._presales_unsubscribe_non_readers(self.env[self.model].browse(self.res_id))
        return super()._notify(force_send=force_send, send_after_commit=send_after_commit,
                               user_signature=user_signature)
