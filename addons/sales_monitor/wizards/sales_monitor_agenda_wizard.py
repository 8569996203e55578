from odoo import api, fields, models


class SalesMonitorAgendaWizard(models.TransientModel):
    """Choose the week (and, for a manager, the colleague) of the agenda to print."""

    _name = "sales_monitor.agenda.wizard"
    _description = "Print the weekly agenda"

    week_date = fields.Date("Week of", required=True, default=fields.Date.context_today,
                            help="Any day of the week to print; the agenda runs Monday to Sunday.")
    user_id = fields.Many2one("res.users", "Salesperson", required=True, default=lambda self: self.env.user,
                              help="A branch manager may print the agenda of a salesperson of the branch.")

    @api.multi
    def action_print(self):
        self.ensure_one()
        return self.env.ref("sales_monitor.action_report_agenda").report_action(self)
