from odoo import fields, models


class PresalesStockVehicle(models.Model):
    _inherit = "presales.stock.vehicle"

    # a car the DMS no longer lists stays on record (sales ups refer to it), only its state changes
    state = fields.Selection(selection_add=(("removed", "Removed from stock"),))
    dms_condition = fields.Selection([("new", "New"), ("used", "Used"), ("demo", "Demo")], "Condition")
    dms_options = fields.Text("Options", help="Options as the DMS stock feed lists them.")
