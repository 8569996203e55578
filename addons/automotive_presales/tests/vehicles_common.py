from ..lib import vin
from .common import DealerCase, sales_up_values


def make_vin(serial):
    """A valid VIN for test cars: a Honda prefix, the right check digit, a six-digit serial."""
    draft = "1HGCM826_3A%06d" % serial
    return draft.replace("_", vin.check_digit(draft.replace("_", "0")))


class VehiclesCase(DealerCase):
    """Sales ups in both branches, one without salesperson, one shared with a second salesperson,
    and three cars on the lot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead_a = cls._make_lead("Golf for the Alpha family", cls.sales_a, cls.branch_a, cls.customer_a)
        cls.lead_a2 = cls._make_lead("Estate for Anna", cls.sales_a2, cls.branch_a, cls.customer_a)
        cls.lead_b = cls._make_lead("SUV for Bert", cls.sales_b, cls.branch_b, cls.customer_b)
        cls.lead_a_unassigned = cls._make_lead("Web lead nobody took", False, cls.branch_a, cls.customer_a)
        cls.lead_shared = cls._make_lead("Van shared with sales_a", cls.sales_a2, cls.branch_a, cls.customer_a)
        cls.lead_shared.second_user_id = cls.sales_a
        Stock = cls.env["presales.stock.vehicle"]
        cls.golf = Stock.create({
            "stock_number": "STK1042", "vin": make_vin(1042), "year": 2024, "make": "Volkswagen",
            "model": "Golf", "trim": "Life", "colour": "Moonstone grey", "mileage": 12,
            "price": 31990.0, "team_id": cls.branch_a.id})
        cls.octavia = Stock.create({
            "stock_number": "STK2001", "vin": make_vin(2001), "year": 2023, "make": "Skoda",
            "model": "Octavia", "trim": "Combi Style", "mileage": 8400, "price": 27500.0,
            "team_id": cls.branch_b.id})
        cls.tiguan = Stock.create({
            "stock_number": "STK3003", "vin": make_vin(3003), "year": 2024, "make": "Volkswagen",
            "model": "Tiguan", "trim": "R-Line", "mileage": 5, "price": 45900.0,
            "team_id": cls.branch_a.id})

    @classmethod
    def _make_lead(cls, name, user, branch, customer):
        return cls.env["crm.lead"].create(sales_up_values({
            "name": name, "type": "opportunity", "partner_id": customer.id,
            "user_id": user.id if user else False, "team_id": branch.id,
            "lead_type": "walk_in", "lead_status": "warm"}))
