from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import retention
from .dealer_privacy_retention import PROSPECT_YEARS_PARAM, REVIEW_DAYS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dealer_privacy_prospect_years = fields.Integer(
        "Anonymise prospects after (years without activity)", default=retention.DEFAULT_PROSPECT_YEARS)
    dealer_privacy_review_days = fields.Integer(
        "Days the director has to review the list", default=retention.DEFAULT_REVIEW_DAYS)

    @api.model
    def get_values(self):
        values = super().get_values()
        years, days = self.env["dealer.privacy.retention"]._params()
        values.update(dealer_privacy_prospect_years=years, dealer_privacy_review_days=days)
        return values

    @api.multi
    def set_values(self):
        result = super().set_values()
        if self.dealer_privacy_prospect_years < 1:
            raise ValidationError(_("Settings: the field Anonymise prospects after must be at least 1 year, not %s.")
                                  % self.dealer_privacy_prospect_years)
        if self.dealer_privacy_review_days < 0:
            raise ValidationError(_("Settings: the field Days the director has to review the list cannot be "
                                    "negative (%s).") % self.dealer_privacy_review_days)
        Parameter = self.env["ir.config_parameter"].sudo()
        Parameter.set_param(PROSPECT_YEARS_PARAM, str(self.dealer_privacy_prospect_years))
        Parameter.set_param(REVIEW_DAYS_PARAM, str(self.dealer_privacy_review_days))
        return result
