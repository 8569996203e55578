from odoo.tests import common


@common.at_install(False)
@common.post_install(True)
class TestOwnershipOverRpc(common.HttpCase):
    """A demo salesperson works through JSON-RPC exactly as the web client does."""

    def call(self, model, method, *args, **kwargs):
        response = self.opener.post(
            "http://%s:%s/web/dataset/call_kw" % (common.HOST, common.PORT),
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "model": model, "method": method, "args": list(args), "kwargs": kwargs}},
            timeout=60).json()
        self.assertNotIn("error", response, response.get("error"))
        return response["result"]

    def setUp(self):
        super().setUp()
        response = self.opener.post(
            "http://%s:%s/web/session/authenticate" % (common.HOST, common.PORT),
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
                "db": common.get_db_name(), "login": "sales1", "password": "sales1"}},
            timeout=60).json()
        self.uid = response["result"]["uid"]

    def test_salesperson_opens_own_preferences(self):
        user = self.call("res.users", "read", [self.uid], ["name", "partner_id", "presales_available", "tz"])
        self.assertEqual(user[0]["id"], self.uid)
        partner = self.call("res.partner", "read", [user[0]["partner_id"][0]], ["name", "email"])
        self.assertEqual(partner[0]["name"], user[0]["name"])

    def test_salesperson_creates_a_customer_and_owns_its_sales_up(self):
        partner_id = self.call("res.partner", "create", {"name": "RPC Walk-in", "customer": True})
        lead_id = self.call("crm.lead", "create", {
            "name": "RPC Walk-in wants an estate", "type": "opportunity", "partner_id": partner_id})
        lead = self.call("crm.lead", "read", [lead_id], ["user_id", "partner_id"])[0]
        self.assertEqual(lead["user_id"][0], self.uid)
        self.assertEqual(lead["partner_id"][0], partner_id)
        partner = self.call("res.partner", "read", [partner_id], ["user_id"])[0]
        self.assertEqual(partner["user_id"][0], self.uid)

    def test_salesperson_finds_no_unassigned_sales_up(self):
        self.env["crm.lead"].create({"name": "Unassigned demo lead", "user_id": False})
        self.assertEqual(self.call("crm.lead", "search_count", [("user_id", "=", False)]), 0)
        self.assertEqual(self.call("crm.lead", "search_count", [("user_id", "not in", [self.uid, False]),
                                                                ("second_user_id", "!=", self.uid)]), 0)
