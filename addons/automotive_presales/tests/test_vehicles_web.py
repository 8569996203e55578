from odoo.tests import common

from .common import JsonRpcCase


@common.at_install(False)
@common.post_install(True)
class TestVehiclesWeb(JsonRpcCase):
    """A demo salesperson works the vehicles of a sales up over JSON-RPC, as the web client does."""

    def setUp(self):
        super().setUp()
        self.authenticate("sales1", "sales1")

    def test_salesperson_finds_the_stock_menu_but_not_the_managers_reports(self):
        root = self.call("ir.ui.menu", "load_menus", False)
        names, todo = set(), list(root["children"])
        while todo:
            menu = todo.pop()
            names.add(menu["name"])
            todo.extend(menu["children"])
        self.assertTrue({"Stock", "Vehicles", "Trade-ins"} <= names)
        self.assertFalse({"Reporting", "Desired vehicles"} & names)

    def test_salesperson_looks_a_car_up_reserves_it_and_sees_the_vehicle_pages(self):
        octavia = self.env.ref("automotive_presales.stock_vehicle_octavia")
        found = self.call("presales.stock.vehicle", "name_search", "stk4201")
        self.assertEqual(found, [[octavia.id, "STK4201 2023 Skoda Octavia Combi Style"]])
        found = self.call("presales.stock.vehicle", "name_search", octavia.vin[-8:].lower())
        self.assertEqual([car_id for car_id, _name in found], [octavia.id])

        sales1 = self.env["res.users"].search([("login", "=", "sales1")])
        # what the sales-up form sends: the car picked, its make and model read-only, so left out
        lead_id = self.call("crm.lead", "create", {
            "name": "Estate for a demo customer", "type": "opportunity", "user_id": sales1.id,
            "lead_type": "web", "lead_status": "warm", "contact_name": "Demo", "contact_lastname": "Customer",
            "team_id": sales1.sale_team_id.id,
            "desired_vehicle_ids": [[0, 0, {"stock_vehicle_id": octavia.id}]],
            "finance_quote_ids": [[0, 0, {"kind": "loan", "vehicle_price": 27500.0, "down_payment": 7500.0,
                                          "term_months": 48, "annual_rate": 5.0, "is_chosen": True}]],
        })
        # the requests run in their own test transaction: read back over RPC, as the user
        [lead] = self.call("crm.lead", "read", [lead_id], ["desired_vehicle_ids", "finance_quote_ids"])
        [desired] = self.call("presales.desired.vehicle", "read", lead["desired_vehicle_ids"],
                              ["make", "model", "trim", "reservation_state"])
        self.assertEqual((desired["make"], desired["model"], desired["trim"]), ("Skoda", "Octavia", "Combi Style"))
        [quote] = self.call("presales.finance.quote", "read", lead["finance_quote_ids"],
                            ["monthly_payment", "is_chosen"])
        self.assertAlmostEqual(quote["monthly_payment"], 460.59, places=2)
        self.assertTrue(quote["is_chosen"])
        self.call("presales.desired.vehicle", "action_reserve", [desired["id"]])
        [car] = self.call("presales.stock.vehicle", "read", [octavia.id], ["state", "reserved_for_lead_id"])
        self.assertEqual(car["state"], "reserved")
        self.assertEqual(car["reserved_for_lead_id"][0], lead_id)

        form = self.env.ref("crm.crm_case_form_view_oppor")
        views = self.call("crm.lead", "load_views", [[form.id, "form"]])
        form_view = views["fields_views"]["form"]
        for field in ("desired_vehicle_ids", "trade_in_ids", "finance_quote_ids"):
            self.assertIn('name="%s"' % field, form_view["arch"])
        desired_list = form_view["fields"]["desired_vehicle_ids"]["views"]["tree"]["arch"]
        self.assertIn('name="action_reserve"', desired_list)
        self.assertIn('name="action_release"', desired_list)
