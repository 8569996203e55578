from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import neglect
from .crm_lead import ATTENTION_HOURS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    presales_attention_hours = fields.Integer(
        "Sales up needs attention after (hours)", default=neglect.DEFAULT_ATTENTION_HOURS,
        help="An open sales up that nobody of its salesperson touched for this many hours is "
             "marked as needing attention.")

    @api.model
    def get_values(self):
        values = super().get_values()
        values["presales_attention_hours"] = self.env["crm.lead"]._presales_attention_hours()
        return values

    @api.multi
    def set_values(self):
        result = super().set_values()
        try:
            hours = neglect.parse_threshold(self.presales_attention_hours)
        except neglect.InvalidThreshold:
            raise ValidationError(_(
                "Settings: the field Sales up needs attention after (hours) must be at least 1, not %s.")
                % self.presales_attention_hours)
        Parameter = self.env["ir.config_parameter"].sudo()
        if Parameter.get_param(ATTENTION_HOURS_PARAM) != str(hours):
            Parameter.set_param(ATTENTION_HOURS_PARAM, str(hours))
            self.env["crm.lead"].sudo()._presales_refresh_neglect()
        return result
