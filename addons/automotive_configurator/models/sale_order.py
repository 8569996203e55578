import psycopg2

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError

from odoo.addons.automotive_presales.lib import lifecycle, stock

from ..lib import orders

TRADE_IN_PRODUCT_XMLID = "automotive_configurator.product_trade_in"
DISCOUNT_PRODUCT_XMLID = "automotive_configurator.product_configuration_discount"
STOCK_PRODUCT_XMLID = "automotive_configurator.product_stock_vehicle"


class SaleOrder(models.Model):
    """Vehicle orders: a new car from a configuration, a fleet of configurations, a car from stock;
    with the customer's trade-in as a deduction. Confirm and invoice are Odoo's own flows."""

    _inherit = "sale.order"

    presales_order_type = fields.Selection(orders.ORDER_TYPES, "Vehicle order", index=True, readonly=True)
    vehicle_delivered_on = fields.Datetime("Vehicles delivered on", readonly=True, copy=False)

    # ---- building orders ----

    @api.model
    def _presales_order_values(self, lead, order_type):
        if not lead.partner_id:
            raise UserError(_("Sales up %s: field Customer is required before ordering.") % lead.name)
        return {
            "partner_id": lead.partner_id.id,
            "opportunity_id": lead.id,
            "user_id": lead.user_id.id or self.env.uid,
            "team_id": lead.team_id.id,
            "presales_order_type": order_type,
            "pricelist_id": self.env["product.template"]._presales_catalog_pricelist().id,
            "order_line": [],
        }

    @api.model
    def _presales_trade_in_lines(self, lead):
        """The appraised trade-ins of the sales up not yet on another live order, as deduction lines.

        No VAT on the deduction: the dealer buys the used car from a private customer.
        """
        product = self.env.ref(TRADE_IN_PRODUCT_XMLID).product_variant_id
        taken = self.env["sale.order.line"].sudo().search([
            ("trade_in_id", "in", lead.trade_in_ids.ids), ("state", "!=", "cancel")]).mapped("trade_in_id")
        lines = []
        for trade_in in lead.trade_in_ids.filtered(lambda record: record.appraised_value > 0) - taken:
            lines.append((0, 0, {
                "product_id": product.id,
                "name": _("Trade-in: %s (appraised %s)") % (trade_in.name, trade_in.appraisal_date or ""),
                "product_uom_qty": 1,
                "price_unit": -trade_in.appraised_value,
                "tax_id": [(6, 0, [])],
                "trade_in_id": trade_in.id,
            }))
        return lines

    @api.model
    def _presales_create_from_configurations(self, configurations):
        configurations._presales_check_complete()
        leads = configurations.mapped("lead_id")
        if len(leads) != 1:
            raise UserError(_("Configurations %s: one order holds the configurations of one sales up.")
                            % ", ".join(configurations.mapped("display_name")))
        order_type = orders.order_type_for(len(configurations), sum(configurations.mapped("quantity")))
        values = self._presales_order_values(leads, order_type)
        for config in configurations:
            values["order_line"] += config._presales_order_lines()
        values["order_line"] += self._presales_trade_in_lines(leads)
        return self.create(values)

    @api.model
    def _presales_create_from_stock(self, lead, vehicle):
        # the quotation is refused now for a car the order could never be confirmed for
        vehicle.sudo()._presales_stock_event(stock.ORDER, lead, dry_run=True)
        vehicle = vehicle.sudo()
        product = self.env.ref(STOCK_PRODUCT_XMLID).product_variant_id
        values = self._presales_order_values(lead, "stock")
        values["order_line"] = [(0, 0, {
            "product_id": product.id,
            "name": _("%s, VIN %s") % (vehicle.name, vehicle.vin),
            "product_uom_qty": 1,
            "price_unit": vehicle.price,
            "stock_vehicle_id": vehicle.id,
        })] + self._presales_trade_in_lines(lead)
        return self.create(values)

    # ---- ownership: the director (or a branch manager) reassigns, tracked ----

    @api.multi
    def write(self, vals):
        if "user_id" in vals and not self.env.user._presales_is_manager():
            for order in self:
                if order.user_id.id != (vals["user_id"] or False):
                    raise AccessError(_("Order %s: field Salesperson: only a branch manager or the sales director "
                                        "can reassign an order.") % order.name)
        return super().write(vals)

    # ---- stock vehicles and the sales up: the agreement holds the car and wins the sales up ----

    def _presales_lock_vehicles(self, vehicles):
        """Lock the cars' rows so two confirmations of one car cannot both pass the checks.

        NOWAIT: the second confirmation fails at once with a clear message instead of queueing
        behind the first; the unique index on confirmed lines (sale.order.line.init) is the last guard.
        NO KEY UPDATE, not UPDATE: order lines that merely reference the car (drafts of colleagues)
        hold key-share locks on it, which must not block a confirmation.
        """
        try:
            # a refused lock is an expected outcome here, not a bad query worth an ERROR in the log
            with self.env.cr.savepoint(), tools.mute_logger("odoo.sql_db"):
                self.env.cr.execute("SELECT id FROM presales_stock_vehicle WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                                    (tuple(vehicles.ids),))
        except psycopg2.OperationalError as error:
            if error.pgcode not in ("55P03", "40001"):
                raise
            raise UserError(_("Stock vehicle %s: another order is being confirmed for it right now; "
                              "it cannot be sold twice.") % ", ".join(vehicles.mapped("name")))
        vehicles.invalidate_cache(["state", "reserved_lead_id"], vehicles.ids)

    @api.multi
    def action_confirm(self):
        """Confirming the car's order is the sales agreement (lib/lifecycle.py): the car is held
        for the sales up (lib/stock.py, refused when it is sold or someone else's) and the sales
        up is won, once, whichever of Mark Won and the order came first."""
        lines = self.mapped("order_line").filtered("stock_vehicle_id")
        vehicles = lines.mapped("stock_vehicle_id").sudo()
        if vehicles:
            self._presales_lock_vehicles(vehicles)
            for line in lines:
                # before the confirmation: the car's other confirmed orders are the others' only
                line.stock_vehicle_id._presales_stock_event(
                    stock.ORDER, line.order_id.opportunity_id, subject=_("Order %s") % line.order_id.name)
        result = super().action_confirm()
        self.mapped("opportunity_id")._presales_win_by(lifecycle.FACT_ORDER_CONFIRMED)
        return result

    @api.multi
    def action_cancel(self):
        lines = self.mapped("order_line").filtered(lambda line: line.stock_vehicle_id and line.state == "sale")
        result = super().action_cancel()
        for line in lines:
            # back on the lot, unless the sales up still wants the car (lib/stock.py)
            line.stock_vehicle_id._presales_stock_event(stock.CANCEL_ORDER, line.order_id.opportunity_id)
        return result

    # ---- delivery: the trade-in joins the stock ----

    @api.multi
    def action_presales_deliver(self):
        """The cars are handed over: log the delivery and take each trade-in into stock as a used car."""
        for order in self:
            if order.state not in ("sale", "done"):
                raise UserError(_("Order %s: field Status: only a confirmed order can be delivered.") % order.name)
            if order.vehicle_delivered_on:
                raise UserError(_("Order %s: field Vehicles delivered on: already delivered on %s.")
                                % (order.name, order.vehicle_delivered_on))
            for line in order.order_line.filtered("trade_in_id"):
                line.trade_in_id._presales_take_into_stock(order.team_id)
            order.vehicle_delivered_on = fields.Datetime.now()
            if order.opportunity_id:
                order.opportunity_id._presales_log_moment("delivery", _("Vehicles of order %s delivered") % order.name)
        return True


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    configuration_id = fields.Many2one("presales.vehicle.configuration", "Configuration", index=True,
                                       ondelete="restrict")
    stock_vehicle_id = fields.Many2one("presales.stock.vehicle", "Stock vehicle", index=True, ondelete="restrict")
    trade_in_id = fields.Many2one("presales.trade.in", "Trade-in", index=True, ondelete="restrict")

    @api.model_cr
    def init(self):
        # the database itself refuses a second confirmed order line for one stock car
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS sale_order_line_stock_vehicle_confirmed_uniq
                ON sale_order_line (stock_vehicle_id)
             WHERE stock_vehicle_id IS NOT NULL AND state IN ('sale', 'done')
        """)
