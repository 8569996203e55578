from odoo import api, fields, models, tools

from ..lib import attribution


class PresalesSourceReport(models.Model):
    """Sales ups, sales and spend per credited source and campaign: which advertising converts.

    One row per (company, source, campaign); spend without a campaign meets the sales ups
    without a campaign. Cost per lead and per sale are recomputed per group in read_group, so
    a pivot grouped by source alone divides summed cost by summed counts.
    """

    _name = "presales.source.report"
    _description = "Lead source conversion and cost"
    _auto = False
    _order = "cost desc, lead_count desc"

    company_id = fields.Many2one("res.company", "Company", readonly=True)
    source_id = fields.Many2one("utm.source", "Source", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", "Campaign", readonly=True)
    lead_count = fields.Integer("Sales ups", readonly=True)
    won_count = fields.Integer("Won sales ups", readonly=True)
    cost = fields.Float(readonly=True, digits=(16, 2))
    cost_per_lead = fields.Float("Cost per sales up", readonly=True, digits=(16, 2))
    cost_per_sale = fields.Float("Cost per sale", readonly=True, digits=(16, 2))

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW presales_source_report AS (
                WITH rows AS (
                    -- GROUP BY, unlike a join, treats "no campaign" on both sides as equal.
                    SELECT company_id, source_id, campaign_id,
                           sum(lead_count) AS lead_count, sum(won_count) AS won_count,
                           sum(cost) AS cost
                      FROM (
                            SELECT company_id, source_id, campaign_id, 1 AS lead_count,
                                   CASE WHEN probability >= 100 AND active THEN 1 ELSE 0 END
                                       AS won_count,
                                   0 AS cost
                              FROM crm_lead
                            UNION ALL
                            SELECT company_id, source_id, campaign_id, 0, 0, amount
                              FROM presales_source_cost
                           ) facts
                     GROUP BY company_id, source_id, campaign_id
                )
                SELECT row_number() OVER (ORDER BY company_id, source_id, campaign_id) AS id,
                       company_id, source_id, campaign_id, lead_count, won_count, cost,
                       cost / NULLIF(lead_count, 0) AS cost_per_lead,
                       cost / NULLIF(won_count, 0) AS cost_per_sale
                  FROM rows
            )
        """)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        names = [spec.split(":")[0] for spec in fields]
        wanted = {"cost_per_lead", "cost_per_sale"} & set(names)
        if wanted:
            fields = list(fields) + [name for name in ("cost", "lead_count", "won_count")
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
        return groups
