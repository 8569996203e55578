from odoo import _, api, fields, models, tools

from ..lib import report_pack

# The columns a printed or exported activity list shows: (field, heading).


class SalesMonitorActivityReport(models.Model):
    """Everything in a salesperson's agenda and activity log, one row each: open activities
    (planned on their due date), activities marked done, agenda events and test drives.

    It feeds the Agenda, the Activity History, the activity log per employee and the
    follow-up discipline. The branch is the salesperson's own: the log is per employee.
    Ids are made unique over the four sources (id * 4 + source number).
    """

    _name = "sales_monitor.activity.report"
    _description = "Activities, events and test drives"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "summary"

    source = fields.Selection([
        ("activity", "Open activity"), ("done_activity", "Done activity"),
        ("event", "Agenda event"), ("test_drive", "Test drive")], readonly=True)
    kind = fields.Selection(report_pack.ACTIVITY_KINDS, "Type", readonly=True)
    state = fields.Selection(report_pack.ACTIVITY_STATES, readonly=True)
    date = fields.Datetime("When", readonly=True)
    all_day = fields.Boolean(readonly=True)
    summary = fields.Char(readonly=True)
    is_overdue = fields.Boolean("Overdue", readonly=True)
    days_late = fields.Integer("Days late", readonly=True, group_operator="max")
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Branch", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    lead_id = fields.Many2one("crm.lead", "Sales up", readonly=True)
    process_id = fields.Many2one("presales.sales.process", "Sales process", readonly=True,
                                 help="The sales process of the sales up (none for what belongs to no sales up).")
    company_id = fields.Many2one("res.company", readonly=True)
    activity_count = fields.Integer("Activities", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        kinds = sorted(report_pack.KIND_BY_ACTIVITY_TYPE.items())
        kind_values = ", ".join(["(%s, %s)"] * len(kinds))
        params = [value for pair in kinds for value in pair] + [report_pack.DEFAULT_ACTIVITY_KIND]
        test_drive_states = sorted(report_pack.STATE_BY_TEST_DRIVE_STATE.items())
        state_values = ", ".join(["(%s, %s)"] * len(test_drive_states))
        params += [value for pair in test_drive_states for value in pair]
        self.env.cr.execute("""
            CREATE VIEW sales_monitor_activity_report AS (
            WITH type_kind AS (
                SELECT type.id AS type_id, type.name AS type_name,
                       coalesce((SELECT named.kind
                                   FROM (VALUES """ + kind_values + """) named(xmlid, kind)
                                   JOIN ir_model_data imd ON imd.module || '.' || imd.name = named.xmlid
                                  WHERE imd.model = 'mail.activity.type' AND imd.res_id = type.id
                                  LIMIT 1), %s) AS kind
                  FROM mail_activity_type type
            ),
            drive_state(drive_state, state) AS (VALUES """ + state_values + """),
            today AS (SELECT (now() AT TIME ZONE 'UTC')::date AS day, now() AT TIME ZONE 'UTC' AS moment),
            rows AS (
                SELECT act.id * 4 AS id, 'activity' AS source, type_kind.kind, 'planned' AS state,
                       act.date_deadline::timestamp AS date, true AS all_day, act.date_deadline AS deadline,
                       coalesce(act.summary, type_kind.type_name) AS summary,
                       act.user_id,
                       CASE WHEN act.res_model = 'res.partner' THEN act.res_id ELSE lead.partner_id END AS partner_id,
                       lead.id AS lead_id, lead.process_id, coalesce(lead.company_id, owner.company_id) AS company_id
                  FROM mail_activity act
                  JOIN type_kind ON type_kind.type_id = act.activity_type_id
                  LEFT JOIN crm_lead lead ON act.res_model = 'crm.lead' AND lead.id = act.res_id
                  LEFT JOIN res_users owner ON owner.id = act.user_id
                UNION ALL
                SELECT msg.id * 4 + 1, 'done_activity', type_kind.kind, 'done',
                       msg.date, false, msg.date::date,
                       coalesce(msg.subject, type_kind.type_name),
                       author.id,
                       CASE WHEN msg.model = 'res.partner' THEN msg.res_id ELSE lead.partner_id END,
                       lead.id, lead.process_id, coalesce(lead.company_id, author.company_id)
                  FROM mail_message msg
                  JOIN type_kind ON type_kind.type_id = msg.mail_activity_type_id
                  LEFT JOIN crm_lead lead ON msg.model = 'crm.lead' AND lead.id = msg.res_id
                  LEFT JOIN LATERAL (
                        SELECT id, company_id FROM res_users
                         WHERE partner_id = msg.author_id ORDER BY id LIMIT 1) author ON true
                UNION ALL
                -- to-dos and test drives have agenda entries too: they come from their own source
                SELECT event.id * 4 + 2, 'event', 'event',
                       CASE WHEN event.start > today.moment THEN 'planned' ELSE 'done' END,
                       event.start, coalesce(event.allday, false), event.start::date,
                       event.name, event.user_id, lead.partner_id, lead.id, lead.process_id,
                       coalesce(lead.company_id, owner.company_id)
                  FROM calendar_event event
                  CROSS JOIN today
                  LEFT JOIN crm_lead lead ON lead.id = event.opportunity_id
                  LEFT JOIN res_users owner ON owner.id = event.user_id
                 WHERE event.active AND event.test_drive_id IS NULL AND event.presales_todo_id IS NULL
                UNION ALL
                SELECT drive.id * 4 + 3, 'test_drive', 'test_drive', drive_state.state,
                       drive.start_datetime, false, drive.start_datetime::date,
                       drive.name, drive.user_id, drive.partner_id, drive.lead_id, lead.process_id, drive.company_id
                  FROM presales_test_drive drive
                  JOIN drive_state ON drive_state.drive_state = drive.state
                  LEFT JOIN crm_lead lead ON lead.id = drive.lead_id
            )
            SELECT rows.id, rows.source, rows.kind, rows.state, rows.date, rows.all_day, rows.summary,
                   rows.user_id, salesperson.sale_team_id AS team_id, rows.partner_id, rows.lead_id,
                   rows.process_id, rows.company_id,
                   rows.state = 'planned' AND rows.deadline < today.day AS is_overdue,
                   CASE WHEN rows.state = 'planned' AND rows.deadline < today.day
                        THEN today.day - rows.deadline ELSE 0 END AS days_late,
                   1 AS activity_count
              FROM rows
              CROSS JOIN today
              LEFT JOIN res_users salesperson ON salesperson.id = rows.user_id
            )""", params)

    @api.model
    def _print_columns(self, layout=None):
        """The columns a printed or exported activity list shows: (field, heading)."""
        return [
            ("date", _("When")), ("kind", _("Type")), ("state", _("State")), ("summary", _("Summary")),
            ("partner_id", _("Customer")), ("lead_id", _("Sales up")), ("user_id", _("Salesperson")),
            ("team_id", _("Branch")),
        ]
