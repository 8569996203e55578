from odoo import SUPERUSER_ID, api, models


class MailMail(models.Model):
    """Queued mails: administrators read them all, anyone else as their message.

    Odoo 11 gives every employee read and write on mail.mail, and mail.mail does not take over
    the access checks of the mail.message it extends (_inherits): any employee read every queued
    mail, with the body and the addresses of colleagues' customers. Here an administrator
    (Settings) reads all of them; anyone else a mail whose message they may read (its author, a
    recipient, or who may read its document), as mail.message decides. Creating stays as in
    Odoo (the composer and the notifications create mails).
    """

    _name = "mail.mail"
    _inherit = ["mail.mail", "presales.restricted.read.mixin"]

    def _presales_reads_all(self):
        return self.env.uid == SUPERUSER_ID or self.env.user.has_group("base.group_system")

    @api.model
    def _presales_visible_ids(self, ids):
        if not ids:
            return set()
        self.env.cr.execute("SELECT id, mail_message_id FROM mail_mail WHERE id IN %s", (tuple(ids),))
        rows = self.env.cr.fetchall()
        readable = set(self.env["mail.message"]._search([("id", "in", [message for _mail, message in rows])]))
        return {mail for mail, message in rows if message in readable}

    @api.multi
    def _postprocess_sent_message(self, mail_sent=True):
        # A mail of no document carries files of no document (the calendar's invitation.ics, with
        # the meeting and the customer's address in it): once it is sent they have done their work
        # and go, instead of staying in the database for whoever made them.
        files = self.env["ir.attachment"]
        if mail_sent:
            files = self.sudo().filtered(lambda mail: not mail.model).mapped("attachment_ids").filtered(
                lambda attachment: not attachment.res_model or not attachment.res_id)
        result = super()._postprocess_sent_message(mail_sent=mail_sent)
        files.exists().unlink()
        return result
