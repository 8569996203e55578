from odoo import fields, models, tools


class SalesMonitorPhaseTimeReport(models.Model):
    """Time in phase: one row per stay of a sales up in a funnel phase, from its first moment
    in the phase to the first moment of the next phase (the current stay runs until now)."""

    _name = "sales_monitor.phase.time.report"
    _description = "Sales monitor: time in phase"
    _auto = False
    _order = "entered_at desc"

    lead_id = fields.Many2one("crm.lead", "Sales up", readonly=True)
    phase_id = fields.Many2one("presales.funnel.phase", "Funnel phase", readonly=True)
    team_id = fields.Many2one("crm.team", "Branch", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    second_user_id = fields.Many2one("res.users", "Second salesperson", readonly=True)
    process_id = fields.Many2one("presales.sales.process", "Sales process", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    entered_at = fields.Datetime("Entered", readonly=True)
    left_at = fields.Datetime("Left", readonly=True)
    is_current = fields.Boolean("Current phase", readonly=True)
    hours = fields.Float("Hours in phase", readonly=True, group_operator="avg")
    stay_count = fields.Integer("Stays", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # stays as lib/monitor.phase_durations cuts them (parity test in tests/test_reports.py)
        self.env.cr.execute("""
            CREATE VIEW sales_monitor_phase_time_report AS (
                WITH ordered AS (
                    SELECT moment.id, moment.lead_id, moment.phase_id, moment.occurred_at,
                           lag(moment.phase_id) OVER (PARTITION BY moment.lead_id
                                                      ORDER BY moment.occurred_at, moment.id) AS previous_phase
                      FROM presales_contact_moment moment
                     WHERE moment.lead_id IS NOT NULL
                ), stays AS (
                    SELECT id, lead_id, phase_id, occurred_at AS entered_at,
                           lead(occurred_at) OVER (PARTITION BY lead_id ORDER BY occurred_at, id) AS left_at
                      FROM ordered WHERE previous_phase IS DISTINCT FROM phase_id
                )
                SELECT stays.id, stays.lead_id, stays.phase_id, lead.team_id, lead.user_id, lead.second_user_id,
                       lead.process_id, lead.company_id, stays.entered_at, stays.left_at,
                       stays.left_at IS NULL AS is_current,
                       extract(epoch FROM coalesce(stays.left_at, now() AT TIME ZONE 'UTC') - stays.entered_at)
                           / 3600.0 AS hours,
                       1 AS stay_count
                  FROM stays JOIN crm_lead lead ON lead.id = stays.lead_id
            )""")
