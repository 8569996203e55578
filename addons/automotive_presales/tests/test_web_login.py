import re

from odoo.tests import common

from .common import JsonRpcCase


@common.at_install(False)
@common.post_install(True)
class TestWebLogin(JsonRpcCase):
    """Log in over JSON-RPC as a real user would, then load the web client and its assets."""

    def test_demo_salesperson_logs_in_and_loads_the_web_client_with_assets(self):
        result = self.rpc_login("sales1", "sales1")
        self.assertNotIn("error", result)
        self.assertEqual(result["result"]["username"], "sales1")
        page = self.url_open("/web", timeout=120)
        self.assertEqual(page.status_code, 200)
        bundles = re.findall(r'(?:src|href)="(/web/content/[^"]+/web\.assets_(?:common|backend)[^"]*)"', page.text)
        self.assertGreaterEqual(len(bundles), 2, "the web client links its asset bundles")
        for bundle in bundles:
            asset = self.url_open(bundle, timeout=300)
            self.assertEqual(asset.status_code, 200, bundle)
            self.assertGreater(len(asset.content), 1000, bundle)

    def test_salesperson_sees_the_dealer_sales_menu_but_not_its_configuration(self):
        self.rpc_login("sales1", "sales1")
        # the menus the web client shows, as it loads them
        root = self.json_rpc("/web/dataset/call_kw", {
            "model": "ir.ui.menu", "method": "load_menus", "args": [False], "kwargs": {}})["result"]
        dealer_sales = [menu for menu in root["children"] if menu["name"] == "Dealer Sales"][0]
        # the app opens on the Sales Monitor when sales_monitor is installed (issue 8), else on the pipeline
        monitor = self.env["ir.module.module"].search([("name", "=", "sales_monitor"), ("state", "=", "installed")])
        expected = ["Sales Monitor", "Sales Ups"] if monitor else ["Sales Ups"]
        self.assertEqual([menu["name"] for menu in dealer_sales["children"]][:len(expected)], expected,
                         "the app opens on the monitor (when installed), then the pipeline")
        names, todo = set(), list(root["children"])
        while todo:
            menu = todo.pop()
            names.add(menu["name"])
            todo.extend(menu["children"])
        self.assertIn("Dealer Sales", names)
        self.assertIn("Sales Ups", names)
        self.assertIn("Contact Moments", names)
        self.assertIn("Funnel Analysis", names)
        self.assertNotIn("Funnel Phases", names)
        self.assertNotIn("DMS Backends", names)

    def test_admin_logs_in(self):
        result = self.rpc_login("admin", "admin")
        self.assertNotIn("error", result)
        self.assertTrue(result["result"]["uid"])

    def test_a_wrong_password_is_refused(self):
        result = self.rpc_login("sales1", "not-the-password")
        self.assertFalse(result.get("result", {}).get("uid"))

    def test_demo_dealer_group_is_complete(self):
        users = self.env["res.users"].search([("login", "in", [
            "director", "manager1", "manager2", "sales1", "sales2", "sales3", "sales4", "sales5", "sales6"])])
        self.assertEqual(len(users), 9)
        by_login = {user.login: user for user in users}
        self.assertTrue(by_login["director"].has_group("automotive_presales.group_sales_director"))
        for login in ("manager1", "manager2"):
            self.assertTrue(by_login[login].has_group("automotive_presales.group_branch_manager"))
            self.assertFalse(by_login[login].has_group("automotive_presales.group_sales_director"))
            self.assertEqual(by_login[login].sale_team_id.user_id, by_login[login])
        branches = users.mapped("sale_team_id")
        self.assertEqual(len(branches), 3)
        for branch in branches:
            sellers = users.filtered(
                lambda user, branch=branch: user.sale_team_id == branch and user.login.startswith("sales"))
            self.assertEqual(len(sellers), 2, branch.name)
        self.assertEqual(by_login["sales1"].name, "Tom Visser", "first name first, as dealers address people")
        customers = self.env["res.partner"].search([("email", "=like", "%@mail.example")])
        self.assertEqual(len(customers), 30)
