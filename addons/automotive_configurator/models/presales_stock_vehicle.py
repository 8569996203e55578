from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from odoo.addons.automotive_presales.lib import stock
from odoo.addons.automotive_presales.models import lib_text

from ..lib import bpm, units
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
    co2_g_km = fields.Integer("CO2 (g/km)", help="WLTP combined emissions, as registered.")
    first_admission_date = fields.Date(
        "First admission", help="The day the car was first admitted to the road (in any country).")
    bpm_gross = fields.Monetary(
        "Gross BPM", compute="_compute_rest_bpm", currency_field="currency_id",
        help="The BPM of the car as new, on this year's tariff.")
    bpm_depreciation = fields.Float("BPM depreciation (%)", digits=(5, 2), compute="_compute_rest_bpm")
    rest_bpm = fields.Monetary(
        "Rest-BPM", compute="_compute_rest_bpm", currency_field="currency_id",
        help="The gross BPM less the flat-rate depreciation by age (Belastingdienst's forfaitaire tabel): "
             "the BPM still in the car's value, and what an imported car of this age pays.")
    rest_bpm_note = fields.Char("Rest-BPM", compute="_compute_rest_bpm")

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

    @api.depends("is_used", "fuel", "co2_g_km", "first_admission_date")
    def _compute_rest_bpm(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        tariff = self.env["presales.bpm.tariff"]._for_year(today.year)
        for car in self:
            car.bpm_gross = car.rest_bpm = car.bpm_depreciation = 0.0
            car.rest_bpm_note = False
            if not car.is_used or not car.fuel:
                continue
            if not car.first_admission_date:
                car.rest_bpm_note = _("Fill in the date of first admission to compute the rest-BPM.")
                continue
            if not tariff:
                car.rest_bpm_note = _("No BPM tariff for %s.") % today.year
                continue
            co2 = car.co2_g_km if car.co2_g_km or car.fuel == bpm.ELECTRIC else None
            try:
                gross, _parts = tariff._lib_tariff().gross(car.fuel, co2)
                rest, percent = bpm.rest_bpm(gross, fields.Date.from_string(car.first_admission_date), today)
            except bpm.BpmError as error:
                car.rest_bpm_note = lib_text.render(self.env, error.message, car.currency_id)
                continue
            car.bpm_gross, car.rest_bpm, car.bpm_depreciation = float(gross), float(rest), float(percent)
            amount = lib_text.amount_format(self.env, car.currency_id)
            car.rest_bpm_note = _("%s gross BPM (%s), %s %% depreciated by age: %s") % (
                amount(gross), tariff.name, formatLang(self.env, float(percent)), amount(rest))


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

        A car new to the lot is created (available is where every car starts); a car this dealer
        sold or removed before (its VIN is on record) comes back through the car's one state
        method, which refuses a VIN still on the lot. Written as superuser: a salesperson
        delivers the car but only managers edit the lot.
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
            known = Vehicle.search([("vin", "=", trade_in.vin)], limit=1)
            if known:
                known._presales_stock_event(stock.TRADE_IN, subject=trade_in._label())
                values = {"price": 0.0, "team_id": branch.id, "trade_in_id": trade_in.id, "is_used": True}
                # what the appraisal left empty does not blank what the lot knew of the car
                values.update({name: trade_in[name] for name in ("year", "mileage") if trade_in[name]})
                known.write(values)
                vehicles |= known
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
