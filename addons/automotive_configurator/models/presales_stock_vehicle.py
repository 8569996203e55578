from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import units
from .product_template import FUELS


class PresalesStockVehicle(models.Model):
    """What the configurator and the vehicle sheet need to know about a car on the lot."""

    _inherit = "presales.stock.vehicle"

    fuel = fields.Selection(FUELS, index=True)
    power_kw = fields.Integer("Power (kW)")
    power_hp = fields.Integer("Power (hp)", compute="_compute_power_hp")
    transmission = fields.Char()
    upholstery = fields.Char()
    equipment = fields.Text(help="Options and equipment, one per line, as printed on the vehicle sheet.")
    image = fields.Binary("Photo", attachment=True)
    trade_in_id = fields.Many2one("presales.trade.in", "From trade-in", readonly=True, index=True,
                                  ondelete="set null", help="The trade-in this used car came from.")
    is_used = fields.Boolean("Used", help="A used car (for instance a trade-in) rather than a new one.")

    _sql_constraints = [
        ("power_kw_positive", "CHECK(power_kw IS NULL OR power_kw >= 0)", "The power of a car cannot be negative."),
        ("trade_in_uniq", "unique(trade_in_id)", "This trade-in is already in stock."),
    ]

    @api.depends("power_kw")
    def _compute_power_hp(self):
        for car in self:
            car.power_hp = units.horsepower(car.power_kw)

    @api.multi
    def _presales_condition(self):
        return "used" if self.is_used else super()._presales_condition()

    def _presales_confirmed_lines(self):
        self.ensure_one()
        return self.env["sale.order.line"].sudo().search([
            ("stock_vehicle_id", "=", self.id), ("state", "in", ("sale", "done"))])

    @api.multi
    def _presales_on_confirmed_order_of(self, lead):
        return bool(lead) and lead in self._presales_confirmed_lines().mapped("order_id.opportunity_id")

    @api.multi
    def _presales_on_other_order(self, lead):
        # called before the order being confirmed is: every confirmed line is another order's
        return bool(self._presales_confirmed_lines())


class PresalesTradeIn(models.Model):
    _inherit = "presales.trade.in"

    stock_vehicle_id = fields.Many2one("presales.stock.vehicle", compute="_compute_stock_vehicle_id")

    def _compute_stock_vehicle_id(self):
        Vehicle = self.env["presales.stock.vehicle"].sudo()
        for trade_in in self:
            trade_in.stock_vehicle_id = Vehicle.search([("trade_in_id", "=", trade_in.id)], limit=1)

    @api.multi
    def _presales_take_into_stock(self, branch):
        """The traded-in car joins the lot of the delivering branch as a used car, available.

        Written as superuser: a salesperson delivers the car but only managers edit the lot.
        """
        Vehicle = self.env["presales.stock.vehicle"].sudo()
        vehicles = Vehicle.browse()
        for trade_in in self:
            if not trade_in.vin:
                raise UserError(_("%s: field VIN is required to take the car into stock.") % trade_in._label())
            existing = Vehicle.search([("trade_in_id", "=", trade_in.id)], limit=1)
            if existing:
                vehicles |= existing
                continue
            vehicles |= Vehicle.create({
                "stock_number": self.env["ir.sequence"].sudo().next_by_code("presales.stock.vehicle.trade.in"),
                "vin": trade_in.vin,
                "year": trade_in.year,
                "make": trade_in.make,
                "model": trade_in.model,
                "mileage": trade_in.mileage,
                "price": 0.0,
                "team_id": branch.id,
                "trade_in_id": trade_in.id,
                "is_used": True,
            })
        return vehicles
