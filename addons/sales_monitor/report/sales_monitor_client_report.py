from psycopg2 import sql

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from odoo.addons.automotive_presales.lib import lifecycle
from odoo.addons.automotive_presales.models.res_partner import CUSTOMER_STATES

from ..lib import geo, report_pack

PHONE_COLUMNS = [
    ("name", "Customer"), ("phone", "Phone"), ("mobile", "Mobile"), ("best_call_time", "Best time to call"),
    ("email", "Email"), ("city", "City"), ("user_id", "Salesperson"),
]
INACTIVE_COLUMNS = [
    ("name", "Customer"), ("last_activity_at", "Last activity"), ("phone", "Phone"), ("mobile", "Mobile"),
    ("customer_state", "State"), ("open_count", "Open sales ups"), ("user_id", "Salesperson"),
    ("team_id", "Branch"),
]


class SalesMonitorClientReport(models.Model):
    """One row per client (a customer without a parent company): how to reach them, when they
    were last active and what they are worth.

    Last activity is the latest of: a contact moment, an activity marked done on the client
    or their sales ups, a test drive that took place, the lead date of a sales up. The branch
    is the client's own branch, else their portfolio owner's. Open and won sales ups are
    automotive_presales lib/lifecycle.py, its sql_predicate() quoted once per state.
    """

    _name = "sales_monitor.client.report"
    _description = "Clients: contact, activity and value"
    _auto = False
    _order = "name, id"

    name = fields.Char("Customer", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Branch", readonly=True)
    phone = fields.Char(readonly=True)
    mobile = fields.Char(readonly=True)
    email = fields.Char(readonly=True)
    zip = fields.Char("Postcode", readonly=True)
    city = fields.Char(readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    best_call_time = fields.Selection(report_pack.BEST_CALL_TIMES, "Best time to call", readonly=True)
    has_phone = fields.Boolean(readonly=True)
    customer_state = fields.Selection(CUSTOMER_STATES, "State", readonly=True)
    last_activity_at = fields.Datetime("Last activity", readonly=True)
    lead_count = fields.Integer("Sales ups", readonly=True)
    open_count = fields.Integer("Open sales ups", readonly=True)
    won_count = fields.Integer("Won sales ups", readonly=True)
    potential_value = fields.Float("Potential", readonly=True, digits=(16, 2),
                                   help="Planned revenue of the open sales ups.")
    sales_value = fields.Float("Sales", readonly=True, digits=(16, 2),
                               help="Untaxed amount of the confirmed orders.")
    client_count = fields.Integer("Clients", readonly=True)
    latitude = fields.Float(readonly=True, digits=(10, 6), group_operator=None)
    longitude = fields.Float(readonly=True, digits=(10, 6), group_operator=None)
    company_id = fields.Many2one("res.company", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(sql.SQL("""
            CREATE VIEW sales_monitor_client_report AS (
            WITH lead_facts AS (
                SELECT lead.partner_id, lead.planned_revenue, lead.lead_date,
                       {open} AS is_open, {won} AS is_won
                  FROM crm_lead lead WHERE lead.partner_id IS NOT NULL
            ),
            leads AS (
                SELECT partner_id, count(*) AS lead_count,
                       count(*) FILTER (WHERE is_open) AS open_count,
                       count(*) FILTER (WHERE is_won) AS won_count,
                       sum(coalesce(planned_revenue, 0)) FILTER (WHERE is_open) AS potential_value,
                       max(lead_date) AS last_lead
                  FROM lead_facts GROUP BY partner_id
            ),
            touches AS (
                SELECT partner_id, occurred_at AS touched_at FROM presales_contact_moment
                 WHERE partner_id IS NOT NULL
                UNION ALL
                SELECT CASE WHEN msg.model = 'res.partner' THEN msg.res_id ELSE lead.partner_id END, msg.date
                  FROM mail_message msg
                  LEFT JOIN crm_lead lead ON msg.model = 'crm.lead' AND lead.id = msg.res_id
                 WHERE msg.mail_activity_type_id IS NOT NULL AND msg.model IN ('res.partner', 'crm.lead')
                UNION ALL
                SELECT partner_id, start_datetime FROM presales_test_drive WHERE state = 'done'
            ),
            last_touch AS (
                SELECT partner_id, max(touched_at) AS touched_at FROM touches
                 WHERE partner_id IS NOT NULL GROUP BY partner_id
            ),
            orders AS (
                SELECT partner.commercial_partner_id AS partner_id, sum(sale.amount_untaxed) AS sales_value
                  FROM sale_order sale JOIN res_partner partner ON partner.id = sale.partner_id
                 WHERE sale.state IN ('sale', 'done') GROUP BY partner.commercial_partner_id
            )
            SELECT partner.id, partner.id AS partner_id, partner.name, partner.user_id,
                   coalesce(partner.team_id, owner.sale_team_id) AS team_id,
                   partner.phone, partner.mobile, partner.email, partner.zip, partner.city,
                   partner.country_id, partner.best_call_time,
                   coalesce(partner.phone, partner.mobile, '') != '' AS has_phone,
                   partner.presales_customer_state AS customer_state,
                   nullif(greatest(coalesce(last_touch.touched_at, '-infinity'),
                                   coalesce(leads.last_lead, '-infinity')), '-infinity') AS last_activity_at,
                   coalesce(leads.lead_count, 0) AS lead_count,
                   coalesce(leads.open_count, 0) AS open_count,
                   coalesce(leads.won_count, 0) AS won_count,
                   coalesce(leads.potential_value, 0) AS potential_value,
                   coalesce(orders.sales_value, 0) AS sales_value,
                   1 AS client_count,
                   place.latitude, place.longitude,
                   partner.company_id
              FROM res_partner partner
              LEFT JOIN res_users owner ON owner.id = partner.user_id
              LEFT JOIN res_country country ON country.id = partner.country_id
              LEFT JOIN res_company company ON company.id = partner.company_id
              LEFT JOIN res_partner company_partner ON company_partner.id = company.partner_id
              LEFT JOIN res_country company_country ON company_country.id = company_partner.country_id
              -- the longest postcode prefix in the table (lib/geo.py locate)
              LEFT JOIN LATERAL (
                    SELECT postcode.latitude, postcode.longitude
                      FROM sales_monitor_postcode postcode
                     WHERE postcode.country_code = upper(coalesce(country.code, company_country.code))
                       AND length(postcode.postcode) >= %(min_prefix)s
                       AND upper(regexp_replace(coalesce(partner.zip, ''), '[^0-9A-Za-z]', '', 'g'))
                           LIKE postcode.postcode || '%%'
                     ORDER BY length(postcode.postcode) DESC LIMIT 1) place ON true
              LEFT JOIN leads ON leads.partner_id = partner.id
              LEFT JOIN last_touch ON last_touch.partner_id = partner.id
              LEFT JOIN orders ON orders.partner_id = partner.id
             WHERE partner.customer AND partner.active AND partner.parent_id IS NULL
            )""").format(open=sql.SQL(lifecycle.sql_predicate(lifecycle.OPEN, "lead")),
                         won=sql.SQL(lifecycle.sql_predicate(lifecycle.WON, "lead"))),
            {"min_prefix": geo.MIN_PREFIX})

    @api.model
    def _print_columns(self, layout=None):
        if layout == "inactive":
            return INACTIVE_COLUMNS
        return PHONE_COLUMNS

    @api.model
    def action_print_all_phone_contacts(self, export="pdf"):
        """Phone contacts of every client the user may see that has a phone number, printed
        (pdf) or exported (xlsx) without selecting them one page at a time."""
        report = {"pdf": "sales_monitor.action_report_phone_contacts",
                  "xlsx": "sales_monitor.action_report_phone_contacts_xlsx"}.get(export)
        if not report:
            raise UserError(_("Phone contacts: the export must be pdf or xlsx, not %s.") % export)
        return self.env.ref(report).report_action(self.browse(), data={
            "domain": [("has_phone", "=", True)], "title": _("Phone contacts")})
