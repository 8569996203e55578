import json
import logging
import time

import requests

from odoo.addons.component.core import Component
from odoo.addons.queue_job.exception import RetryableJobError

_logger = logging.getLogger(__name__)

TIMEOUT = 30


class DmsAdapter(Component):
    """Talks to the DMS REST API: pages of moments from a cursor, and the outbound exports.

    Timeouts, dropped connections and 5xx answers raise RetryableJobError, so the queue job that
    called us is retried with back-off; any other error answer is a real failure.
    """

    _name = "dms.adapter"
    _inherit = "base.backend.adapter"
    _collection = "dms.backend"
    _usage = "backend.adapter"
    _apply_on = ["dms.moment.binding", "dms.partner.binding", "dms.lead.binding", "dms.outbound.message"]

    def _request(self, method, path, count=None, headers_extra=None, **kwargs):
        """Send one request to the DMS and log one line for it: backend, request, answer, records
        (`count(response)`, or the one record sent) and duration."""
        backend = self.backend_record.sudo()
        if not backend.base_url:
            raise RetryableJobError("DMS backend %s: field Base URL is empty" % backend.code, seconds=600)
        headers = dict({"Accept": "application/json"}, **(headers_extra or {}))
        if backend.password:
            headers["Authorization"] = "Bearer %s" % backend.password
        url = backend.base_url.rstrip("/") + path
        started = time.monotonic()

        def log(answer, records="-"):
            _logger.info("DMS request %s %s %s: %s, %s records, %d ms", backend.code, method, path, answer,
                         records, (time.monotonic() - started) * 1000)

        try:
            response = requests.request(method, url, headers=headers, timeout=TIMEOUT, **kwargs)
        except (requests.Timeout, requests.ConnectionError) as error:
            log("no answer (%s)" % type(error).__name__)
            raise RetryableJobError("DMS %s did not answer: %s" % (backend.code, error), seconds=30)
        if response.status_code >= 400:
            log("HTTP %d" % response.status_code)
        if response.status_code >= 500 or response.status_code == 429:
            raise RetryableJobError("DMS %s answered %s" % (backend.code, response.status_code), seconds=60)
        if response.status_code >= 400:
            # refused (wrong token, unknown resource): nothing a retry in a minute changes, but a
            # corrected backend or DMS will take it later; shown on the backend or the message
            raise RetryableJobError("DMS %s refused %s %s: %s %s" % (
                backend.code, method, path, response.status_code, response.text[:120]), seconds=600)
        try:
            records = count(response) if count else 1
        except (ValueError, AttributeError, TypeError):
            log("HTTP %d, not JSON" % response.status_code)
            raise
        log("HTTP %d" % response.status_code, records)
        return response

    def search_page(self, cursor=None, limit=500):
        """One page of moments after `cursor`: (records, next cursor or None at the end)."""
        params = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        try:
            data = self._request("GET", "/moments", params=params,
                                 count=lambda response: len(response.json().get("moments") or [])).json()
            if not isinstance(data, dict) or not isinstance(data.get("moments", []), list):
                raise ValueError("not a page")
        except (ValueError, AttributeError, TypeError):
            raise RetryableJobError("DMS %s sent a page that is not JSON" % self.backend_record.code, seconds=60)
        return data.get("moments") or [], data.get("next_cursor")

    def export_customer(self, values):
        """Send a customer created in the CRM; returns the DMS's id for it."""
        return str(self._request("POST", "/customers", json=values).json()["id"])

    def send_event(self, envelope):
        """POST one outbound message (dms.outbound.message._envelope) to <base URL>/events. A DMS
        that got it before (its answer was lost) recognises it by its message_id."""
        self._request("POST", "/events", data=json.dumps(envelope, default=str),
                      headers_extra={"Content-Type": "application/json"})
        return True
