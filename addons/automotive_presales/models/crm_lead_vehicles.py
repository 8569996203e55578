from odoo import _, api, fields, models


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
    def _presales_on_won(self):
        """Won: the reserved cars leave the lot."""
        result = super()._presales_on_won()
        self.mapped("desired_vehicle_ids")._mark_sold()
        return result

    @api.multi
    def _presales_on_lost(self):
        """Lost: the cars held for the customer go back on the lot for the colleagues."""
        result = super()._presales_on_lost()
        self.mapped("desired_vehicle_ids")._release_reservation()
        return result

    @api.multi
    def _presales_on_reopen(self):
        """Re-opened after a win: the sold car is held for the customer again while an order of
        the sales up stands, and back on the lot once the order is cancelled or gone."""
        result = super()._presales_on_reopen()
        for lead in self:
            sold = lead.desired_vehicle_ids.filtered(lambda desired: desired.reservation_state == "sold")
            if not sold:
                continue
            hold = lead._presales_has_live_order()
            sold._unsell(hold)
            lead.message_post(body=_("Sales up re-opened: %s %s.") % (
                ", ".join(sold.mapped("name")),
                _("reserved again for the open order") if hold else _("back on the lot (no open order)")))
        return result

    @api.multi
    def _presales_has_live_order(self):
        """A quotation or order of this sales up that is not cancelled. `sale_crm` (installed
        automatically with crm and sale_management) links orders to their opportunity."""
        self.ensure_one()
        Order = self.env["sale.order"].sudo()
        if "opportunity_id" not in Order._fields:
            return False
        return bool(Order.search_count([("opportunity_id", "=", self.id), ("state", "!=", "cancel")]))

    @api.multi
    def unlink(self):
        # the desired vehicles go with the sales up by cascade, which would skip their release
        self.mapped("desired_vehicle_ids")._release_reservation()
        return super().unlink()
