from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import lifecycle, stock, vehicle, vin
from . import presales_ownership_guard as guard
from . import lib_text

# the context key only _presales_stock_event sets: it alone writes the car's state and holder
STOCK_EVENT_KEY = "presales_stock_event"
STOCK_STATE_FIELDS = ("state", "reserved_lead_id")


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
    state = fields.Selection(stock.STATES, required=True, default=stock.AVAILABLE, index=True, readonly=True,
                             copy=False, track_visibility="onchange",
                             help="Changed only by what happens to the car: reserved on a sales up or by its "
                                  "order, sold by its invoice or the DMS stock feed, removed by a manager.")
    # Every salesperson reads the whole lot, and Odoo shows a many2one's name as superuser: the
    # sales up itself is for the director only (and untracked: the chatter is read by all);
    # everyone else sees the branch of the sales up holding the car, and the sales up only when
    # they may read it.
    reserved_lead_id = fields.Many2one(
        "crm.lead", "Reserved for (any sales up)", index=True, ondelete="set null", readonly=True, copy=False,
        groups="automotive_presales.group_sales_director",
        help="The sales up this car is reserved or sold for.")
    reserved_team_id = fields.Many2one(
        "crm.team", "Reserved in branch", compute="_compute_reserved_team_id", store=True,
        compute_sudo=True, index=True, help="The branch of the sales up the car is reserved or sold for.")
    reserved_for_lead_id = fields.Many2one(
        "crm.lead", "Reserved for", compute="_compute_reserved_for_lead_id",
        search="_search_reserved_for_lead_id",
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
    def _search_reserved_for_lead_id(self, operator, value):
        """Cars held for a sales up the user may read: a desired vehicle offers the free cars
        and those of its own sales up. Whom a car is held for stays hidden otherwise."""
        if operator not in ("=", "in"):
            raise UserError(_("Stock vehicle: field Reserved for can only be searched for given sales ups."))
        if not value:
            # a sales up not saved yet holds no car
            return [("id", "=", 0)]
        lead_ids = value if isinstance(value, (list, tuple)) else [value]
        leads = guard.allowed(self.env["crm.lead"].browse(
            [lead_id for lead_id in lead_ids if isinstance(lead_id, int)]).exists(), "read")
        if not leads:
            return [("id", "=", 0)]
        cars = self.sudo().search([("reserved_lead_id", "in", leads.ids)])
        return [("id", "in", cars.ids)]

    # ---- the state machine (lib/stock.py): the one writer of state and reserved_lead_id ----

    @api.multi
    def _presales_stock_event(self, event, lead=None, kept=None, dry_run=False, subject=None):
        """Apply a stock event to these cars, or refuse it naming the car and the field.

        Every change of a car's state goes through here (desired-vehicle reservation, lost and
        deleted sales ups, orders, invoices, credit notes, the DMS stock feed, Remove/Back in
        stock); write() refuses the state from anywhere else. The rows are locked first, so two
        salespeople reserving the same car at the same moment are served one after the other
        and the second sees the first one's hold.

        :param kept: see lib/stock.apply; None lets the car decide it (RELEASE: a confirmed order
            of the sales up holds it; CANCEL_ORDER, CREDIT: that, or the sales up still wants the car)
        :param dry_run: only refuse what the event would refuse, change nothing (a quotation
            for a car its order could never be confirmed for)
        :param subject: what the user is doing, to start a refusal with ("Order SO042")
        """
        cars = self.sudo()
        if not cars:
            return cars
        lead = (lead or self.env["crm.lead"]).sudo().with_context(active_test=False)
        if event in stock.FOR_A_SALES_UP and not lead:
            raise UserError(_("Stock vehicle %s: field Reserved for: a car is reserved, ordered or invoiced "
                              "for a sales up; this one belongs to none.") % ", ".join(cars.mapped("name")))
        if not dry_run:
            # NO KEY UPDATE: it serialises the writers of a car without waiting for the order lines
            # (drafts of colleagues) that merely reference it
            self.env.cr.execute(
                "SELECT id FROM presales_stock_vehicle WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                (tuple(cars.ids),))
            cars.invalidate_cache(list(STOCK_STATE_FIELDS), cars.ids)
        for car in cars:
            before = stock.Car(car.state, car.reserved_lead_id.id or None)
            holder = car.reserved_lead_id.with_context(active_test=False)
            holder_holds = bool(holder) and holder._presales_state() != lifecycle.LOST
            car_kept = kept
            if car_kept is None:
                car_kept = car._presales_kept_for(event, lead)
            try:
                after = stock.apply(before, event, lead.id or None, holder_holds, car_kept,
                                    car._presales_on_other_order(lead) if event == stock.ORDER else False)
            except stock.Refused as refusal:
                detail = lib_text.render(self.env, refusal.message)
                if refusal.message.template == stock.HELD_BY_ANOTHER:
                    # the branch, never the sales up: a colleague's customer stays theirs
                    detail = _("%s (branch %s); it can be taken once that sales up releases it or is lost") % (
                        detail, holder.team_id.name or _("none"))
                if subject:
                    raise UserError(_("%s: stock vehicle %s: %s.") % (subject, car.name, detail))
                raise UserError(_("Stock vehicle %s: field State: %s.") % (car.name, detail))
            if after != before and not dry_run:
                car.with_context(**{STOCK_EVENT_KEY: event}).write(
                    {"state": after.state, "reserved_lead_id": after.holder or False})
        return cars

    @api.multi
    def _presales_kept_for(self, event, lead):
        """Whether something else keeps this car for `lead` (lib/stock.apply's `kept`)."""
        self.ensure_one()
        if event == stock.RELEASE:
            return self._presales_on_confirmed_order_of(lead)
        if event in (stock.CANCEL_ORDER, stock.CREDIT):
            # another confirmed order holds it, or the customer still wants the car on a sales up
            # that is not lost
            return self._presales_on_confirmed_order_of(lead) or (
                lead._presales_state() != lifecycle.LOST
                and self in lead.sudo().mapped("desired_vehicle_ids.stock_vehicle_id"))
        return False

    @api.multi
    def _presales_on_confirmed_order_of(self, lead):
        """A confirmed order of `lead` holds this car. Orders are automotive_configurator's."""
        return False

    @api.multi
    def _presales_on_other_order(self, lead):
        """Another confirmed order than the one being confirmed holds this car (configurator)."""
        return False

    @api.multi
    def action_remove_from_stock(self):
        """A manager takes cars off the lot (damaged, sold elsewhere, returned to the importer)."""
        self._presales_check_manager(_("Remove from stock"))
        self._presales_stock_event(stock.REMOVE)
        return True

    @api.multi
    def action_back_in_stock(self):
        self._presales_check_manager(_("Back in stock"))
        self._presales_stock_event(stock.RESTORE)
        return True

    @api.multi
    def _presales_check_manager(self, action):
        if not self.env.user._presales_is_manager():
            raise AccessError(_("%s: only a branch manager or the sales director changes the stock.") % action)
        self.check_access_rule("write")

    @api.model
    def _presales_check_state_vals(self, vals, names):
        if self.env.context.get(STOCK_EVENT_KEY):
            return
        written = [name for name in STOCK_STATE_FIELDS if name in vals]
        if vals.get("state") in (None, stock.AVAILABLE) and not vals.get("reserved_lead_id") and names is None:
            # a new car starts available and held by nobody, whatever the creator says about it
            return
        if written:
            raise UserError(_(
                "Stock vehicle %s: field %s changes only with what happens to the car: Reserve on a "
                "sales up, its order, its invoice, the DMS stock feed, or Remove from stock.")
                % (names or vals.get("stock_number") or _("(new)"),
                   self._fields[written[0]]._description_string(self.env)))

    @api.model
    def _normalize_vals(self, vals):
        vals = self._presales_normalize_vin(vals)
        if vals.get("stock_number"):
            vals = dict(vals)
            vals["stock_number"] = vals["stock_number"].strip().upper()
        return vals

    @api.model
    def create(self, vals):
        self._presales_check_state_vals(vals, None)
        return super().create(self._normalize_vals(vals))

    @api.multi
    def write(self, vals):
        if any(name in vals for name in STOCK_STATE_FIELDS):
            self._presales_check_state_vals(vals, ", ".join(self.mapped("name")))
        return super().write(self._normalize_vals(vals))

    def _presales_vehicle_label(self):
        return _("Stock vehicle %s") % (self.stock_number or self.name)

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
