"""`/mail/receive` (mail's controller): inbound e-mail that a mail server posts, without login.

Odoo 11 takes any database name there (an outsider could feed mail to a database the server does
not serve) and answers a body without `databases` with a 500. Here only served databases receive
mail, and a message no alias or thread takes is logged (INFO) and skipped, as the mail gateway
does."""
import base64
import binascii
import logging

import psycopg2
import werkzeug.exceptions

from odoo import SUPERUSER_ID, api, http, registry
from odoo.addons.mail.controllers import main

from ..server_wide.rpc_filter import served

_logger = logging.getLogger(__name__)


class MailController(main.MailController):

    @http.route()
    def receive(self, req):
        databases = req.jsonrequest.get("databases")
        if not isinstance(databases, dict):
            raise werkzeug.exceptions.BadRequest("/mail/receive expects {databases: {name: base64 e-mail}}")
        for db, data in databases.items():
            if not served(db):
                _logger.info("/mail/receive: database %r is not served here; mail not delivered", db)
                continue
            try:
                message = base64.b64decode(data or b"", validate=True)
            except (binascii.Error, TypeError, ValueError):
                _logger.info("/mail/receive: the e-mail for %s is not base64; not delivered", db)
                continue
            try:
                with registry(db).cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["mail.thread"].message_process(None, message)
            except ValueError as error:
                # message_process: no alias, thread or catch-all takes it
                _logger.info("/mail/receive: e-mail for %s not delivered: %s", db, error)
            except psycopg2.Error as error:
                _logger.warning("/mail/receive: e-mail for %s not delivered: %s", db, error)
        return True
