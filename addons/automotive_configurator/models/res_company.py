from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import approval


class ResCompany(models.Model):
    _inherit = "res.company"

    presales_discount_limit_salesperson = fields.Float(
        "Discount limit of a salesperson (%)", digits=(5, 2),
        default=float(approval.DEFAULT_LIMITS[approval.SALESPERSON]),
        help="Above this share of the car's price excl. VAT the branch manager approves the discount.")
    presales_discount_limit_manager = fields.Float(
        "Discount limit of a branch manager (%)", digits=(5, 2),
        default=float(approval.DEFAULT_LIMITS[approval.BRANCH_MANAGER]),
        help="Above this share the sales director approves the discount.")

    @api.constrains("presales_discount_limit_salesperson", "presales_discount_limit_manager")
    def _check_discount_limits(self):
        for company in self:
            try:
                approval.check_limits(company.presales_discount_limit_salesperson,
                                      company.presales_discount_limit_manager)
            except approval.LimitError as error:
                raise ValidationError(_("Company %s: field Discount limit: %s.") % (company.name, error))
