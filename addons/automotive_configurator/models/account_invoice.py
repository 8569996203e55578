from odoo import api, models

from odoo.addons.automotive_presales.lib import stock


class AccountInvoice(models.Model):
    """A stock car is sold when its invoice is validated, and back with its sales up when a
    credit note undoes that invoice (lib/stock.py decides; the car's one method writes it)."""

    _inherit = "account.invoice"

    @api.multi
    def invoice_validate(self):
        result = super().invoice_validate()
        for invoice in self.filtered(lambda record: record.type in ("out_invoice", "out_refund")):
            event = stock.INVOICE if invoice.type == "out_invoice" else stock.CREDIT
            lines = invoice.invoice_line_ids.mapped("sale_line_ids")
            if event == stock.CREDIT:
                # a plain credit note does not copy the order lines: they are the credited invoice's
                lines |= invoice.refund_invoice_id.invoice_line_ids.mapped("sale_line_ids")
            for line in lines.filtered("stock_vehicle_id"):
                line.stock_vehicle_id._presales_stock_event(event, line.order_id.opportunity_id)
        return result

    @api.multi
    def _presales_credited(self):
        """These customer invoices each undone by a validated credit note."""
        refunds = self.sudo().search([("refund_invoice_id", "in", self.ids), ("type", "=", "out_refund"),
                                      ("state", "in", ("open", "paid"))])
        return refunds.mapped("refund_invoice_id")
