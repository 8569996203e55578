from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import lifecycle, stock
from ..models import presales_ownership_guard as guard


class PresalesWin(models.TransientModel):
    """Mark Won asks what winning means to the dealer: the price, the car and the planned
    delivery date, each filled in from the sales up, its held car, order or offer where known."""

    _name = "presales.win"
    _description = "Win a sales up"

    lead_id = fields.Many2one("crm.lead", "Sales up", required=True, readonly=True, ondelete="cascade")
    currency_id = fields.Many2one(related="lead_id.company_currency", readonly=True)
    planned_revenue = fields.Monetary(
        "Sale price", currency_field="currency_id",
        help="What the customer pays for the car(s), as agreed; the sales up's expected revenue.")
    stock_vehicle_id = fields.Many2one(
        "presales.stock.vehicle", "Car from stock",
        help="The stock car sold; it stays reserved for the sales up until its invoice sells it.")
    car_description = fields.Char("Car described", compute="_compute_car_description",
                                  help="What the sales up says the customer wants, when the car is not from stock.")
    delivery_date = fields.Date("Planned delivery")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lead = self.env["crm.lead"].browse(values.get("lead_id") or self.env.context.get("active_id"))
        if not lead:
            return values
        values["lead_id"] = lead.id
        defaults = lead._presales_win_defaults()
        values["planned_revenue"] = lead.planned_revenue or defaults.get("planned_revenue") or 0.0
        values["delivery_date"] = lead.delivery_date or defaults.get("delivery_date") or False
        held = self.env["presales.stock.vehicle"].search([("reserved_for_lead_id", "=", lead.id)], limit=1)
        values["stock_vehicle_id"] = held.id or False
        return values

    @api.depends("lead_id")
    def _compute_car_description(self):
        for wizard in self:
            wizard.car_description = ", ".join(wizard.lead_id.desired_vehicle_ids.mapped("name"))

    @api.multi
    def action_win(self):
        self.ensure_one()
        lead = self.lead_id
        guard.check_may_write(lead)
        if lead.lifecycle_state != lifecycle.OPEN:
            # the field's label in the user's language, not lib's English one
            outcome = dict(lead._fields["lifecycle_state"]._description_selection(self.env))
            raise UserError(_("Sales up %s: field Outcome: it is %s already.") % (
                lead.name, outcome[lead.lifecycle_state].lower()))
        missing = lifecycle.win_missing(
            self.planned_revenue, self.stock_vehicle_id or lead._presales_win_has_car(), self.delivery_date)
        if missing:
            # lib names what is missing; the words are here, where Odoo translates them
            words = {"planned_revenue": _("the sale price"), "car": _("the car"),
                     "delivery_date": _("the planned delivery date")}
            raise UserError(_("Sales up %s: to mark it won, give %s.") % (
                # the word alone: Odoo strips the spaces around a translation
                lead.name, (" %s " % _("and")).join(words[key] for key in missing)))
        if self.stock_vehicle_id:
            self._hold_car()
        lead.write({"planned_revenue": self.planned_revenue, "delivery_date": self.delivery_date})
        lead.action_set_won()
        return {"type": "ir.actions.act_window_close"}

    def _hold_car(self):
        """The car sold is one the customer wants: a desired vehicle of the sales up, held for it."""
        lead, car = self.lead_id, self.stock_vehicle_id
        desired = lead.desired_vehicle_ids.filtered(lambda record: record.stock_vehicle_id == car)[:1]
        if not desired:
            desired = self.env["presales.desired.vehicle"].create({"lead_id": lead.id, "stock_vehicle_id": car.id})
        if desired.reservation_state == "none":
            car._presales_stock_event(stock.RESERVE, lead)
