from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.automotive_presales.models import lib_text

from ..lib import bpm

TABLES = (
    ("general", "Passenger cars"),
    ("plug_in_hybrid", "Plug-in hybrids"),
)


class PresalesBpmTariff(models.Model):
    """One year's BPM tariff for passenger cars, as the Belastingdienst publishes it.

    The dealer's administrator adds next year's tariff when it is published; a configuration
    takes the tariff of the year its car is expected to be registered (lib/bpm.py computes).
    """

    _name = "presales.bpm.tariff"
    _description = "BPM tariff"
    _order = "year desc"

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(required=True, help="The calendar year of registration this tariff applies to.")
    bracket_ids = fields.One2many("presales.bpm.tariff.bracket", "tariff_id", "CO2 brackets", copy=True)
    diesel_threshold = fields.Integer(
        "Diesel surcharge above (g/km)", required=True,
        help="A car that runs on diesel pays the surcharge for every g/km above this emission.")
    diesel_rate = fields.Float("Diesel surcharge per g/km", digits=(12, 2), required=True)
    zero_emission_exempt = fields.Boolean(
        "Zero-emission cars exempt",
        help="Until 2024 a zero-emission car paid no BPM; from 2025 it pays the table's fixed amount.")
    source = fields.Char(help="Where the figures were published (for the next person who checks them).")

    _sql_constraints = [
        ("year_uniq", "unique(year)", "There is one BPM tariff per year."),
        ("year_sane", "CHECK(year BETWEEN 2000 AND 2100)", "The year of a BPM tariff lies between 2000 and 2100."),
    ]

    @api.depends("year")
    def _compute_name(self):
        for tariff in self:
            tariff.name = _("BPM %s") % tariff.year if tariff.year else _("New BPM tariff")

    def _lib_tariff(self):
        """This tariff for lib/bpm.py."""
        self.ensure_one()
        rows = {table: [] for table, _label in TABLES}
        for bracket in self.bracket_ids:
            rows[bracket.table_kind].append((bracket.co2_from, repr(bracket.base_amount), repr(bracket.rate_per_gram)))
        return bpm.Tariff(self.year, rows["general"], self.diesel_threshold, repr(self.diesel_rate),
                          phev_brackets=rows["plug_in_hybrid"], zero_emission_exempt=self.zero_emission_exempt)

    @api.constrains("bracket_ids", "diesel_threshold", "diesel_rate", "zero_emission_exempt")
    def _check_tables(self):
        for tariff in self:
            problems = tariff._lib_tariff().problems()
            if problems:
                raise ValidationError(_("BPM tariff %s: field CO2 brackets: %s.") % (
                    tariff.year, lib_text.render(self.env, bpm.joined(problems))))

    @api.model
    def _for_year(self, year):
        return self.sudo().search([("year", "=", year)], limit=1)

    def _presales_precheck(self, vals):
        # the database's checks, said first in words (a refused INSERT or UPDATE would log an error)
        if "year" not in vals:
            return
        year = vals["year"]
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise ValidationError(_("BPM tariff: field Year must lie between 2000 and 2100, not %s.") % (year,))
        if self.search_count([("year", "=", year), ("id", "not in", self.ids)]):
            raise ValidationError(_("BPM tariff: field Year: there is a tariff for %s already.") % year)

    @api.model
    def create(self, vals):
        self._presales_precheck(vals)
        tariff = super().create(vals)
        tariff._presales_reprice()
        return tariff

    @api.multi
    def write(self, vals):
        self._presales_precheck(vals)
        years = set(self.mapped("year"))
        result = super().write(vals)
        self.browse()._presales_reprice(years | set(self.mapped("year")))
        return result

    def _presales_reprice(self, years=None):
        """A tariff added or corrected reprices the configurations not yet sent for that year."""
        years = years or set(self.mapped("year"))
        configurations = self.env["presales.vehicle.configuration"].sudo().search([("bpm_year", "in", list(years))])
        configurations._presales_reprice()


class PresalesBpmTariffBracket(models.Model):
    """A row of the law's table: from this CO2 emission on, this amount plus this much per g/km above it."""

    _name = "presales.bpm.tariff.bracket"
    _description = "BPM tariff bracket"
    _order = "tariff_id, table_kind, co2_from"

    tariff_id = fields.Many2one("presales.bpm.tariff", required=True, ondelete="cascade", index=True)
    table_kind = fields.Selection(TABLES, "Table", required=True, default="general")
    co2_from = fields.Integer("From CO2 (g/km)", required=True)
    base_amount = fields.Float("Amount", digits=(12, 2), required=True)
    rate_per_gram = fields.Float("Per g/km above", digits=(12, 2), required=True)

    _sql_constraints = [
        ("bracket_uniq", "unique(tariff_id, table_kind, co2_from)",
         "Two brackets of a BPM table start at the same CO2."),
    ]

    @api.model
    def create(self, vals):
        # the database's check, said first in words (a refused INSERT would log an error)
        if self.search_count([("tariff_id", "=", vals.get("tariff_id")), ("co2_from", "=", vals.get("co2_from", 0)),
                              ("table_kind", "=", vals.get("table_kind", "general"))]):
            raise ValidationError(_("BPM tariff: field CO2 brackets: two brackets start at %s g/km.")
                                  % vals.get("co2_from", 0))
        return super().create(vals)
