from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

DIGEST_CRON = "sales_monitor.ir_cron_follow_up_digest"


class ResConfigSettings(models.TransientModel):
    """How often the follow-up digest goes out: the interval of its scheduled action."""

    _inherit = "res.config.settings"

    sales_monitor_digest_interval = fields.Integer(
        "Follow-up digest every", default=1,
        help="The digest of overdue follow-ups goes to each branch manager and the director this often.")
    sales_monitor_digest_interval_type = fields.Selection(
        [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")], "Digest interval unit", default="weeks")

    @api.model
    def get_values(self):
        values = super().get_values()
        cron = self.env.ref(DIGEST_CRON, raise_if_not_found=False)
        if cron:
            cron = cron.sudo()
            values.update(sales_monitor_digest_interval=cron.interval_number,
                          sales_monitor_digest_interval_type=cron.interval_type)
        return values

    @api.multi
    def set_values(self):
        super().set_values()
        cron = self.env.ref(DIGEST_CRON, raise_if_not_found=False)
        if not cron:
            return
        if self.sales_monitor_digest_interval < 1:
            raise ValidationError(_("Settings: field Follow-up digest every must be at least 1, not %s.")
                                  % self.sales_monitor_digest_interval)
        if self.sales_monitor_digest_interval_type not in ("days", "weeks", "months"):
            raise ValidationError(_("Settings: field Digest interval unit must be days, weeks or months."))
        cron.sudo().write({"interval_number": self.sales_monitor_digest_interval,
                           "interval_type": self.sales_monitor_digest_interval_type})
