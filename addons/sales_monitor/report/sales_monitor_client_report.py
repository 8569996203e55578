import operator

from psycopg2 import sql

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from odoo.addons.automotive_presales.lib import lifecycle
from odoo.addons.automotive_presales.models.res_partner import CUSTOMER_STATES

from ..lib import geo, report_pack


EMPTY_FIGURES = {"lead_count": 0, "open_count": 0, "won_count": 0, "potential_value": 0.0, "sales_value": 0.0,
                 "last_activity_at": False}
_OPERATORS = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
              ">=": operator.ge}


def _touch(figures, when):
    """Keep the latest activity (timestamps as Odoo's strings, which sort as times)."""
    if when and (not figures["last_activity_at"] or str(when) > figures["last_activity_at"]):
        figures["last_activity_at"] = str(when)


def _satisfies(value, comparison, other):
    """A figure against a domain leaf's operator and value; an empty date is no date (as SQL)."""
    if other is False or other is None:
        return (value in (False, None)) == (comparison == "=") if comparison in ("=", "!=") else False
    if value in (False, None) and not isinstance(other, (int, float)):
        return comparison == "!="
    compare = _OPERATORS.get(comparison)
    if compare is None:
        raise UserError(_("Clients: figures are compared with =, !=, <, <=, > or >=, not %s.") % comparison)
    return compare(value if value not in (False, None) else 0, other)


class SalesMonitorClientReport(models.Model):
    """One row per client (a customer without a parent company): how to reach them, when they
    were last active and what they are worth, to the viewer.

    The rows are the clients the viewer may read (the view's rules follow res.partner's). Their
    figures count only what the viewer may read (issue 16, hole 9): the sales ups, orders,
    contact moments, test drives and done activities are found with the viewer's own search
    (their record rules decide), then summed in SQL. Last activity is the latest of: a contact
    moment, an activity marked done on the client or their sales ups, a test drive that took
    place, the lead date of a sales up. The branch is the client's own branch, else their
    portfolio owner's. Open and won sales ups are automotive_presales lib/lifecycle.py, its
    sql_predicate() quoted once per state. No sales process: a client's sales ups may run in
    several (a private new car and a used one), so a process column would either repeat the
    client or pick one of them; the sales-up reports have it.
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
    # The figures count what the viewer may see: a customer shared by two salespeople shows each
    # of them their own sales ups and orders, not the colleague's (computed per viewer, see
    # _viewer_figures; the list sums and the pack's exports compute them the same way).
    last_activity_at = fields.Datetime("Last activity", compute="_compute_figures", search="_search_last_activity_at")
    lead_count = fields.Integer("Sales ups", compute="_compute_figures")
    open_count = fields.Integer("Open sales ups", compute="_compute_figures", search="_search_open_count")
    won_count = fields.Integer("Won sales ups", compute="_compute_figures")
    potential_value = fields.Float("Potential", compute="_compute_figures", digits=(16, 2),
                                   help="Planned revenue of the open sales ups you may see.")
    sales_value = fields.Float("Sales", compute="_compute_figures", digits=(16, 2),
                               help="Untaxed amount of the confirmed orders you may see.")
    client_count = fields.Integer("Clients", readonly=True)
    latitude = fields.Float(readonly=True, digits=(10, 6), group_operator=None)
    longitude = fields.Float(readonly=True, digits=(10, 6), group_operator=None)
    company_id = fields.Many2one("res.company", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Where a client lies: the longest prefix of their postcode in the table (lib/geo.py locate;
        # parity in test_map_places_clients_by_postcode_and_sizes_them_by_value). A scalar subquery
        # per column, not a join: a query that reads neither coordinate (the pivot, the lists)
        # never runs it, and one that does looks up the postcode's few prefixes in the table's
        # unique index, the postcode normalised once per client. (A LATERAL join with LIKE
        # normalised the postcode once per row of the table for every client, read or not: 110 s
        # for the director's pivot at 200,000 clients.)
        place = """(SELECT postcode.{column}
                      FROM sales_monitor_postcode postcode
                     WHERE postcode.country_code = upper(coalesce(country.code, company_country.code))
                       AND postcode.postcode = ANY(ARRAY(
                           SELECT left(normal.postcode, prefix.length)
                             FROM (SELECT upper(regexp_replace(coalesce(partner.zip, ''), '[^0-9A-Za-z]', '',
                                                               'g')) AS postcode) normal,
                                  generate_series(%(min_prefix)s, length(normal.postcode)) prefix(length)))
                     ORDER BY length(postcode.postcode) DESC LIMIT 1)"""
        self.env.cr.execute(sql.SQL("""
            CREATE VIEW sales_monitor_client_report AS (
            SELECT partner.id, partner.id AS partner_id, partner.name, partner.user_id,
                   coalesce(partner.team_id, owner.sale_team_id) AS team_id,
                   partner.phone, partner.mobile, partner.email, partner.zip, partner.city,
                   partner.country_id, partner.best_call_time,
                   coalesce(partner.phone, partner.mobile, '') != '' AS has_phone,
                   partner.presales_customer_state AS customer_state,
                   1 AS client_count,
                   {latitude} AS latitude, {longitude} AS longitude,
                   partner.company_id
              FROM res_partner partner
              LEFT JOIN res_users owner ON owner.id = partner.user_id
              LEFT JOIN res_country country ON country.id = partner.country_id
              LEFT JOIN res_company company ON company.id = partner.company_id
              LEFT JOIN res_partner company_partner ON company_partner.id = company.partner_id
              LEFT JOIN res_country company_country ON company_country.id = company_partner.country_id
             WHERE partner.customer AND partner.active AND partner.parent_id IS NULL
            )""").format(latitude=sql.SQL(place.format(column="latitude")),
                         longitude=sql.SQL(place.format(column="longitude"))), {"min_prefix": geo.MIN_PREFIX})

    # ---- the figures, per viewer ----

    @api.model
    def _viewer_figures(self, partner_ids):
        """{client id: {figure: value}}, counting what the current user may read."""
        figures = {partner_id: dict(EMPTY_FIGURES) for partner_id in partner_ids}
        if not partner_ids:
            return figures
        cr = self.env.cr
        partners = tuple(partner_ids)
        leads = self._viewer_ids("crm.lead", [("partner_id", "in", list(partners))])
        if leads:
            cr.execute(sql.SQL("""
                SELECT lead.partner_id, count(*), count(*) FILTER (WHERE {open}), count(*) FILTER (WHERE {won}),
                       sum(coalesce(lead.planned_revenue, 0)) FILTER (WHERE {open}), max(lead.lead_date)
                  FROM crm_lead lead WHERE lead.id IN %s GROUP BY lead.partner_id""").format(
                open=sql.SQL(lifecycle.sql_predicate(lifecycle.OPEN, "lead")),
                won=sql.SQL(lifecycle.sql_predicate(lifecycle.WON, "lead"))), (tuple(leads),))
            for partner_id, count, opened, won, potential, last_lead in cr.fetchall():
                figures[partner_id].update(lead_count=count, open_count=opened, won_count=won,
                                           potential_value=potential or 0.0)
                _touch(figures[partner_id], last_lead)
        orders = self._viewer_ids("sale.order", [("partner_id.commercial_partner_id", "in", list(partners)),
                                                 ("state", "in", ("sale", "done"))])
        if orders:
            cr.execute("""
                SELECT partner.commercial_partner_id, sum(sale.amount_untaxed) FROM sale_order sale
                  JOIN res_partner partner ON partner.id = sale.partner_id
                 WHERE sale.id IN %s GROUP BY partner.commercial_partner_id""", (tuple(orders),))
            for partner_id, amount in cr.fetchall():
                if partner_id in figures:
                    figures[partner_id]["sales_value"] = amount or 0.0
        touches = [
            ("presales_contact_moment", "partner_id", "occurred_at",
             self._viewer_ids("presales.contact.moment", [("partner_id", "in", list(partners))])),
            ("presales_test_drive", "partner_id", "start_datetime",
             self._viewer_ids("presales.test.drive", [("partner_id", "in", list(partners)), ("state", "=", "done")])),
        ]
        for table, partner_column, date_column, ids in touches:
            if ids:
                query = sql.SQL("SELECT {partner}, max({date}) FROM {table} WHERE id IN %s GROUP BY {partner}")
                cr.execute(query.format(partner=sql.Identifier(partner_column), date=sql.Identifier(date_column),
                                        table=sql.Identifier(table)), (tuple(ids),))
                for partner_id, when in cr.fetchall():
                    if partner_id in figures:
                        _touch(figures[partner_id], when)
        done = self._viewer_ids("mail.message", [
            ("mail_activity_type_id", "!=", False),
            "|", "&", ("model", "=", "res.partner"), ("res_id", "in", list(partners)),
            "&", ("model", "=", "crm.lead"), ("res_id", "in", leads or [0])])
        if done:
            cr.execute("""
                SELECT CASE WHEN msg.model = 'res.partner' THEN msg.res_id ELSE lead.partner_id END, max(msg.date)
                  FROM mail_message msg
                  LEFT JOIN crm_lead lead ON msg.model = 'crm.lead' AND lead.id = msg.res_id
                 WHERE msg.id IN %s GROUP BY 1""", (tuple(done),))
            for partner_id, when in cr.fetchall():
                if partner_id in figures:
                    _touch(figures[partner_id], when)
        return figures

    @api.model
    def _viewer_ids(self, model, domain):
        """The ids of `model` matching `domain` that the current user may read (none without
        the access right to read the model at all)."""
        Model = self.env[model].with_context(active_test=False)
        if not Model.check_access_rights("read", raise_exception=False):
            return []
        return Model._search(domain)

    def _compute_figures(self):
        figures = self._viewer_figures(list(set(self.mapped("partner_id").ids)))
        for client in self:
            for name, value in figures.get(client.partner_id.id, EMPTY_FIGURES).items():
                client[name] = value

    @api.model
    def _figure_domain(self, name, operator, value):
        """Clients (of those the user may read) whose figure `name` satisfies `operator value`."""
        clients = self.search([])
        figures = self._viewer_figures(list(set(clients.mapped("partner_id").ids)))
        matching = [client.id for client in clients
                    if _satisfies(figures[client.partner_id.id][name], operator, value)]
        return [("id", "in", matching)]

    def _search_open_count(self, operator, value):
        return self._figure_domain("open_count", operator, value)

    def _search_last_activity_at(self, operator, value):
        return self._figure_domain("last_activity_at", operator, value)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Group totals of the figures (the lists' sums) add up what each group's viewer may see."""
        groups = super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby,
                                    lazy=lazy)
        wanted = [name for name in EMPTY_FIGURES if any(
            isinstance(spec, str) and spec.split(":")[0] == name for spec in fields or [])]
        for group in groups if wanted else []:
            clients = self.search(group.get("__domain", domain))
            figures = self._viewer_figures(list(set(clients.mapped("partner_id").ids)))
            for name in wanted:
                values = [figures[client.partner_id.id][name] for client in clients]
                group[name] = max(filter(None, values), default=False) if name == "last_activity_at" else sum(values)
        return groups

    @api.model
    def _print_columns(self, layout=None):
        if layout == "inactive":
            return [
                ("name", _("Customer")), ("last_activity_at", _("Last activity")), ("phone", _("Phone")),
                ("mobile", _("Mobile")), ("customer_state", _("State")), ("open_count", _("Open sales ups")),
                ("user_id", _("Salesperson")), ("team_id", _("Branch")),
            ]
        return [
            ("name", _("Customer")), ("phone", _("Phone")), ("mobile", _("Mobile")),
            ("best_call_time", _("Best time to call")), ("email", _("Email")), ("city", _("City")),
            ("user_id", _("Salesperson")),
        ]

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
