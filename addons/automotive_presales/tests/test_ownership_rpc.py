from odoo.tests import common

from .common import JsonRpcCase, sales_up_values


@common.at_install(False)
@common.post_install(True)
class TestOwnershipOverRpc(JsonRpcCase):
    """A demo salesperson works through JSON-RPC exactly as the web client does."""

    def setUp(self):
        super().setUp()
        self.uid = self.rpc_login("sales1", "sales1")["result"]["uid"]

    def test_salesperson_opens_own_preferences(self):
        user = self.call("res.users", "read", [self.uid], ["name", "partner_id", "presales_available", "tz"])
        self.assertEqual(user[0]["id"], self.uid)
        partner = self.call("res.partner", "read", [user[0]["partner_id"][0]], ["name", "email"])
        self.assertEqual(partner[0]["name"], user[0]["name"])

    def test_salesperson_creates_a_customer_and_owns_its_sales_up(self):
        partner_id = self.call("res.partner", "create", {"name": "RPC Walk-in", "customer": True})
        lead_id = self.call("crm.lead", "create", {
            "name": "RPC Walk-in wants an estate", "type": "opportunity", "partner_id": partner_id,
            "lead_type": "walk_in", "lead_status": "hot"})
        lead = self.call("crm.lead", "read", [lead_id], ["user_id", "partner_id"])[0]
        self.assertEqual(lead["user_id"][0], self.uid)
        self.assertEqual(lead["partner_id"][0], partner_id)
        partner = self.call("res.partner", "read", [partner_id], ["user_id"])[0]
        self.assertEqual(partner["user_id"][0], self.uid)

    def test_salesperson_finds_no_unassigned_sales_up(self):
        self.env["crm.lead"].create(sales_up_values({"name": "Unassigned demo lead", "user_id": False}))
        self.assertEqual(self.call("crm.lead", "search_count", [("user_id", "=", False)]), 0)
        self.assertEqual(self.call("crm.lead", "search_count", [("user_id", "not in", [self.uid, False]),
                                                                ("second_user_id", "!=", self.uid)]), 0)
