import contextlib
import json

from odoo import SUPERUSER_ID, api
from odoo.tests import common

from odoo.addons.automotive_presales.tests.common import sales_up_values


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


@common.at_install(False)
@common.post_install(True)
class TestFloorContactHttp(common.HttpCase):
    """The floor app logs a call as the desk form does: against the ledger only with the
    salesperson's confirmation and reason, over HTTP as sales1's phone sends it."""

    UUID = "7d3f1c52-8a4e-4f0b-9b51-2c6e0d9a1f33"
    server_env = TestPrivacyHttp.server_env

    def setUp(self):
        super().setUp()
        with self.server_env() as env:
            sales1 = env.ref("automotive_presales.user_sales1")
            person = env["res.partner"].create({
                "firstname": "Floor", "lastname": "Weigeraar", "customer": True, "mobile": "06 1234 9876",
                "user_id": sales1.id})
            self.lead_id = env["crm.lead"].create(sales_up_values({
                "name": "Floor's Golf", "partner_id": person.id, "user_id": sales1.id,
                "team_id": sales1.sale_team_id.id, "mobile": "06 1234 9876"})).id
            env["dealer.consent"].create({
                "partner_id": person.id, "channel": "phone", "purpose": "sales", "state": "refused",
                "source": "in_person", "reason": "no calls, said at the desk", "given_at": "2026-11-01 08:00:00"})

    def floor(self, call, values=None):
        url = "http://%s:%s/floor/api/%s" % (common.HOST, common.PORT, call)
        response = self.opener.post(url, json={"jsonrpc": "2.0", "method": "call", "params": {"values": values}},
                                    timeout=60)
        self.assertEqual(response.status_code, 200, response.text[:2000])
        return response.json()

    def test_a_call_against_the_ledger_needs_a_confirmation_and_a_reason(self):
        self.authenticate("sales1", "sales1")
        cards = [card for card in self.floor("state")["result"]["sales_ups"] if card["id"] == self.lead_id]
        # sales1 works in Dutch: the floor tells why in Dutch
        self.assertIn("weigerde verkoopopvolging via telefoon", cards[0]["blocked"]["call"],
                      "the card asks before the tap")
        refused = self.floor("contact", {"client_uuid": self.UUID, "lead_id": self.lead_id, "action": "call"})
        self.assertIn("Contact ondanks het register", refused["error"]["data"]["message"])
        unexplained = self.floor("contact", {"client_uuid": self.UUID, "lead_id": self.lead_id, "action": "call",
                                             "privacy_confirmed": True})
        self.assertIn("Waarom ondanks het register", unexplained["error"]["data"]["message"])
        values = {"client_uuid": self.UUID, "lead_id": self.lead_id, "action": "call", "privacy_confirmed": True,
                  "privacy_confirm_reason": "she called and asked to be called back"}
        logged = self.floor("contact", values)["result"]
        self.assertEqual(self.floor("contact", values)["result"], logged, "sent again from the outbox: stored once")
        with self.server_env() as env:
            moment = env["presales.contact.moment"].browse(logged["moment_id"])
            self.assertEqual((moment.kind, moment.channel, moment.privacy_confirmed, moment.privacy_confirm_reason),
                             ("call", "phone", True, "she called and asked to be called back"))
            log = env["dealer.privacy.log"].search([("partner_id", "=", moment.partner_id.id),
                                                    ("event", "=", "override")])
            self.assertEqual(log.user_id.login, "sales1")
            self.assertIn("she called and asked to be called back", log.reason)
