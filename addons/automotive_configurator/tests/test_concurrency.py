from odoo import api
from odoo.exceptions import UserError
from odoo.tests import common


@common.at_install(False)
@common.post_install(True)
class TestConcurrentConfirmation(common.TransactionCase):
    """Two salespeople confirm an order for the same car at the same moment, in two transactions:
    the second is refused at once with a clear message, it does not wait nor sell the car twice."""

    def test_two_concurrent_confirmations(self):
        registry = self.env.registry
        car_id = self.env.ref("automotive_presales.stock_vehicle_octavia").id
        lead_ids = [self.env.ref("automotive_presales.sales_up_%s" % number).id for number in ("04", "10")]
        with registry.cursor() as first_cr, registry.cursor() as second_cr:
            try:
                first = api.Environment(first_cr, api.SUPERUSER_ID, {"tracking_disable": True})
                second = api.Environment(second_cr, api.SUPERUSER_ID, {"tracking_disable": True})
                car = first["presales.stock.vehicle"].browse(car_id)
                self.assertEqual(car.state, "available")
                order_1 = first["sale.order"]._presales_create_from_stock(first["crm.lead"].browse(lead_ids[0]), car)
                order_2 = second["sale.order"]._presales_create_from_stock(
                    second["crm.lead"].browse(lead_ids[1]), second["presales.stock.vehicle"].browse(car_id))
                order_1.action_confirm()
                with self.assertRaises(UserError) as error:
                    order_2.action_confirm()
                self.assertIn("another order is being confirmed for it right now", error.exception.name)
            finally:
                first_cr.rollback()
                second_cr.rollback()
