from odoo import _, api, fields, models, tools

from odoo.addons.automotive_presales.lib import attribution


class SalesMonitorAcquisitionReport(models.Model):
    """Client Acquisition: per source and month, the sales ups that came in, those won, and the
    spend of that month, so cost per lead and per sale show the return on each advertising
    channel over time.

    The rows are automotive_presales' `presales.source.report` summed over campaigns: spend over
    a period spread over its months by days, sales ups in the month of their lead date, a sale a
    won sales up as lib/lifecycle.py says (checked by test_sql_views_agree_with_the_python_rules
    and tests/test_report_pack.py). Per sales process, a month's spend is shared over the
    processes by their sales ups as the source report does it. Ratios of a group are recomputed
    from its sums in read_group.
    """

    _name = "sales_monitor.acquisition.report"
    _description = "Client acquisition: source, sales and cost per month"
    _auto = False
    _order = "month desc, cost desc"

    company_id = fields.Many2one("res.company", readonly=True)
    source_id = fields.Many2one("utm.source", "Source", readonly=True)
    process_id = fields.Many2one("presales.sales.process", "Sales process", readonly=True,
                                 help="The sales process of the sales ups. Spend has none: a month's spend of a "
                                      "source is shared over its processes by their sales ups of that month.")
    month = fields.Date(readonly=True)
    lead_count = fields.Integer("Sales ups", readonly=True)
    won_count = fields.Integer("Sales", readonly=True)
    cost = fields.Float(readonly=True, digits=(16, 2),
                        help="Spend on the source in the month; filtered or grouped by sales process, each "
                             "process carries the share of its sales ups (spend is bought per source).")
    cost_per_lead = fields.Float("Cost per sales up", readonly=True, digits=(16, 2))
    cost_per_sale = fields.Float("Cost per sale", readonly=True, digits=(16, 2))

    @api.model_cr
    def init(self):
        # one view of the spend and intake per month: automotive_presales' source report
        # (per campaign too) is summed over the campaigns here, never computed a second time.
        # Updating automotive_presales drops that view with this one (CASCADE) and updates this
        # addon after it (it depends on it), which creates this one again.
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW sales_monitor_acquisition_report AS (
            WITH rows AS (
                SELECT company_id, source_id, process_id, month, sum(lead_count) AS lead_count,
                       sum(won_count) AS won_count, sum(cost) AS cost
                  FROM presales_source_report
                 GROUP BY company_id, source_id, process_id, month
            )
            SELECT row_number() OVER (ORDER BY company_id, source_id, month, process_id) AS id,
                   company_id, source_id, process_id, month, lead_count, won_count, cost,
                   cost / NULLIF(lead_count, 0) AS cost_per_lead,
                   cost / NULLIF(won_count, 0) AS cost_per_sale
              FROM rows
            )""")

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        names = [spec.split(":")[0] for spec in fields]
        wanted = {"cost_per_lead", "cost_per_sale"} & set(names)
        if wanted:
            fields = list(fields) + [name for name in ("cost", "lead_count", "won_count") if name not in names]
        groups = super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        for group in groups:
            for name, count in (("cost_per_lead", "lead_count"), ("cost_per_sale", "won_count")):
                if name in wanted:
                    ratio = attribution.cost_per(group.get("cost"), group.get(count))
                    group[name] = False if ratio is None else ratio
        return groups

    @api.model
    def _print_columns(self, layout=None):
        return [("month", _("Month")), ("source_id", _("Source")), ("lead_count", _("Sales ups")),
                ("won_count", _("Sales")), ("cost", _("Cost")), ("cost_per_lead", _("Cost per sales up")),
                ("cost_per_sale", _("Cost per sale"))]
