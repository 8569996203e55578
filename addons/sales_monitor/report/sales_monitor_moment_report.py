from odoo import fields, models, tools

from odoo.addons.automotive_presales.lib import funnel


class SalesMonitorMomentReport(models.Model):
    """Contact moments as the funnel reports read them: one row per moment with its phase order,
    read by the pivot and graph views of the sales monitor."""

    _name = "sales_monitor.moment.report"
    _description = "Sales monitor: contact moments"
    _auto = False
    _order = "occurred_at desc"

    occurred_at = fields.Datetime("When", readonly=True)
    kind = fields.Selection(funnel.MOMENT_KINDS, readonly=True)
    channel = fields.Selection(funnel.CHANNELS, readonly=True)
    origin = fields.Selection([("crm", "CRM"), ("dms", "DMS")], readonly=True)
    phase_id = fields.Many2one("presales.funnel.phase", "Funnel phase", readonly=True)
    phase_sequence = fields.Integer("Phase order", readonly=True, group_operator="min")
    is_lost = fields.Boolean("Lost", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Branch", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    lead_id = fields.Many2one("crm.lead", "Sales up", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    moment_count = fields.Integer("Moments", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW sales_monitor_moment_report AS (
                SELECT moment.id AS id,
                       moment.occurred_at,
                       moment.kind,
                       moment.channel,
                       moment.origin,
                       moment.phase_id,
                       phase.sequence AS phase_sequence,
                       phase.is_lost,
                       moment.user_id,
                       moment.team_id,
                       moment.partner_id,
                       moment.lead_id,
                       moment.company_id,
                       1 AS moment_count
                  FROM presales_contact_moment moment
                  JOIN presales_funnel_phase phase ON phase.id = moment.phase_id
            )""")
