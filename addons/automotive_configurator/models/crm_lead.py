from odoo import api, fields, models


class CrmLead(models.Model):
    """The configurations, offers and orders of a sales up."""

    _inherit = "crm.lead"

    configuration_ids = fields.One2many("presales.vehicle.configuration", "lead_id", "Configurations")
    offer_ids = fields.One2many("presales.offer", "lead_id", "Offers")
    offer_count = fields.Integer(compute="_compute_offer_count")

    @api.depends("offer_ids")
    def _compute_offer_count(self):
        for lead in self:
            lead.offer_count = len(lead.offer_ids)

    @api.multi
    def action_presales_new_offer(self):
        """A new offer with every complete configuration of the sales up."""
        self.ensure_one()
        offer = self.env["presales.offer"].create({
            "lead_id": self.id,
            "configuration_ids": [(6, 0, self.configuration_ids.filtered("is_complete").ids)],
            "trade_in_id": self.trade_in_ids.filtered(lambda trade_in: trade_in.appraised_value > 0)[:1].id,
        })
        return {"type": "ir.actions.act_window", "res_model": "presales.offer", "res_id": offer.id,
                "view_mode": "form", "target": "current"}

    @api.multi
    def action_presales_stock_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "presales.stock.order",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }
