from odoo import _, api, fields, models, tools

from odoo.addons.automotive_presales.lib import finance, lifecycle
from odoo.addons.automotive_presales.models import lib_text

from ..lib import monitor
from ..models.sales_monitor import RADAR_PARAM


class SalesMonitorReplacementRadar(models.Model):
    """Customers who may want their next car, per salesperson (the customer's portfolio owner),
    with the reasons in words and one click to a sales up.

    What we know of a customer's car: their latest trade-in (model year, mileage), the loan or
    lease chosen on a sales up they won (it ends its term after the sale), and their after-sales
    moments from the DMS (workshop visits, inspections, repairs, warranty) of the last 12 months.
    Customers with an open sales up are being worked already and are left out. The thresholds
    are settings; lib/monitor.replacement_reasons is the rule the flags here repeat (parity:
    test_radar_sql_equals_the_python_rule).
    """

    _name = "sales_monitor.replacement.radar"
    _description = "Sales monitor: replacement radar"
    _auto = False
    _order = "user_id, partner_id"

    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Branch", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    car_name = fields.Char("Car", readonly=True)
    car_year = fields.Integer("Model year", readonly=True)
    mileage = fields.Integer("Mileage (km)", readonly=True)
    finance_end = fields.Date("Finance ends", readonly=True)
    workshop_visits = fields.Integer("Workshop visits (12 months)", readonly=True)
    old_car = fields.Boolean(readonly=True)
    high_mileage = fields.Boolean(readonly=True)
    finance_ending = fields.Boolean(readonly=True)
    frequent_workshop = fields.Boolean(readonly=True)
    reasons = fields.Text("Why now", compute="_compute_reasons")

    @api.model_cr
    def init(self):
        # names and constants from lib modules, never from input; the thresholds are read from the
        # settings when the view is queried
        # pylint: disable=sql-injection
        tools.drop_view_if_exists(self.env.cr, self._table)
        settings = ", ".join(
            "coalesce((SELECT value FROM ir_config_parameter WHERE key = '%s'), '%d')::integer AS %s"
            % (RADAR_PARAM % setting, default, setting)
            for setting, default in sorted(monitor.RADAR_DEFAULTS.items()))
        self.env.cr.execute("""
            CREATE VIEW sales_monitor_replacement_radar AS (
            WITH settings AS (SELECT %(settings)s),
            cars AS (
                SELECT DISTINCT ON (lead.partner_id) lead.partner_id, trade.year AS car_year, trade.mileage,
                       nullif(concat_ws(' ', trade.make, trade.model), '') AS car_name
                  FROM presales_trade_in trade JOIN crm_lead lead ON lead.id = trade.lead_id
                 WHERE lead.partner_id IS NOT NULL
                 ORDER BY lead.partner_id, trade.id DESC
            ), financed AS (
                SELECT lead.partner_id,
                       max((coalesce(lead.date_closed, lead.write_date)
                            + make_interval(months => quote.term_months))::date) AS finance_end
                  FROM presales_finance_quote quote JOIN crm_lead lead ON lead.id = quote.lead_id
                 WHERE quote.is_chosen AND quote.kind IN %(financed)s AND lead.partner_id IS NOT NULL AND %(won)s
                 GROUP BY lead.partner_id
            ), visits AS (
                SELECT moment.partner_id, count(*) AS workshop_visits
                  FROM presales_contact_moment moment
                  JOIN presales_funnel_phase phase ON phase.id = moment.phase_id AND phase.after_sales
                 WHERE moment.partner_id IS NOT NULL
                   AND moment.occurred_at >= (now() AT TIME ZONE 'UTC') - interval '12 months'
                 GROUP BY moment.partner_id
            ), facts AS (
                SELECT partner.id AS partner_id, partner.user_id, owner.sale_team_id AS team_id, partner.company_id,
                       cars.car_name, cars.car_year, cars.mileage, financed.finance_end, visits.workshop_visits,
                       extract(year FROM now() AT TIME ZONE 'UTC')::integer - cars.car_year >= settings.years
                           AS old_car,
                       cars.mileage >= settings.mileage AS high_mileage,
                       financed.finance_end >= (now() AT TIME ZONE 'UTC')::date
                           AND financed.finance_end <= ((now() AT TIME ZONE 'UTC')::date
                                                        + make_interval(months => settings.months))::date
                           AS finance_ending,
                       visits.workshop_visits >= settings.visits AS frequent_workshop
                  FROM res_partner partner
                  CROSS JOIN settings
                  LEFT JOIN res_users owner ON owner.id = partner.user_id
                  LEFT JOIN cars ON cars.partner_id = partner.id
                  LEFT JOIN financed ON financed.partner_id = partner.id
                  LEFT JOIN visits ON visits.partner_id = partner.id
                 WHERE partner.active
                   AND (cars.partner_id IS NOT NULL OR financed.partner_id IS NOT NULL OR visits.partner_id IS NOT NULL)
                   AND NOT EXISTS (SELECT 1 FROM crm_lead open_lead
                                    WHERE open_lead.partner_id = partner.id AND %(open)s)
            )
            SELECT partner_id AS id, partner_id, user_id, team_id, company_id, car_name, car_year, mileage,
                   finance_end, workshop_visits, coalesce(old_car, false) AS old_car,
                   coalesce(high_mileage, false) AS high_mileage, coalesce(finance_ending, false) AS finance_ending,
                   coalesce(frequent_workshop, false) AS frequent_workshop
              FROM facts
             WHERE old_car OR high_mileage OR finance_ending OR frequent_workshop
            )""" % {"settings": settings,
                    "financed": "(%s)" % ", ".join("'%s'" % kind for kind in finance.FINANCED_KINDS),
                    "won": lifecycle.sql_predicate(lifecycle.WON, "lead"),
                    "open": lifecycle.sql_predicate(lifecycle.OPEN, "open_lead")})

    @api.model
    def _thresholds(self):
        params = self.env["ir.config_parameter"].sudo()
        thresholds = {}
        for setting, default in monitor.RADAR_DEFAULTS.items():
            try:
                thresholds[setting] = int(params.get_param(RADAR_PARAM % setting) or default)
            except ValueError:
                thresholds[setting] = default
        return thresholds

    @api.depends("car_year", "mileage", "finance_end", "workshop_visits")
    def _compute_reasons(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        thresholds = self._thresholds()
        translate = lib_text.translator(self.env)
        for row in self:
            reasons = monitor.replacement_reasons(
                row.car_year or None, row.mileage or None, fields.Date.from_string(row.finance_end),
                row.workshop_visits or None, today, thresholds, translate)
            row.reasons = "\n".join(words for _code, words in reasons)

    @api.multi
    def action_create_sales_up(self):
        """One click: a sales up for the customer, owned by their salesperson (or the caller), with
        the reasons in its notes, opened on its form."""
        self.ensure_one()
        lead = self.env["crm.lead"].create({
            "type": "opportunity",
            "name": _("Next car: %s") % self.partner_id.display_name,
            "partner_id": self.partner_id.id,
            "contact_name": self.partner_id.firstname or self.partner_id.name,
            "contact_lastname": self.partner_id.lastname or self.partner_id.name,
            "user_id": self.user_id.id or self.env.uid,
            "team_id": self.team_id.id or self.env.user.sale_team_id.id,
            "lead_type": "call",
            "lead_status": "warm",
            "description": _("From the replacement radar:\n%s") % self.reasons,
        })
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": lead.id,
            "views": [(False, "form")],
            "target": "current",
        }
