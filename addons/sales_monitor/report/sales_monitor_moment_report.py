from odoo import fields, models, tools

from odoo.addons.automotive_presales.lib import funnel, sales_up


class SalesMonitorMomentReport(models.Model):
    """Contact moments as the funnel reports read them: one row per moment with its phase order,
    read by the pivot and graph views of the sales monitor."""

    _name = "sales_monitor.moment.report"
    _description = "Sales monitor: contact moments"
    _auto = False
    _order = "occurred_at desc"

    occurred_at = fields.Datetime("When", readonly=True)
    kind = fields.Selection(lambda self: self.env["presales.moment.kind"]._selection(), readonly=True)
    channel = fields.Selection(funnel.CHANNELS, readonly=True)
    origin = fields.Selection([("crm", "CRM"), ("dms", "DMS")], readonly=True)
    phase_id = fields.Many2one("presales.funnel.phase", "Funnel phase", readonly=True)
    block_id = fields.Many2one("presales.funnel.block", "Funnel block", readonly=True)
    phase_sequence = fields.Integer("Phase order", readonly=True, group_operator="min")
    is_lost = fields.Boolean("Lost", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Branch", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    lead_id = fields.Many2one("crm.lead", "Sales up", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    moment_count = fields.Integer("Moments", readonly=True)
    source_id = fields.Many2one("utm.source", "Source", readonly=True)
    lead_type = fields.Selection(sales_up.LEAD_TYPES, readonly=True)
    process_id = fields.Many2one("presales.sales.process", "Sales process", readonly=True,
                                 help="The sales process of the moment's sales up (none without one).")
    # who the moment belongs to, for the record rules: the sales up's people, else the portfolio's
    lead_user_id = fields.Many2one("res.users", "Sales up owner", readonly=True)
    lead_second_user_id = fields.Many2one("res.users", "Second salesperson", readonly=True)
    lead_team_id = fields.Many2one("crm.team", "Branch of the sales up", readonly=True)
    partner_user_id = fields.Many2one("res.users", "Portfolio owner", readonly=True)
    partner_team_id = fields.Many2one("crm.team", "Branch of the portfolio owner", readonly=True)

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
                       phase.block_id,
                       phase.sequence AS phase_sequence,
                       phase.is_lost,
                       moment.user_id,
                       moment.team_id,
                       moment.partner_id,
                       moment.lead_id,
                       moment.company_id,
                       1 AS moment_count,
                       moment.monitor_source_id AS source_id,
                       moment.monitor_lead_type AS lead_type,
                       lead.process_id,
                       lead.user_id AS lead_user_id,
                       lead.second_user_id AS lead_second_user_id,
                       lead.team_id AS lead_team_id,
                       partner.user_id AS partner_user_id,
                       owner.sale_team_id AS partner_team_id
                  FROM presales_contact_moment moment
                  JOIN presales_funnel_phase phase ON phase.id = moment.phase_id
                  LEFT JOIN crm_lead lead ON lead.id = moment.lead_id
                  LEFT JOIN res_partner partner ON partner.id = moment.partner_id
                  LEFT JOIN res_users owner ON owner.id = partner.user_id
            )""")
