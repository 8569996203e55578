from odoo import api, fields, models

from odoo.addons.automotive_presales.lib import stock

# what the DMS says became of a car, as the car's state machine (automotive_presales lib/stock.py) names it
DMS_EVENTS = {stock.SOLD: stock.FEED_SOLD, stock.REMOVED: stock.FEED_REMOVED}


class PresalesStockVehicle(models.Model):
    _inherit = "presales.stock.vehicle"

    dms_condition = fields.Selection([("new", "New"), ("used", "Used"), ("demo", "Demo")], "Condition")
    dms_options = fields.Text("Options", help="Options as the DMS stock feed lists them.")

    @api.multi
    def _dms_set_state(self, state):
        """The DMS says a car was sold or left the stock: the car's one state method
        (_presales_stock_event) applies it, or refuses it naming the car."""
        cars = self.filtered(lambda car: car.state != state)
        return cars._presales_stock_event(DMS_EVENTS[state]) if cars else cars
