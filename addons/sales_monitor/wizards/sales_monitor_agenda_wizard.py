from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import monitor


class SalesMonitorAgendaWizard(models.TransientModel):
    """Choose the week (and, for a manager, the colleague) of the agenda to print."""

    _name = "sales_monitor.agenda.wizard"
    _description = "Print the weekly agenda"

    week_date = fields.Date("Week of", required=True, default=fields.Date.context_today,
                            help="Any day of the week to print; the agenda runs Monday to Sunday.")
    user_id = fields.Many2one("res.users", "Salesperson", required=True, default=lambda self: self.env.user,
                              help="A branch manager may print the agenda of a salesperson of the branch.")

    @api.constrains("week_date")
    def _check_week_date(self):
        # a week near the end of the calendar (year 9999) cannot be printed: its Sunday does not exist
        for wizard in self:
            day = fields.Date.from_string(wizard.week_date)
            if not monitor.FIRST_DATE <= day <= monitor.LAST_DATE:
                raise ValidationError(_("Agenda: field Week of (%s) must lie between %s and %s.") % (
                    wizard.week_date, monitor.FIRST_DATE, monitor.LAST_DATE))

    @api.multi
    def action_print(self):
        self.ensure_one()
        return self.env.ref("sales_monitor.action_report_agenda").report_action(self)
