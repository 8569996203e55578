import contextlib
import json

from odoo import SUPERUSER_ID, api
from odoo.tests import common


@common.at_install(False)
@common.post_install(True)
class TestPrivacyHttp(common.HttpCase):
    """The JSON access export and OCA privacy_consent's web form, over HTTP as users do."""

    def setUp(self):
        super().setUp()
        with self.server_env() as env:
            self.person_id = env["res.partner"].create({
                "firstname": "Wessel", "lastname": "Webform", "customer": True, "email": "wessel@example.nl",
                "user_id": env.ref("automotive_presales.user_sales1").id}).id

    @contextlib.contextmanager
    def server_env(self):
        """The database as the server's requests see it (the registry's test cursor)."""
        with self.registry.cursor() as cursor:
            yield api.Environment(cursor, SUPERUSER_ID, {})

    def url(self, path):
        return "http://%s:%s%s" % (common.HOST, common.PORT, path)

    def test_json_export_is_a_download_for_the_director_only(self):
        path = "/dealer_privacy/export/%d.json" % self.person_id
        self.authenticate("director", "director")
        response = self.opener.get(self.url(path), timeout=60)
        self.assertEqual(response.status_code, 200, response.text[:3000])
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = json.loads(response.text)
        self.assertEqual(data["data"]["res.partner"][0]["email"], "wessel@example.nl")
        self.assertEqual(self.opener.get(self.url("/dealer_privacy/export/999999999.json"), timeout=60).status_code,
                         404)
        self.authenticate("sales1", "sales1")
        self.assertEqual(self.opener.get(self.url(path), timeout=60).status_code, 403,
                         "a salesperson sees the customer but exports nothing")
        self.authenticate("sales3", "sales3")
        self.assertEqual(self.opener.get(self.url(path), timeout=60).status_code, 403)
        with self.server_env() as env:
            log = env["dealer.privacy.log"].search([("partner_id", "=", self.person_id), ("event", "=", "export")])
            self.assertEqual(log.user_id.login, "director")

    def test_web_form_answer_is_a_ledger_line(self):
        with self.server_env() as env:
            activity = env.ref("dealer_privacy.privacy_activity_marketing")
            request = env["privacy.consent"].create({"partner_id": self.person_id, "activity_id": activity.id})
            accept, request_id = request._url(True), request.id
        response = self.opener.get(self.url(accept), timeout=60)
        self.assertEqual(response.status_code, 200)
        self.assertIn("accepted", response.text)
        forged = self.url("/privacy/consent/reject/%d/%s" % (request_id, "0" * 128))
        self.assertEqual(self.opener.get(forged, timeout=60).status_code, 404)
        with self.server_env() as env:
            person = env["res.partner"].browse(self.person_id)
            line = person.dealer_consent_ids
            self.assertEqual((line.channel, line.purpose, line.state, line.source),
                             ("email", "marketing", "given", "web_form"))
            self.assertIn("User agent", line.proof_text)
            self.assertTrue(person.contact_permission("email", "marketing")["allowed"])
