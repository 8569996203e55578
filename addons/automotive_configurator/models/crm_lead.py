from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.automotive_presales.lib import lifecycle


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

    # ---- the lifecycle and the orders: one agreement (lib/lifecycle.py) ----

    @api.multi
    def _presales_orders(self, states):
        """The orders of this sales up in `states`, whoever may read them."""
        self.ensure_one()
        return self.env["sale.order"].sudo().search(
            [("opportunity_id", "=", self.id), ("state", "in", list(states))], order="id")

    @api.multi
    def _presales_on_lost(self):
        """A confirmed order is the sales agreement: cancel it before losing the sales up."""
        for lead in self:
            refusal = lifecycle.lose_refusal(lead._presales_orders(("sale", "done")).mapped("name"))
            if refusal:
                raise UserError(_("Sales up %s cannot be lost: %s.") % (lead.name, refusal))
        return super()._presales_on_lost()

    @api.multi
    def _presales_on_reopen(self):
        """Re-opening a sales up whose agreement stands is refused, naming the invoice or order."""
        for lead in self:
            orders = lead._presales_orders(("sale", "done"))
            invoices = orders.mapped("invoice_ids").filtered(lambda invoice: invoice.type == "out_invoice")
            credited = invoices._presales_credited()
            standing = invoices.filtered(lambda invoice: lifecycle.invoice_stands(invoice.state, invoice in credited))
            refusal = lifecycle.reopen_refusal(standing.mapped("number"), orders.mapped("name"))
            if refusal:
                raise UserError(_("Sales up %s cannot be re-opened: %s.") % (lead.name, refusal))
        return super()._presales_on_reopen()

    @api.multi
    def _presales_win_defaults(self):
        """The price of the confirmed order (its vehicles, before the trade-in), else of the
        latest offer: what the customer agreed to pay."""
        values = super()._presales_win_defaults()
        order = self._presales_orders(("sale", "done"))[-1:]
        if order:
            values["planned_revenue"] = sum(order.order_line.filtered(
                lambda line: not line.trade_in_id).mapped("price_total"))
            return values
        offer = self.sudo().offer_ids.filtered(lambda record: record.state != "declined").sorted("id")[-1:]
        if offer and offer.amount_total:
            values["planned_revenue"] = offer.amount_total
        return values

    @api.multi
    def _presales_on_reassign(self, old_owner):
        """Orders follow their sales up: its quotations and orders (cancelled ones aside) get the
        new owner, each tracked on the order and logged."""
        result = super()._presales_on_reassign(old_owner)
        orders = self.env["sale.order"].sudo().search([
            ("opportunity_id", "=", self.id), ("state", "!=", "cancel"), ("user_id", "!=", self.user_id.id)])
        self.env["presales.reassign"]._reassign_orders(orders, self.user_id, old_owner)
        return result

    @api.multi
    def _presales_win_has_car(self):
        return super()._presales_win_has_car() or bool(self.sudo().configuration_ids)

    @api.model
    def _presales_merged_children_all(self):
        children = super()._presales_merged_children_all()
        children.update({"presales.vehicle.configuration": "lead_id", "presales.offer": "lead_id",
                         "sale.order": "opportunity_id"})
        return children

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
