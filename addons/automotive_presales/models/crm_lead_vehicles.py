from odoo import api, fields, models


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
    def _presales_is_open(self):
        """Neither won nor lost: a sales up that may still hold a car."""
        self.ensure_one()
        return bool(self.active and self.probability < 100)

    @api.multi
    def write(self, vals):
        """Won (action_set_won, or a drag to a won stage, both reach probability 100): the reserved
        cars leave the lot and the prospect counts as sold. Lost or archived (action_set_lost):
        the cars held for the customer go back on the lot for the colleagues."""
        result = super().write(vals)
        if vals.get("probability") == 100:
            for lead in self:
                lead.desired_vehicle_ids._mark_sold()
            if any(lead.lead_status != "sold" for lead in self):
                super().write({"lead_status": "sold"})
        if "active" in vals and not vals["active"]:
            self.mapped("desired_vehicle_ids")._release_reservation()
        return result

    @api.multi
    def unlink(self):
        # the desired vehicles go with the sales up by cascade, which would skip their release
        self.mapped("desired_vehicle_ids")._release_reservation()
        return super().unlink()
