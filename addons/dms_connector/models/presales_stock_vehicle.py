from odoo import api, fields, models


class PresalesStockVehicle(models.Model):
    _inherit = "presales.stock.vehicle"

    # a car the DMS no longer lists stays on record (sales ups refer to it), only its state changes
    state = fields.Selection(selection_add=(("removed", "Removed from stock"),))
    dms_condition = fields.Selection([("new", "New"), ("used", "Used"), ("demo", "Demo")], "Condition")
    dms_options = fields.Text("Options", help="Options as the DMS stock feed lists them.")

    @api.multi
    def _dms_set_state(self, state):
        """The DMS says what became of the car (sold, removed, back on sale). The one place the DMS
        link changes a car's state: automotive_presales' own state method when it has one (the
        `deal` branch adds it), else the field."""
        cars = self.filtered(lambda car: car.state != state)
        setter = getattr(cars, "_presales_set_state", None)
        if setter is not None:
            return setter(state)
        return cars.write({"state": state})
