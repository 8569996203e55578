from odoo import _, api, fields, models

from ..lib import vehicle, vin


class PresalesStockVehicle(models.Model):
    """A car on the dealer's lot: what a salesperson offers, reserves for a sales up and sells."""

    _name = "presales.stock.vehicle"
    _inherit = ["mail.thread", "presales.vehicle.mixin"]
    _description = "Stock vehicle"
    _order = "stock_number"

    name = fields.Char(compute="_compute_name", store=True, index=True)
    stock_number = fields.Char(required=True, index=True, track_visibility="onchange")
    vin = fields.Char("VIN", size=17, required=True, index=True, track_visibility="onchange",
                      help="Vehicle identification number: 17 characters, check digit in position 9.")
    year = fields.Integer("Model year")
    make = fields.Char(required=True)
    model = fields.Char(required=True)
    trim = fields.Char()
    colour = fields.Char()
    mileage = fields.Integer(help="Odometer reading in the unit the dealer uses.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    price = fields.Monetary(currency_field="currency_id", track_visibility="onchange")
    team_id = fields.Many2one("crm.team", "Branch", index=True, track_visibility="onchange",
                              help="The branch that holds the car on its lot.")
    state = fields.Selection(vehicle.STOCK_STATES, required=True, default="available", index=True,
                             track_visibility="onchange")
    reserved_lead_id = fields.Many2one(
        "crm.lead", "Reserved for", index=True, ondelete="set null", readonly=True,
        track_visibility="onchange", help="The sales up this car is reserved or sold for.")

    _sql_constraints = [
        ("vin_uniq", "unique(vin)", "Another stock vehicle already has this VIN."),
        ("stock_number_uniq", "unique(stock_number)", "Another stock vehicle already has this stock number."),
        ("price_positive", "CHECK(price >= 0)", "The price of a stock vehicle cannot be negative."),
        ("mileage_positive", "CHECK(mileage >= 0)", "The mileage of a stock vehicle cannot be negative."),
    ]

    @api.depends("stock_number", "year", "make", "model", "trim")
    def _compute_name(self):
        for car in self:
            car.name = " ".join(filter(None, (
                car.stock_number, vehicle.describe(car.year, car.make, car.model, car.trim))))

    @api.model
    def _normalize_vals(self, vals):
        vals = self._presales_normalize_vin(vals)
        if vals.get("stock_number"):
            vals = dict(vals)
            vals["stock_number"] = vals["stock_number"].strip().upper()
        return vals

    @api.model
    def create(self, vals):
        return super().create(self._normalize_vals(vals))

    @api.multi
    def write(self, vals):
        return super().write(self._normalize_vals(vals))

    def _presales_vehicle_label(self):
        return _("Stock vehicle %s") % (self.stock_number or self.name)

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """Find a car by its stock number or VIN as well as by make and model."""
        if not name or operator not in ("ilike", "like", "=", "=ilike", "=like"):
            return super().name_search(name=name, args=args, operator=operator, limit=limit)
        domain = ["|", "|",
                  ("stock_number", operator, name.strip()),
                  ("vin", operator, vin.normalize(name)),
                  ("name", operator, name)]
        return self.search(domain + list(args or []), limit=limit).name_get()
