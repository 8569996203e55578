from psycopg2 import sql

from odoo import api, fields, models, tools

from ..lib import attribution, lifecycle


class PresalesSourceReport(models.Model):
    """Sales ups, sales and spend per credited source, campaign and month: which advertising converts.

    One row per (company, source, campaign, month, sales process); spend without a campaign meets
    the sales ups without a campaign. A sales up counts in the month of its lead date; spend over a
    period is spread over its months by days (a yearly listing fee is a twelfth-ish per month).
    Spend is bought per source, not per process: a month's spend of a source and campaign is
    shared over its sales processes by their sales ups of that month, so a process's cost per
    sales up is the source's own and the shares add up to the spend (spend of a month without
    sales ups stays in a row without process). Cost per lead and per sale, and the bogus rate
    (leads marked bogus per 100), are recomputed per group in read_group, so a pivot grouped by
    source alone divides summed figures by summed counts.
    """

    _name = "presales.source.report"
    _description = "Lead source conversion and cost"
    _auto = False
    _order = "cost desc, lead_count desc"

    company_id = fields.Many2one("res.company", "Company", readonly=True)
    source_id = fields.Many2one("utm.source", "Source", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", "Campaign", readonly=True)
    process_id = fields.Many2one("presales.sales.process", "Sales process", readonly=True,
                                 help="The sales process of the sales ups. Spend has none: a month's spend of a "
                                      "source is shared over its processes by their sales ups of that month.")
    month = fields.Date(readonly=True)
    lead_count = fields.Integer("Sales ups", readonly=True)
    won_count = fields.Integer("Won sales ups", readonly=True)
    bogus_count = fields.Integer("Bogus leads", readonly=True)
    bogus_rate = fields.Float("Bogus (%)", readonly=True, digits=(16, 1), group_operator="avg",
                              help="Bogus leads (duplicate, fake, unreachable) per 100 sales ups of the source.")
    cost = fields.Float(readonly=True, digits=(16, 2),
                        help="Spend on the source in the month; filtered or grouped by sales process, each "
                             "process carries the share of its sales ups (spend is bought per source).")
    cost_per_lead = fields.Float("Cost per sales up", readonly=True, digits=(16, 2))
    cost_per_sale = fields.Float("Cost per sale", readonly=True, digits=(16, 2))

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(sql.SQL("""
            CREATE VIEW presales_source_report AS (
                WITH grouped AS (
                    -- GROUP BY, unlike a join, treats "no campaign" on both sides as equal.
                    SELECT company_id, source_id, campaign_id, month, process_id,
                           sum(lead_count) AS lead_count, sum(won_count) AS won_count,
                           sum(bogus_count) AS bogus_count, sum(cost) AS cost
                      FROM (
                            SELECT company_id, source_id, campaign_id,
                                   date_trunc('month', coalesce(lead_date, create_date))::date AS month,
                                   process_id,
                                   1 AS lead_count,
                                   CASE WHEN {won} THEN 1 ELSE 0 END AS won_count,
                                   CASE WHEN bogus_reason IS NOT NULL THEN 1 ELSE 0 END AS bogus_count,
                                   0 AS cost
                              FROM crm_lead
                            UNION ALL
                            -- each month of the period gets its share of the days
                            SELECT cost.company_id, cost.source_id, cost.campaign_id, period.month::date,
                                   NULL, 0, 0, 0,
                                   cost.amount
                                   * (least(cost.date_to, (period.month + interval '1 month - 1 day')::date)
                                      - greatest(cost.date_from, period.month::date) + 1)
                                   / (cost.date_to - cost.date_from + 1)
                              FROM presales_source_cost cost
                             CROSS JOIN LATERAL generate_series(
                                   date_trunc('month', cost.date_from), date_trunc('month', cost.date_to),
                                   interval '1 month') AS period(month)
                           ) facts
                     GROUP BY company_id, source_id, campaign_id, month, process_id
                ), shared AS (
                    -- the spend of the (company, source, campaign, month) over its processes by
                    -- their sales ups (PARTITION BY, like GROUP BY, takes "none" as equal)
                    SELECT company_id, source_id, campaign_id, month, process_id, lead_count, won_count,
                           bogus_count, cost,
                           sum(cost) OVER key AS key_cost, sum(lead_count) OVER key AS key_leads
                      FROM grouped
                    WINDOW key AS (PARTITION BY company_id, source_id, campaign_id, month)
                ), rows AS (
                    SELECT company_id, source_id, campaign_id, month, process_id, lead_count, won_count,
                           bogus_count,
                           CASE WHEN key_leads > 0 THEN key_cost * lead_count / key_leads ELSE cost END AS cost
                      FROM shared
                     -- the spend's own row is empty once its spend went to the processes
                     WHERE lead_count > 0 OR key_leads = 0
                )
                SELECT row_number() OVER (ORDER BY company_id, source_id, campaign_id, month, process_id) AS id,
                       company_id, source_id, campaign_id, process_id, month, lead_count, won_count, bogus_count,
                       cost,
                       cost / NULLIF(lead_count, 0) AS cost_per_lead,
                       cost / NULLIF(won_count, 0) AS cost_per_sale,
                       100.0 * bogus_count / NULLIF(lead_count, 0) AS bogus_rate
                  FROM rows
            )
        """).format(won=sql.SQL(lifecycle.sql_predicate(lifecycle.WON))))

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        names = [spec.split(":")[0] for spec in fields]
        wanted = {"cost_per_lead", "cost_per_sale", "bogus_rate"} & set(names)
        if wanted:
            fields = list(fields) + [name for name in ("cost", "lead_count", "won_count", "bogus_count")
                                     if name not in names]
        groups = super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        for group in groups:
            # A ratio of a group is the ratio of its sums; an empty cell when dividing by zero.
            if "cost_per_lead" in wanted:
                ratio = attribution.cost_per(group.get("cost"), group.get("lead_count"))
                group["cost_per_lead"] = False if ratio is None else ratio
            if "cost_per_sale" in wanted:
                ratio = attribution.cost_per(group.get("cost"), group.get("won_count"))
                group["cost_per_sale"] = False if ratio is None else ratio
            if "bogus_rate" in wanted:
                ratio = attribution.rate(group.get("bogus_count"), group.get("lead_count"))
                group["bogus_rate"] = False if ratio is None else ratio
        return groups
