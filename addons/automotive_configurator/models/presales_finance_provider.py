from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.automotive_presales.lib import finance

LEASE_KINDS = [(key, label) for key, label in finance.GRID_KINDS if key != "cash"]


class PresalesFinanceProvider(models.Model):
    """A bank or lease company the dealer offers finance or lease from, with its rates."""

    _name = "presales.finance.provider"
    _description = "Finance provider"
    _order = "sequence, name"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one("res.partner", "Company", ondelete="set null")
    rate_ids = fields.One2many("presales.finance.rate", "provider_id", "Rates", copy=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.user.company_id)
    active = fields.Boolean(default=True)


class PresalesFinanceRate(models.Model):
    """What a provider charges for one product and term (and, for private lease, yearly mileage):
    the annual rate, the residual value (financial lease: the final instalment; private lease: what
    the car is worth to the lessor at the end) and, for private lease, the monthly service fee."""

    _name = "presales.finance.rate"
    _description = "Finance rate"
    _order = "provider_id, kind, term_months, mileage_per_year"

    provider_id = fields.Many2one("presales.finance.provider", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(LEASE_KINDS, required=True, default="financial_lease")
    term_months = fields.Integer("Term (months)", required=True, default=48)
    mileage_per_year = fields.Integer(
        "Km per year", default=0, help="Private lease: the yearly mileage this rate is for. Financial lease: leave 0.")
    annual_rate = fields.Float("Annual rate (%)", digits=(5, 3), required=True)
    residual_percent = fields.Float(
        "Residual value (%)", digits=(5, 2),
        help="Of the price on the road. Financial lease: the final instalment the customer pays to own the car; "
             "private lease: the car's value to the lessor when it comes back.")
    service_fee = fields.Float(
        "Service fee per month", digits=(12, 2),
        help="Private lease: insurance, maintenance, tyres and road tax in the monthly amount.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("rate_uniq", "unique(provider_id, kind, term_months, mileage_per_year)",
         "A provider has one rate per product, term and mileage."),
        ("figures_sane", "CHECK(annual_rate >= 0 AND residual_percent >= 0 AND residual_percent < 100 "
                         "AND service_fee >= 0 AND mileage_per_year >= 0)",
         "Rates, residual values, service fees and mileages cannot be negative; a residual value stays below 100 %."),
    ]

    def _presales_precheck(self, vals):
        # the database's checks, said first in words (a refused INSERT or UPDATE would log an error)
        for name in ("annual_rate", "residual_percent", "service_fee", "mileage_per_year"):
            if (vals.get(name) or 0) < 0:
                raise ValidationError(_("Finance rate: field %s cannot be negative.") % self._fields[name].string)
        if (vals.get("residual_percent") or 0) >= 100:
            raise ValidationError(_("Finance rate: field Residual value (%) stays below 100 %."))
        keys = ("provider_id", "kind", "term_months", "mileage_per_year")
        if not any(key in vals for key in keys):
            return
        current = [{key: (rate[key].id if key == "provider_id" else rate[key]) for key in keys} for rate in self]
        for values in current or [{}]:
            values.update({key: vals[key] for key in keys if key in vals})
            domain = [(key, "=", values.get(key) or (0 if key == "mileage_per_year" else False)) for key in keys]
            if self.with_context(active_test=False).search_count(domain + [("id", "not in", self.ids)]):
                raise ValidationError(_("Finance rate: the provider has a rate for this product, term and "
                                        "mileage already."))

    @api.model
    def create(self, vals):
        self._presales_precheck(dict({"kind": "financial_lease", "term_months": 48, "mileage_per_year": 0},
                                     **vals))
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self._presales_precheck(vals)
        return super().write(vals)

    @api.constrains("kind", "term_months", "mileage_per_year", "service_fee")
    def _check_product(self):
        for rate in self:
            if not finance.MIN_TERM <= rate.term_months <= finance.MAX_TERM:
                raise ValidationError(_("Finance rate of %s: field Term: from %d to %d months, not %d.") % (
                    rate.provider_id.name, finance.MIN_TERM, finance.MAX_TERM, rate.term_months))
            if rate.kind == "private_lease" and not rate.mileage_per_year:
                raise ValidationError(_("Finance rate of %s: field Km per year is required for private lease.")
                                      % rate.provider_id.name)
            if rate.kind == "financial_lease" and (rate.mileage_per_year or rate.service_fee):
                raise ValidationError(_("Finance rate of %s: fields Km per year and Service fee are for private "
                                        "lease only.") % rate.provider_id.name)
