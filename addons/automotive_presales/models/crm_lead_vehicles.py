from odoo import _, api, fields, models

from ..lib import stock


class CrmLead(models.Model):
    """The vehicles of a sales up: what the customer wants, trades in and how they pay."""

    _inherit = "crm.lead"

    desired_vehicle_ids = fields.One2many("presales.desired.vehicle", "lead_id", "Desired vehicles")
    trade_in_ids = fields.One2many("presales.trade.in", "lead_id", "Trade-ins")
    finance_quote_ids = fields.One2many("presales.finance.quote", "lead_id", "Finance quotes")
    # not stored: storing it would make every quote change write the sales up, which the second
    # salesperson and the branch manager may not be allowed to write
    chosen_finance_quote_id = fields.Many2one(
        "presales.finance.quote", "Chosen finance", compute="_compute_chosen_finance_quote_id")
    reserved_vehicle_count = fields.Integer(
        "Reserved cars", compute="_compute_reserved_vehicle_count",
        help="Stock cars held for this sales up.")

    desired_vehicle_label = fields.Char(
        "Desired car", compute="_compute_desired_vehicle_label",
        help="The first car the customer wants, and how many more; shown on the pipeline cards.")

    @api.depends("desired_vehicle_ids.name")
    def _compute_desired_vehicle_label(self):
        for lead in self:
            wishes = lead.desired_vehicle_ids
            label = wishes[:1].name or ""
            if len(wishes) > 1:
                label = _("%s (+%d)") % (label, len(wishes) - 1)
            lead.desired_vehicle_label = label

    @api.depends("finance_quote_ids.is_chosen")
    def _compute_chosen_finance_quote_id(self):
        for lead in self:
            lead.chosen_finance_quote_id = lead.finance_quote_ids.filtered("is_chosen")[:1]

    @api.depends("desired_vehicle_ids.reservation_state")
    def _compute_reserved_vehicle_count(self):
        for lead in self:
            lead.reserved_vehicle_count = len(lead.desired_vehicle_ids.filtered(
                lambda desired: desired.reservation_state == "reserved"))

    @api.multi
    def _presales_on_lost(self):
        """Lost: the cars held for the customer go back on the lot for the colleagues. (Won keeps
        them reserved: the agreement holds the car until its invoice sells it, lib/stock.py.)"""
        result = super()._presales_on_lost()
        self._presales_release_cars()
        return result

    @api.multi
    def _presales_release_cars(self):
        Vehicle = self.env["presales.stock.vehicle"].sudo()
        for lead in self:
            Vehicle.search([("reserved_lead_id", "=", lead.id), ("state", "=", stock.RESERVED)])._presales_stock_event(
                stock.RELEASE, lead)

    @api.multi
    def unlink(self):
        # the car's holder is set to null by the database, which would leave it reserved for nobody
        self._presales_release_cars()
        return super().unlink()
