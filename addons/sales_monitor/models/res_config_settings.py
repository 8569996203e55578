from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import monitor
from .sales_monitor import BENCHMARK_PARAM, RADAR_PARAM
from .sales_monitor_rollup import HOT_DAYS_PARAM, OFFER_DAYS_PARAM

RATES = {code: default for code, _label, default in monitor.PROCESS_RATES}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    monitor_hot_no_test_drive_days = fields.Integer(
        "Hot lead without test drive after (days)", default=monitor.DEFAULT_HOT_NO_TEST_DRIVE_DAYS,
        help="A hot sales up that has had no test drive this many days after its lead date needs attention.")
    monitor_offer_follow_up_days = fields.Integer(
        "Offer followed up within (days)", default=monitor.DEFAULT_OFFER_FOLLOW_UP_DAYS,
        help="A sales up still in the phase Offer made this many days after the offer needs attention.")

    monitor_benchmark_contact = fields.Float("Contact rate (%)", default=RATES["contact"])
    monitor_benchmark_appointment = fields.Float("Appointment rate (%)", default=RATES["appointment"])
    monitor_benchmark_show = fields.Float("Show rate (%)", default=RATES["show"])
    monitor_benchmark_sold_of_shown = fields.Float("Sold of shown (%)", default=RATES["sold_of_shown"])
    monitor_benchmark_close = fields.Float("Close rate (%)", default=RATES["close"])

    monitor_radar_years = fields.Integer("Car at least (years)", default=monitor.RADAR_DEFAULTS["years"])
    monitor_radar_mileage = fields.Integer("Mileage at least (km)", default=monitor.RADAR_DEFAULTS["mileage"])
    monitor_radar_months = fields.Integer("Finance or lease ends within (months)",
                                          default=monitor.RADAR_DEFAULTS["months"])
    monitor_radar_visits = fields.Integer("Workshop visits in 12 months at least",
                                          default=monitor.RADAR_DEFAULTS["visits"])

    @api.model
    def get_values(self):
        values = super().get_values()
        hot_days, offer_days = self.env["sales.monitor"]._urgency_days()
        values.update(monitor_hot_no_test_drive_days=hot_days, monitor_offer_follow_up_days=offer_days)
        for code, value in self.env["sales.monitor"]._monitor_benchmarks().items():
            values["monitor_benchmark_%s" % code] = value
        for setting, value in self.env["sales_monitor.replacement.radar"]._thresholds().items():
            values["monitor_radar_%s" % setting] = value
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
        for code in RATES:
            name = "monitor_benchmark_%s" % code
            if not 0 <= self[name] <= 100:
                raise ValidationError(_("Settings: the field %s is a share of leads from 0 to 100, not %s.")
                                      % (self._fields[name].string, self[name]))
            Parameter.set_param(BENCHMARK_PARAM % code, str(self[name]))
        for setting in monitor.RADAR_DEFAULTS:
            name = "monitor_radar_%s" % setting
            if self[name] < 1:
                raise ValidationError(_("Settings: the field %s must be at least 1, not %s.")
                                      % (self._fields[name].string, self[name]))
            Parameter.set_param(RADAR_PARAM % setting, str(self[name]))
        return result
