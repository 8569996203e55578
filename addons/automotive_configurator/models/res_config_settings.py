from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    presales_discount_limit_salesperson = fields.Float(
        related="company_id.presales_discount_limit_salesperson", digits=(5, 2))
    presales_discount_limit_manager = fields.Float(related="company_id.presales_discount_limit_manager", digits=(5, 2))
