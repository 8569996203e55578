from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError, ValidationError

from ..lib import link_values


class MailFollowers(models.Model):
    """Only people who may read a document follow it, and see who follows it.

    Odoo 11 lets any employee create a mail.followers row for any document and partner, and
    message_subscribe lets whoever may write a document subscribe anyone: a salesperson could
    follow a colleague's sales up (or be made to follow one) and then receive and read its
    notes. Here a follower row needs a current user who may read the document and a partner
    whose internal users may read it too; customers and portal contacts (no internal user)
    follow as in Odoo. Any employee could also list every follower row, with the names of
    colleagues' customers: a row is seen by its partner and by who may read its document.
    """

    _name = "mail.followers"
    _inherit = ["mail.followers", "presales.restricted.read.mixin"]

    @api.model
    def _presales_visible_ids(self, ids):
        if not ids:
            return set()
        partner = self.env.user.partner_id.id
        self.env.cr.execute(
            "SELECT id, res_model, res_id, partner_id FROM mail_followers WHERE id IN %s", (tuple(ids),))
        visible, by_model = set(), {}
        for follower_id, res_model, res_id, partner_id in self.env.cr.fetchall():
            if partner_id == partner:
                visible.add(follower_id)
            else:
                by_model.setdefault(res_model, {}).setdefault(res_id, []).append(follower_id)
        for res_model, followers_by_doc in by_model.items():
            if res_model not in self.env:
                continue
            Document = self.env[res_model].with_context(active_test=False)
            if not Document.check_access_rights("read", raise_exception=False):
                continue
            for res_id in Document.search([("id", "in", list(followers_by_doc))]).ids:
                visible.update(followers_by_doc[res_id])
        return visible

    @api.model
    def _presales_readers(self, res_model, res_id, partners):
        """The partners among `partners` who may read the document: those without an internal
        user, and those whose internal users all may read it. Documents that carry no dealer data
        (a Discuss channel) keep Odoo's own rules: every partner."""
        if (res_model not in self.env or not res_id
                or res_model not in self.env["ir.rule"]._presales_dealer_documents()):
            return partners
        readers = partners.browse()
        for partner in partners.sudo():
            users = partner.with_context(active_test=False).user_ids.filtered(lambda user: not user.share)
            if all(self._presales_user_reads(user, res_model, res_id) for user in users):
                readers |= partner
        return partners & readers

    @api.model
    def _presales_user_reads(self, user, res_model, res_id):
        Document = self.env[res_model].sudo(user.id).with_context(active_test=False)
        if user.id == SUPERUSER_ID:
            return True
        if not Document.check_access_rights("read", raise_exception=False):
            return False
        return bool(Document.search_count([("id", "=", res_id)]))

    @api.model
    def create(self, vals):
        follower = super().create(vals)
        follower._presales_check_readers()
        return follower

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if set(vals) & {"res_model", "res_id", "partner_id"}:
            self._presales_check_readers()
        return result

    def _presales_check_readers(self):
        for follower in self.sudo():
            if not follower.partner_id or not follower.res_id or follower.res_model not in self.env:
                continue
            if self.env.uid != SUPERUSER_ID and not self._presales_user_reads(
                    self.env.user, follower.res_model, follower.res_id):
                raise AccessError(_(
                    "Followers of %s %s: you may not read that document, so you cannot add followers "
                    "to it.") % (follower.res_model, follower.res_id))
            if not self._presales_readers(follower.res_model, follower.res_id, follower.partner_id):
                raise AccessError(_(
                    "Followers of %s %s: %s may not read that document, so they cannot follow it.") % (
                        follower.res_model, follower.res_id, follower.partner_id.display_name))

    @api.model
    def _presales_unsubscribe_non_readers(self, records):
        """Drop the followers of `records` who may no longer read them (after a reassignment)."""
        followers = self.sudo().search([
            ("res_model", "=", records._name), ("res_id", "in", records.ids), ("partner_id", "!=", False)])
        gone = followers.browse()
        for follower in followers:
            if not self._presales_readers(follower.res_model, follower.res_id, follower.partner_id):
                gone |= follower
        gone.unlink()


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.multi
    def message_subscribe(self, partner_ids=None, channel_ids=None, subtype_ids=None, force=True):
        # Odoo subscribes whoever it is given, also automatically (the salesperson of a record,
        # the followers of its sales team); people who may not read a record are left out
        # here instead, so no path makes them follow it (see mail.followers above).
        if not partner_ids or not self.ids:
            return super().message_subscribe(partner_ids=partner_ids, channel_ids=channel_ids,
                                             subtype_ids=subtype_ids, force=force)
        Followers = self.env["mail.followers"]
        # Odoo subscribes as superuser: whom a user subscribes is checked here, as for any link
        # (base_link_guard.py), or a colleague's customer would receive the user's mail
        if self.env.uid != SUPERUSER_ID:
            self._presales_check_links(self._presales_clean_links(
                {"message_partner_ids": [(4, partner_id) for partner_id in partner_ids]}), records=self)
        partners = self.env["res.partner"].browse(partner_ids)
        result = True
        for record in self:
            readers = Followers._presales_readers(self._name, record.id, partners)
            result = super(MailThread, record).message_subscribe(
                partner_ids=readers.ids, channel_ids=channel_ids, subtype_ids=subtype_ids,
                force=force) and result
        return result

    @api.multi
    def _message_post_process_attachments(self, attachments, attachment_ids, message_data):
        # Odoo 11 links every attachment id it is given to the message, and mails it to the
        # recipients (the download route would refuse a colleague's file, the mail path did not):
        # only files the author may read, or uploaded themselves, go with it
        if attachment_ids and self.env.uid != SUPERUSER_ID:
            try:
                ids = link_values.to_ids(attachment_ids)
            except link_values.LinkValueError as error:
                raise ValidationError(_("Message: field Attachments: %s is not a file id (%s).") % (
                    str(error.value)[:60], error.reason))
            linkable = self._presales_readable_ids("ir.attachment", ids)
            attachment_ids = [attachment_id for attachment_id in ids if attachment_id in linkable]
        return super()._message_post_process_attachments(attachments, attachment_ids, message_data)
