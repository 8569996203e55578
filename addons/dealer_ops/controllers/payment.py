"""`/payment/transfer/feedback` (payment_transfer's controller), reachable without login.

Odoo 11 hands any posted data to the payment transaction machinery, which logs an ERROR line for
every reference it does not know, and then redirects to the posted `return_url`, anywhere on the
web. Here data without a wire-transfer transaction of that reference is refused (404, INFO), and
the browser returns to this site only."""
import logging

import werkzeug.exceptions

from odoo import http
from odoo.http import request
from odoo.addons.payment_transfer.controllers import main

from ..lib.redirects import local_target

_logger = logging.getLogger(__name__)


class TransferController(main.OgoneController):

    @http.route()
    def transfer_form_feedback(self, **post):
        reference = post.get("reference")
        if not (isinstance(reference, str) and reference and request.env["payment.transaction"].sudo().search(
                [("reference", "=", reference), ("acquirer_id.provider", "=", "transfer")], limit=1)):
            _logger.info("/payment/transfer/feedback: no wire-transfer transaction %r", reference)
            raise werkzeug.exceptions.NotFound()
        post["return_url"] = local_target(post.get("return_url"), "/")
        return super().transfer_form_feedback(**post)
