import logging
import re

from odoo import _, api, models

from ..lib.errors import PayloadError

_logger = logging.getLogger(__name__)

ADF_IN_TEXT = re.compile(r"<adf[\s>/]", re.IGNORECASE)
# where an ADF document starts in a mail's text (the mail may say something before it)
ADF_START = re.compile(r"<\?xml|<\?adf|<adf[\s>/]", re.IGNORECASE)
TEXT_TYPES = ("text/plain", "text/xml", "application/xml", "text/x-adf", "application/x-adf+xml")


class MailThread(models.AbstractModel):
    """The mail gateway turns a text part into HTML (escaped, in <pre>): a mail routed to a DMS
    backend carries its text parts as sent in the context (dms_mail_texts), for message_update."""

    _inherit = "mail.thread"

    @api.model
    def message_route_process(self, message, message_dict, routes):
        if any(route[0] == "dms.backend" for route in routes or ()):
            self = self.with_context(dms_mail_texts=_text_parts(message))
        return super(MailThread, self).message_route_process(message, message_dict, routes)


def _text_parts(message):
    texts = []
    for part in message.walk():
        if part.is_multipart() or part.get_filename() or part.get_content_type() not in TEXT_TYPES:
            continue
        payload = part.get_payload(decode=True) or b""
        try:
            texts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
        except LookupError:
            texts.append(payload.decode("utf-8", errors="replace"))
    return texts


class DmsBackend(models.Model):
    """ADF by e-mail, the usual channel of OEM importers and marketplaces: mail to the backend's
    lead alias lands in the backend (its chatter keeps the mail) and every ADF document in its body
    or attachments goes through the same engine as a push. Exactly once: the mail gateway drops a
    Message-Id it has seen, and the leads' keys (their fingerprint too) find the sales up a push or
    an earlier mail made."""

    _inherit = "dms.backend"

    @api.multi
    def message_update(self, msg_dict, update_vals=None):
        result = super().message_update(msg_dict, update_vals=update_vals)
        for backend in self:
            backend.sudo()._ingest_mail(msg_dict, self.env.context.get("dms_mail_texts") or [])
        return result

    @api.multi
    def _mail_documents(self, msg_dict, texts):
        """[(name, text or bytes)] of the mail's parts that hold ADF."""
        documents = [(_("mail body"), text[ADF_START.search(text).start():]) for text in texts
                     if ADF_IN_TEXT.search(text)]
        for attachment in msg_dict.get("attachments") or []:
            name, content = attachment[0], attachment[1]
            data = content.encode("utf-8", errors="replace") if isinstance(content, str) else content or b""
            if ADF_IN_TEXT.search(data[:200000].decode("latin-1")):
                documents.append((name, data))
        return documents

    @api.multi
    def _ingest_mail(self, msg_dict, texts):
        """Import the ADF of one mail and say in the backend's chatter what became of it."""
        self.ensure_one()
        received_at = msg_dict.get("date") or None
        lines = []
        documents = self._mail_documents(msg_dict, texts)
        if not documents:
            _logger.info("DMS %s: mail %s holds no ADF", self.code, msg_dict.get("message_id"))
            lines.append(_("No ADF lead in this mail (from %s, subject %s).") % (
                msg_dict.get("email_from") or "?", msg_dict.get("subject") or ""))
        if not self.enabled:
            lines = [_("Backend %s is disabled: the mail's leads were not imported.") % self.code]
            documents = []
        for name, document in documents:
            try:
                results = self._ingest(document, "application/xml", name, source="email", received_at=received_at)
            except PayloadError as error:
                lines.append(_("%s: not read: %s") % (name, error))
                continue
            for answer in results:
                lines.append("%s: %s %s%s" % (name, answer["external_id"] or "-", answer["status"],
                                              " (%s)" % answer["reason"] if answer["reason"] else ""))
        self.message_post(body="<br/>".join(_escape(line) for line in lines), subtype="mail.mt_note")
        return lines


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
