from odoo import api, fields, models


class AccountInvoice(models.Model):
    """The deposits taken on the offer or order an invoice bills, shown on it and on its PDF."""

    _inherit = "account.invoice"

    presales_deposit_ids = fields.Many2many(
        "presales.deposit", string="Deposits", compute="_compute_presales_deposits",
        help="Deposits taken on the orders (or their offers) this invoice bills.")
    presales_deposit_total = fields.Monetary(
        "Deposits received", compute="_compute_presales_deposits", currency_field="currency_id")
    presales_amount_after_deposits = fields.Monetary(
        "To pay after deposits", compute="_compute_presales_deposits", currency_field="currency_id")

    @api.depends("invoice_line_ids.sale_line_ids.order_id.deposit_ids", "amount_total")
    def _compute_presales_deposits(self):
        for invoice in self:
            deposits = invoice.invoice_line_ids.mapped("sale_line_ids.order_id.deposit_ids")
            if invoice.type != "out_invoice":
                deposits = deposits.browse()
            invoice.presales_deposit_ids = deposits
            invoice.presales_deposit_total = sum(deposits.mapped("amount"))
            invoice.presales_amount_after_deposits = invoice.amount_total - invoice.presales_deposit_total
