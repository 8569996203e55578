from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import monitor
from .sales_monitor_rollup import HOT_DAYS_PARAM, OFFER_DAYS_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    monitor_hot_no_test_drive_days = fields.Integer(
        "Hot lead without test drive after (days)", default=monitor.DEFAULT_HOT_NO_TEST_DRIVE_DAYS,
        help="A hot sales up that has had no test drive this many days after its lead date needs attention.")
    monitor_offer_follow_up_days = fields.Integer(
        "Offer followed up within (days)", default=monitor.DEFAULT_OFFER_FOLLOW_UP_DAYS,
        help="A sales up still in the phase Offer made this many days after the offer needs attention.")

    @api.model
    def get_values(self):
        values = super().get_values()
        hot_days, offer_days = self.env["sales.monitor"]._urgency_days()
        values.update(monitor_hot_no_test_drive_days=hot_days, monitor_offer_follow_up_days=offer_days)
        return values

    @api.multi
    def set_values(self):
        result = super().set_values()
        Parameter = self.env["ir.config_parameter"].sudo()
        changed = False
        for name, key in (("monitor_hot_no_test_drive_days", HOT_DAYS_PARAM),
                          ("monitor_offer_follow_up_days", OFFER_DAYS_PARAM)):
            days = self[name]
            if not days or days < 1:
                raise ValidationError(_("Settings: the field %s must be at least 1 day, not %s.")
                                      % (self._fields[name].string, days))
            if Parameter.get_param(key) != str(days):
                Parameter.set_param(key, str(days))
                changed = True
        if changed:
            self.env["sales_monitor.rollup"].sudo().refresh_urgency()
        return result
