from odoo.exceptions import AccessError

from .vehicles_common import VehiclesCase


class TestVehiclesSecurity(VehiclesCase):
    """Desired vehicles, trade-ins and finance quotes are seen exactly by who sees their sales up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leads = {
            "a": cls.lead_a, "a2": cls.lead_a2, "b": cls.lead_b,
            "unassigned": cls.lead_a_unassigned, "shared": cls.lead_shared,
        }
        cls.items = {}
        for key, lead in cls.leads.items():
            cls.items[("presales.desired.vehicle", key)] = cls.env["presales.desired.vehicle"].create(
                {"lead_id": lead.id, "make": "Volkswagen", "model": "Golf"})
            cls.items[("presales.trade.in", key)] = cls.env["presales.trade.in"].create(
                {"lead_id": lead.id, "make": "Opel", "model": "Astra", "expected_value": 8000.0})
            cls.items[("presales.finance.quote", key)] = cls.env["presales.finance.quote"].create(
                {"lead_id": lead.id, "kind": "loan", "vehicle_price": 20000.0, "term_months": 48,
                 "annual_rate": 5.0})

    MODELS = ("presales.desired.vehicle", "presales.trade.in", "presales.finance.quote")

    def _seen(self, model, user):
        every = self.env[model].browse([self.items[(model, key)].id for key in self.leads])
        seen = self.env[model].sudo(user).search([("id", "in", every.ids)])
        return {key for key in self.leads if self.items[(model, key)] in seen}

    def test_a_salesperson_sees_own_and_shared_sales_ups_only(self):
        for model in self.MODELS:
            self.assertEqual(self._seen(model, self.sales_a), {"a", "shared"}, model)
            self.assertEqual(self._seen(model, self.sales_a2), {"a2", "shared"}, model)
            self.assertEqual(self._seen(model, self.sales_b), {"b"}, model)

    def test_a_salesperson_cannot_read_or_touch_a_colleagues_records(self):
        for model in self.MODELS:
            colleague_item = self.items[(model, "a2")].sudo(self.sales_a)
            with self.assertRaises(AccessError):
                colleague_item.read(["lead_id"])
            with self.assertRaises(AccessError):
                colleague_item.unlink()
            unassigned_item = self.items[(model, "unassigned")].sudo(self.sales_a)
            with self.assertRaises(AccessError):
                unassigned_item.read(["lead_id"])

    def test_a_salesperson_cannot_add_to_a_colleagues_sales_up(self):
        with self.assertRaises(AccessError):
            self.env["presales.desired.vehicle"].sudo(self.sales_b).create(
                {"lead_id": self.lead_a.id, "make": "Skoda", "model": "Kodiaq"})
        with self.assertRaises(AccessError):
            self.env["presales.finance.quote"].sudo(self.sales_b).create(
                {"lead_id": self.lead_a.id, "kind": "cash", "vehicle_price": 1.0})
        with self.assertRaises(AccessError):
            self.env["presales.trade.in"].sudo(self.sales_b).create(
                {"lead_id": self.lead_a.id, "make": "Opel", "model": "Corsa"})

    def test_the_second_salesperson_works_the_shared_sales_up(self):
        quote = self.items[("presales.finance.quote", "shared")].sudo(self.sales_a)
        quote.action_choose()
        self.assertTrue(quote.is_chosen)
        trade_in = self.items[("presales.trade.in", "shared")].sudo(self.sales_a)
        trade_in.write({"mileage": 99000})
        self.assertEqual(trade_in.mileage, 99000)

    def test_a_branch_manager_sees_the_branch_including_unassigned_sales_ups(self):
        for model in self.MODELS:
            self.assertEqual(self._seen(model, self.manager_a), {"a", "a2", "unassigned", "shared"}, model)
        with self.assertRaises(AccessError):
            self.items[("presales.trade.in", "b")].sudo(self.manager_a).read(["lead_id"])

    def test_the_director_sees_every_branch(self):
        for model in self.MODELS:
            self.assertEqual(self._seen(model, self.director), set(self.leads), model)
