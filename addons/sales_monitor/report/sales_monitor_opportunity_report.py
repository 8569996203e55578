from psycopg2 import sql

from odoo import _, api, fields, models, tools

from odoo.addons.automotive_presales.lib import lifecycle, sales_up

from ..lib import report_pack


class SalesMonitorOpportunityReport(models.Model):
    """One row per sales up (opportunity), open, won or lost, with its weighted revenue.

    It feeds Agent Opportunities, the Sales Plan, Opportunities by Source, Client Status,
    Opportunity Stage and the Forecast. Open, won and lost are automotive_presales
    lib/lifecycle.py: the view quotes its sql_predicate(), _python_facts() asks its state(), and
    tests/test_report_pack.py test_sql_views_agree_with_the_python_rules holds the two together.
    """

    _name = "sales_monitor.opportunity.report"
    _description = "Sales ups: plan, status, stage and forecast"
    _auto = False
    _order = "lead_date desc, id desc"

    name = fields.Char("Sales up", readonly=True)
    lead_id = fields.Many2one("crm.lead", "Sales up", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    second_user_id = fields.Many2one("res.users", "Second salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Branch", readonly=True)
    stage_id = fields.Many2one("crm.stage", "Stage", readonly=True)
    lead_status = fields.Selection(sales_up.LEAD_STATUSES, "Status", readonly=True)
    lead_type = fields.Selection(sales_up.LEAD_TYPES, readonly=True)
    source_id = fields.Many2one("utm.source", "Source", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", "Campaign", readonly=True)
    process_id = fields.Many2one("presales.sales.process", "Sales process", readonly=True)
    lead_date = fields.Datetime(readonly=True)
    date_deadline = fields.Date("Expected closing", readonly=True)
    forecast_date = fields.Date(
        "Expected to buy", readonly=True,
        help="The expected closing, else the end (or start) of the customer's purchase window: the forecast's month.")
    date_closed = fields.Datetime("Closed", readonly=True)
    planned_revenue = fields.Float(readonly=True, digits=(16, 2))
    probability = fields.Float("Probability (%)", readonly=True, group_operator="avg")
    gut_probability = fields.Float("Gut feel (%)", readonly=True, group_operator="avg")
    expected_revenue = fields.Float(readonly=True, digits=(16, 2))
    gut_expected_revenue = fields.Float("Expected revenue (gut feel)", readonly=True, digits=(16, 2))
    is_open = fields.Boolean("Open", readonly=True)
    is_won = fields.Boolean("Won", readonly=True)
    is_lost = fields.Boolean("Lost", readonly=True)
    lead_count = fields.Integer("Sales ups", readonly=True)
    open_count = fields.Integer("Open", readonly=True)
    won_count = fields.Integer("Won", readonly=True)
    lost_count = fields.Integer("Lost", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(sql.SQL("""
            CREATE VIEW sales_monitor_opportunity_report AS (
            WITH facts AS (
                SELECT lead.*,
                       {open} AS open_flag,
                       {won} AS won_flag,
                       {lost} AS lost_flag,
                       CASE WHEN coalesce(lead.gut_probability, 0) > 0 THEN lead.gut_probability
                            ELSE coalesce(lead.probability, 0) END AS gut_flag
                  FROM crm_lead lead
                 WHERE lead.type = 'opportunity'
            )
            SELECT id, id AS lead_id, name, partner_id, user_id, second_user_id, team_id, stage_id,
                   lead_status, lead_type, source_id, campaign_id, process_id, lead_date, date_deadline, date_closed,
                   coalesce(date_deadline, purchase_timeframe_end, purchase_timeframe_start) AS forecast_date,
                   company_id,
                   coalesce(planned_revenue, 0) AS planned_revenue,
                   coalesce(probability, 0) AS probability,
                   gut_flag AS gut_probability,
                   coalesce(planned_revenue, 0) * coalesce(probability, 0) / 100.0 AS expected_revenue,
                   coalesce(planned_revenue, 0) * gut_flag / 100.0 AS gut_expected_revenue,
                   open_flag AS is_open, won_flag AS is_won, lost_flag AS is_lost,
                   1 AS lead_count,
                   CASE WHEN open_flag THEN 1 ELSE 0 END AS open_count,
                   CASE WHEN won_flag THEN 1 ELSE 0 END AS won_count,
                   CASE WHEN lost_flag THEN 1 ELSE 0 END AS lost_count
              FROM facts
            )""").format(open=self._lifecycle_sql(lifecycle.OPEN), won=self._lifecycle_sql(lifecycle.WON),
                         lost=self._lifecycle_sql(lifecycle.LOST)))

    @api.model
    def _lifecycle_sql(self, state):
        return sql.SQL(lifecycle.sql_predicate(state, "lead"))

    @api.model
    def _print_columns(self, layout=None):
        return [
            ("lead_date", _("Lead date")), ("name", _("Sales up")), ("partner_id", _("Customer")),
            ("user_id", _("Salesperson")), ("team_id", _("Branch")), ("stage_id", _("Stage")),
            ("lead_status", _("Status")), ("source_id", _("Source")), ("date_deadline", _("Expected closing")),
            ("planned_revenue", _("Planned revenue")), ("probability", _("Probability (%)")),
            ("expected_revenue", _("Expected revenue")), ("gut_expected_revenue", _("Expected revenue (gut feel)")),
        ]

    @api.model
    def _python_facts(self, lead):
        """The same facts from a crm.lead in Python, for the parity test."""
        gut = report_pack.gut_probability(lead.probability, lead.gut_probability)
        state = lifecycle.state(lead.active, lead.probability, lead.lead_status)
        return {
            "is_open": state == lifecycle.OPEN,
            "is_won": state == lifecycle.WON,
            "is_lost": state == lifecycle.LOST,
            "expected_revenue": report_pack.expected_revenue(lead.planned_revenue, lead.probability),
            "gut_expected_revenue": report_pack.expected_revenue(lead.planned_revenue, gut),
        }
