from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import vehicle, vin
from . import presales_ownership_guard as guard


class PresalesStockVehicle(models.Model):
    """A car on the dealer's lot: what a salesperson offers, reserves for a sales up and sells."""

    _name = "presales.stock.vehicle"
    _inherit = ["mail.thread"]
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
    # Every salesperson reads the whole lot, and Odoo shows a many2one's name as superuser: the
    # sales up itself is for the director only (and untracked: the chatter is read by all);
    # everyone else sees the branch of the sales up holding the car, and the sales up only when
    # they may read it.
    reserved_lead_id = fields.Many2one(
        "crm.lead", "Reserved for (any sales up)", index=True, ondelete="set null", readonly=True,
        groups="automotive_presales.group_sales_director",
        help="The sales up this car is reserved or sold for.")
    reserved_team_id = fields.Many2one(
        "crm.team", "Reserved in branch", compute="_compute_reserved_team_id", store=True,
        compute_sudo=True, index=True, help="The branch of the sales up the car is reserved or sold for.")
    reserved_for_lead_id = fields.Many2one(
        "crm.lead", "Reserved for", compute="_compute_reserved_for_lead_id",
        help="The sales up this car is reserved or sold for, when it is one you may see.")

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

    @api.depends("reserved_lead_id.team_id")
    def _compute_reserved_team_id(self):
        for car in self:
            car.reserved_team_id = car.reserved_lead_id.team_id

    def _compute_reserved_for_lead_id(self):
        holders = self.sudo().mapped("reserved_lead_id")
        visible = guard.allowed(holders.sudo(self.env.uid), "read")
        for car in self:
            holder = car.sudo().reserved_lead_id
            car.reserved_for_lead_id = holder.id if holder.id in visible.ids else False

    @api.model
    def _normalize_vals(self, vals):
        vals = dict(vals)
        if vals.get("vin"):
            vals["vin"] = vin.normalize(vals["vin"])
        if vals.get("stock_number"):
            vals["stock_number"] = vals["stock_number"].strip().upper()
        return vals

    @api.model
    def create(self, vals):
        return super().create(self._normalize_vals(vals))

    @api.multi
    def write(self, vals):
        return super().write(self._normalize_vals(vals))

    @api.constrains("vin")
    def _check_vin(self):
        for car in self:
            try:
                vin.validate(car.vin)
            except vin.InvalidVin as error:
                raise ValidationError(
                    _("Stock vehicle %s: field VIN: %s") % (car.stock_number or car.name, error))

    @api.constrains("year")
    def _check_year(self):
        current_year = fields.Date.from_string(fields.Date.today()).year
        for car in self:
            error = vehicle.model_year_error(car.year, current_year)
            if error:
                raise ValidationError(_("Stock vehicle %s: field Model year: %s") % (car.name, error))

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Odoo 11 groups by any field, even one the user may not read (a group's label is the
        reserving sales up's name, got as superuser): refuse it as read() does."""
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        names = {spec.split(":")[0].split("(")[-1].strip(" )") for spec in list(fields or []) + groupby}
        self.check_field_access_rights("read", sorted(name for name in names if name in self._fields))
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)

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
