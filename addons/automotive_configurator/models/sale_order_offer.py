from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """The offer an order comes from, and the deposits taken on either (presales.deposit)."""

    _inherit = "sale.order"

    offer_id = fields.Many2one("presales.offer", "From offer", readonly=True, copy=False, index=True,
                               ondelete="set null")
    deposit_ids = fields.One2many("presales.deposit", "order_id", "Deposits")
    deposit_total = fields.Monetary("Deposits", compute="_compute_deposit_total", currency_field="currency_id")
    amount_after_deposits = fields.Monetary(
        "To pay after deposits", compute="_compute_deposit_total", currency_field="currency_id")

    @api.depends("deposit_ids.amount", "amount_total")
    def _compute_deposit_total(self):
        for order in self:
            order.deposit_total = sum(order.deposit_ids.mapped("amount"))
            order.amount_after_deposits = order.amount_total - order.deposit_total

    @api.model
    def _presales_create_from_offer(self, offer):
        """The order of an accepted offer: its configurations, the offer's own trade-in, and the
        deposits taken on the offer move along."""
        if offer.state != "accepted":
            raise UserError(_("Offer %s: field Status: only an accepted offer becomes an order.") % offer.name)
        if offer.sudo().order_ids.filtered(lambda order: order.state != "cancel"):
            raise UserError(_("Offer %s: it already became order %s.") % (
                offer.name, ", ".join(offer.sudo().order_ids.mapped("name"))))
        order = self._presales_create_from_configurations(offer.configuration_ids)
        order.offer_id = offer
        # the deposits were taken by the salesperson on the offer: they follow it onto the order
        offer.deposit_ids._presales_move_to_order(order)
        return order
