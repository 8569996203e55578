from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import lifecycle, stock, vehicle
from . import presales_ownership_guard as guard

# what a car picked from stock decides on the desired vehicle
STOCK_FIELDS = ("year", "make", "model", "trim", "colour")


class PresalesDesiredVehicle(models.Model):
    """A vehicle the customer of a sales up wants: a car from stock, or one described by hand.

    Kept per sales up with its branch and date, so the dealer learns over time what customers ask for.
    """

    _name = "presales.desired.vehicle"
    _inherit = ["presales.vehicle.mixin"]
    _description = "Desired vehicle"
    _order = "lead_id, sequence, id"

    lead_id = fields.Many2one("crm.lead", "Sales up", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(compute="_compute_name", store=True)
    stock_vehicle_id = fields.Many2one(
        "presales.stock.vehicle", "Stock vehicle", index=True, ondelete="restrict",
        help="Look a car up by stock number or VIN; leave empty to describe a car not in stock.")
    year = fields.Integer("Model year")
    make = fields.Char(index=True)
    model = fields.Char(index=True)
    trim = fields.Char()
    colour = fields.Char()
    notes = fields.Char(help="Options, budget or anything else the customer said about this car.")
    requested_date = fields.Date(
        "Requested on", required=True, index=True, default=fields.Date.context_today,
        help="When the customer asked for this vehicle; the analytics group by its month.")
    # the car's own state says it (lib/stock.py): reserved or sold for this sales up, or not
    reservation_state = fields.Selection(
        stock.RESERVATION_STATES, "Reservation", compute="_compute_reservation_state", store=True,
        compute_sudo=True, index=True)
    stock_state = fields.Selection(related="stock_vehicle_id.state", readonly=True, string="Stock state")
    currency_id = fields.Many2one(related="stock_vehicle_id.currency_id", readonly=True)
    price = fields.Monetary(related="stock_vehicle_id.price", readonly=True, currency_field="currency_id")
    team_id = fields.Many2one(related="lead_id.team_id", store=True, readonly=True, string="Branch")
    user_id = fields.Many2one(related="lead_id.user_id", store=True, readonly=True, string="Salesperson")
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True, readonly=True, string="Customer")

    @api.depends("year", "make", "model", "trim", "stock_vehicle_id.stock_number")
    def _compute_name(self):
        for desired in self:
            description = vehicle.describe(desired.year, desired.make, desired.model, desired.trim)
            if desired.stock_vehicle_id:
                description = "%s (%s)" % (description, desired.stock_vehicle_id.stock_number)
            desired.name = description

    @api.depends("lead_id", "stock_vehicle_id.state", "stock_vehicle_id.reserved_lead_id")
    def _compute_reservation_state(self):
        for desired in self:
            car = desired.stock_vehicle_id
            desired.reservation_state = stock.reservation_state(
                stock.Car(car.state, car.reserved_lead_id.id or None), desired.lead_id.id) if car else "none"

    @api.model
    def _stock_values(self, car):
        return {name: car[name] for name in STOCK_FIELDS}

    @api.onchange("stock_vehicle_id")
    def _onchange_stock_vehicle_id(self):
        if self.stock_vehicle_id:
            self.update(self._stock_values(self.stock_vehicle_id))

    def _label(self):
        return _("Desired vehicle %s on sales up %s") % (self.name, self.lead_id.name)

    @api.model
    def _presales_check_create_links(self, vals):
        """Checked before the constraints, whose messages name the sales up."""
        effective = guard.context_defaults(self, vals, ["lead_id"])
        guard.check_links(self, effective, ["lead_id"], _("Desired vehicle %s") % (
            vehicle.describe(vals.get("year"), vals.get("make"), vals.get("model")) or _("(no make)")))

    @api.multi
    def _presales_check_write_links(self, vals):
        guard.check_may_write(self)
        guard.check_links(self, vals, ["lead_id"], ", ".join(desired._label() for desired in self))

    @api.model
    def create(self, vals):
        self._presales_check_create_links(vals)
        vals = dict(vals)
        if vals.get("stock_vehicle_id"):
            car = self.env["presales.stock.vehicle"].browse(vals["stock_vehicle_id"])
            vals.update(self._stock_values(car))
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self._presales_check_write_links(vals)
        labels = guard.labels_before(self, lambda desired: desired._label())
        result = super().write(self._presales_swap_stock_vehicle(vals))
        guard.check_still_writable(self, labels, ["lead_id"] if "lead_id" in vals else list(vals))
        return result

    @api.multi
    def _presales_swap_stock_vehicle(self, vals):
        """The values to write when `vals` picks another car (or none) for these wishes."""
        if "stock_vehicle_id" not in vals:
            return vals
        # another car (or none) for this wish: the car reserved before goes back on the lot
        moved = self.filtered(lambda desired: desired.stock_vehicle_id.id != vals["stock_vehicle_id"])
        for desired in moved.filtered(lambda record: record.reservation_state == "sold"):
            raise UserError(_("Desired vehicle %s on sales up %s: field Stock vehicle: the car is sold "
                              "to this customer and cannot be swapped.") % (desired.name, desired.lead_id.name))
        moved._release_reservation()
        vals = dict(vals)
        if vals["stock_vehicle_id"]:
            car = self.env["presales.stock.vehicle"].browse(vals["stock_vehicle_id"])
            vals.update(self._stock_values(car))
        return vals

    @api.multi
    def unlink(self):
        self._release_reservation()
        return super().unlink()

    @api.constrains("lead_id", "make", "model", "stock_vehicle_id")
    def _check_identity(self):
        for desired in self:
            missing = vehicle.missing_identity(desired.make, desired.model)
            if missing:
                labels = ", ".join(self._fields[name]._description_string(self.env) for name in missing)
                raise ValidationError(_(
                    "Desired vehicle on sales up %s: field %s is required: pick a car from stock "
                    "or enter its make and model.") % (desired.lead_id.name, labels))

    def _presales_vehicle_label(self):
        return _("Desired vehicle %s on sales up %s") % (self.name, self.lead_id.name)

    @api.multi
    def action_reserve(self):
        """Hold the stock car for this sales up so no colleague sells it to someone else."""
        for desired in self:
            desired._reserve()
        return True

    @api.multi
    def action_release(self):
        """Put the reserved car back on the lot for everyone."""
        for desired in self:
            if desired.reservation_state == "sold":
                raise UserError(_("Desired vehicle %s on sales up %s: field Reservation: the car is "
                                  "sold and cannot be released.") % (desired.name, desired.lead_id.name))
        self._release_reservation()
        return True

    def _reserve(self):
        self.ensure_one()
        lead = self.lead_id
        if not self.stock_vehicle_id:
            raise UserError(_("Desired vehicle %s on sales up %s: field Stock vehicle: only a car "
                              "from stock can be reserved.") % (self.name, lead.name))
        if lead._presales_state() == lifecycle.LOST:
            raise UserError(_("Desired vehicle %s: sales up %s is lost; a car is reserved only "
                              "for a sales up that is being worked or won.") % (self.name, lead.name))
        # the reservation is a write by whoever works the sales up; salespeople only read stock
        self.stock_vehicle_id._presales_stock_event(stock.RESERVE, lead)

    @api.multi
    def _release_reservation(self):
        """The cars held for these wishes go back on the lot (refused while an order holds one)."""
        for desired in self.filtered(lambda record: record.reservation_state == "reserved"):
            desired.stock_vehicle_id._presales_stock_event(stock.RELEASE, desired.lead_id)
        return True
