from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.product_template import FUELS


class PresalesStockOrder(models.TransientModel):
    """Order a car from stock for a sales up: narrow the lot down by what the customer wants."""

    _name = "presales.stock.order"
    _description = "Order a stock vehicle"

    lead_id = fields.Many2one("crm.lead", "Sales up", required=True)
    make = fields.Char()
    model = fields.Char()
    fuel = fields.Selection(FUELS)
    colour = fields.Char()
    price_min = fields.Float("Price from")
    price_max = fields.Float("Price up to")
    team_id = fields.Many2one("crm.team", "Branch")
    matching_ids = fields.Many2many("presales.stock.vehicle", compute="_compute_matching_ids", string="Matching cars")
    vehicle_id = fields.Many2one("presales.stock.vehicle", "Vehicle")

    def _domain(self):
        # the free cars, and those held for this sales up: its own reserved car can always be ordered
        domain = ["|", ("state", "=", "available"), ("reserved_for_lead_id", "=", self.lead_id.id)]
        for field_name in ("make", "model", "colour"):
            if self[field_name]:
                domain.append((field_name, "ilike", self[field_name].strip()))
        if self.fuel:
            domain.append(("fuel", "=", self.fuel))
        if self.price_min:
            domain.append(("price", ">=", self.price_min))
        if self.price_max:
            domain.append(("price", "<=", self.price_max))
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        return domain

    @api.depends("make", "model", "fuel", "colour", "price_min", "price_max", "team_id")
    def _compute_matching_ids(self):
        Vehicle = self.env["presales.stock.vehicle"]
        for wizard in self:
            wizard.matching_ids = Vehicle.search(wizard._domain(), limit=80)

    @api.multi
    def action_order(self):
        self.ensure_one()
        if not self.vehicle_id:
            raise UserError(_("Order from stock for sales up %s: field Vehicle: choose a car.") % self.lead_id.name)
        if self.price_min and self.price_max and self.price_min > self.price_max:
            raise UserError(_("Order from stock for sales up %s: field Price from must not exceed Price up to.")
                            % self.lead_id.name)
        order = self.env["sale.order"]._presales_create_from_stock(self.lead_id, self.vehicle_id)
        return {"type": "ir.actions.act_window", "res_model": "sale.order", "res_id": order.id,
                "view_mode": "form", "target": "current"}
