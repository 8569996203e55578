from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import vehicle, vin
from . import lib_text


class PresalesVehicleMixin(models.AbstractModel):
    """The model year and VIN of a car, normalised and checked the same way wherever a car is
    described: the stock, a desired vehicle, a trade-in. A model that has no `vin` field only
    gets the year check."""

    _name = "presales.vehicle.mixin"
    _description = "Vehicle year and VIN checks"

    def _presales_vehicle_label(self):
        """How an error message names this car (and its sales up, where it has one)."""
        return self.display_name

    @api.model
    def _presales_normalize_vin(self, vals):
        if vals.get("vin"):
            vals = dict(vals, vin=vin.normalize(vals["vin"]))
        return vals

    @api.constrains("year")
    def _check_year(self):
        current_year = fields.Date.from_string(fields.Date.today()).year
        for car in self:
            error = vehicle.model_year_error(car.year, current_year)
            if error:
                raise ValidationError(_("%s: field Model year: %s") % (car._presales_vehicle_label(), error))

    @api.constrains("vin")
    def _check_vin(self):
        for car in self.filtered("vin"):
            try:
                vin.validate(car.vin)
            except vin.InvalidVin as error:
                raise ValidationError(_("%s: field VIN: %s") % (
                    car._presales_vehicle_label(), lib_text.render(self.env, error.message)))
