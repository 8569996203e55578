from odoo import _, api, models
from odoo.exceptions import UserError


class AccountInvoice(models.Model):
    """A stock car is sold when its invoice is validated."""

    _inherit = "account.invoice"

    @api.multi
    def invoice_validate(self):
        result = super().invoice_validate()
        vehicles = self.filtered(lambda invoice: invoice.type == "out_invoice").mapped(
            "invoice_line_ids.sale_line_ids.stock_vehicle_id").sudo()
        for vehicle in vehicles:
            if vehicle.state == "sold":
                raise UserError(_("Stock vehicle %s: field State: the car is already sold.") % vehicle.name)
        # the lot is the branch manager's, the sale is the order's: written as superuser
        vehicles.write({"state": "sold"})
        return result
