from odoo import fields, models, tools

from odoo.addons.automotive_presales.lib import lifecycle, sales_up


class SalesMonitorLossReport(models.Model):
    """Lost sales ups by loss reason, branch, salesperson, source and the phase they were lost
    in (the phase of their last moment before the lost order)."""

    _name = "sales_monitor.loss.report"
    _description = "Sales monitor: lost sales ups"
    _auto = False
    _order = "lost_at desc"

    lead_id = fields.Many2one("crm.lead", "Sales up", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", "Loss reason", readonly=True)
    team_id = fields.Many2one("crm.team", "Branch", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    second_user_id = fields.Many2one("res.users", "Second salesperson", readonly=True)
    source_id = fields.Many2one("utm.source", "Source", readonly=True)
    lead_type = fields.Selection(sales_up.LEAD_TYPES, readonly=True)
    phase_id = fields.Many2one("presales.funnel.phase", "Lost in phase", readonly=True)
    process_id = fields.Many2one("presales.sales.process", "Sales process", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    lost_at = fields.Datetime("Lost on", readonly=True)
    lost_count = fields.Integer("Lost sales ups", readonly=True)
    planned_revenue = fields.Float("Expected revenue lost", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # lost as lib/lifecycle.py says (archived, or the status bought elsewhere), of the sales
        # ups that entered the funnel (opportunities); parity test in tests/test_reports.py.
        # The predicate is lifecycle's own constant SQL, never input.
        # pylint: disable=sql-injection
        self.env.cr.execute("""
            CREATE VIEW sales_monitor_loss_report AS (
                SELECT lead.id, lead.id AS lead_id, lead.lost_reason AS lost_reason_id, lead.team_id,
                       lead.user_id, lead.second_user_id, lead.source_id, lead.lead_type, lead.process_id,
                       lead.company_id,
                       (SELECT moment.phase_id
                          FROM presales_contact_moment moment
                          JOIN presales_funnel_phase phase ON phase.id = moment.phase_id
                         WHERE moment.lead_id = lead.id AND NOT coalesce(phase.is_lost, false)
                         ORDER BY moment.occurred_at DESC, moment.id DESC LIMIT 1) AS phase_id,
                       coalesce(lead.date_closed, lead.write_date) AS lost_at,
                       1 AS lost_count, lead.planned_revenue
                  FROM crm_lead lead
                 WHERE lead.type = 'opportunity' AND %s
            )""" % lifecycle.sql_predicate(lifecycle.LOST, "lead"))
