from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.automotive_presales.lib import finance
from odoo.addons.automotive_presales.models import lib_text

# what the grid is computed from: a change re-computes it while the offer is a draft
GRID_FIELDS = ("configuration_ids", "trade_in_id", "grid_terms", "grid_down_payment", "grid_mileage")
OPEN_GRID_STATES = ("draft", "to_approve")


class PresalesOfferPaymentOption(models.Model):
    """One way to pay for the offer, side by side with the others (desking): cash, or a financial
    or private lease of a provider for a term; the monthly amounts come from lib/finance.py."""

    _name = "presales.offer.payment.option"
    _description = "Payment option of an offer"
    _order = "offer_id, sequence, term_months, id"

    name = fields.Char(compute="_compute_name")
    offer_id = fields.Many2one("presales.offer", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer()
    kind = fields.Selection(finance.GRID_KINDS, required=True, readonly=True)
    rate_id = fields.Many2one("presales.finance.rate", readonly=True, ondelete="set null")
    provider_id = fields.Many2one("presales.finance.provider", "Provider", readonly=True, ondelete="set null")
    term_months = fields.Integer("Months", readonly=True)
    mileage_per_year = fields.Integer("Km per year", readonly=True)
    annual_rate = fields.Float("Rate (%)", digits=(5, 3), readonly=True)
    currency_id = fields.Many2one(related="offer_id.currency_id", readonly=True)
    down_payment = fields.Monetary(readonly=True, currency_field="currency_id")
    financed_amount = fields.Monetary("Financed", readonly=True, currency_field="currency_id")
    residual_value = fields.Monetary("Final / residual", readonly=True, currency_field="currency_id")
    monthly_payment = fields.Monetary("Per month", readonly=True, currency_field="currency_id")
    total_payable = fields.Monetary("Total paid", readonly=True, currency_field="currency_id")
    is_chosen = fields.Boolean("Chosen", readonly=True, copy=False)

    @api.depends("kind", "provider_id", "term_months", "monthly_payment", "total_payable")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for option in self:
            if option.kind == "cash":
                option.name = _("%s: %s %s") % (
                    kinds["cash"], option.currency_id.symbol or "", "{:,.2f}".format(option.total_payable))
            else:
                option.name = _("%s %s, %d months: %s %s a month") % (
                    kinds.get(option.kind, ""), option.provider_id.name or "", option.term_months,
                    option.currency_id.symbol or "", "{:,.2f}".format(option.monthly_payment))

    def _key(self):
        return (self.kind, self.provider_id.id, self.term_months, self.mileage_per_year)

    @api.multi
    def action_choose(self):
        """The customer goes for this way of paying; the offer shows it as the chosen one."""
        self.ensure_one()
        self.offer_id.check_access_rule("write")
        if self.offer_id.state not in OPEN_GRID_STATES + ("sent",):
            raise UserError(_("Offer %s: field Status: the payment of an offer that was %s stays as it was.") % (
                self.offer_id.name, dict(self.offer_id._fields["state"].selection)[self.offer_id.state].lower()))
        self.offer_id.payment_option_ids.sudo().write({"is_chosen": False})
        self.sudo().is_chosen = True
        return True


class PresalesOffer(models.Model):
    _inherit = "presales.offer"

    grid_terms = fields.Char(
        "Terms (months)", default=lambda self: ", ".join(str(term) for term in finance.GRID_TERMS),
        help="The terms the payment grid shows, for instance 24, 36, 48, 60, 72.")
    grid_down_payment = fields.Monetary(
        "Down payment", currency_field="currency_id", default=0.0,
        help="Paid at the start of a financial or private lease, besides the trade-in.")
    grid_mileage = fields.Integer("Km per year", default=10000, help="The yearly mileage of a private lease.")
    payment_option_ids = fields.One2many("presales.offer.payment.option", "offer_id", "Payment grid")
    chosen_payment_option_id = fields.Many2one(
        "presales.offer.payment.option", "Chosen payment", compute="_compute_chosen_payment_option_id")

    @api.depends("payment_option_ids.is_chosen")
    def _compute_chosen_payment_option_id(self):
        for offer in self:
            offer.chosen_payment_option_id = offer.payment_option_ids.filtered("is_chosen")[:1]

    @api.constrains("grid_terms", "grid_down_payment", "grid_mileage")
    def _check_grid(self):
        for offer in self:
            try:
                finance.parse_terms(offer.grid_terms)
            except finance.GridError as error:
                raise ValidationError(_("Offer %s: field Terms (months): %s.") % (
                    offer.name, lib_text.render(self.env, error.message)))
            if offer.grid_down_payment < 0 or offer.grid_mileage < 0:
                raise ValidationError(_("Offer %s: fields Down payment and Km per year cannot be negative.")
                                      % offer.name)

    def _presales_grid_rates(self):
        terms = finance.parse_terms(self.grid_terms)
        rates = self.env["presales.finance.rate"].sudo().search([
            ("provider_id.active", "=", True), ("provider_id.company_id", "=", self.company_id.id),
            ("term_months", "in", terms)])
        return rates.filtered(lambda rate: rate.kind == "financial_lease" or rate.mileage_per_year == self.grid_mileage)

    def _presales_grid_values(self):
        """The rows of the grid as values for payment options; a rate whose figures cannot apply to
        this price (a residual above what is financed) is left out rather than shown wrong."""
        self.ensure_one()
        price, trade_in, down = self.amount_total, self.trade_in_value, self.grid_down_payment
        try:
            cash = finance.grid_row("cash", price, trade_in=trade_in, down_payment=0)
        except finance.GridError:
            return []
        rows = [{"kind": "cash", "sequence": 0, "financed_amount": 0.0, "residual_value": 0.0, "monthly_payment": 0.0,
                 "total_payable": float(cash["total"]), "down_payment": 0.0}]
        for sequence, rate in enumerate(self._presales_grid_rates(), start=1):
            try:
                row = finance.grid_row(rate.kind, price, trade_in=trade_in, down_payment=down,
                                       term_months=rate.term_months, annual_rate=repr(rate.annual_rate),
                                       residual_percent=repr(rate.residual_percent),
                                       service_fee=repr(rate.service_fee))
            except finance.GridError:
                continue
            rows.append({
                "kind": rate.kind, "sequence": sequence, "rate_id": rate.id, "provider_id": rate.provider_id.id,
                "term_months": rate.term_months, "mileage_per_year": rate.mileage_per_year,
                "annual_rate": rate.annual_rate, "down_payment": float(down),
                "financed_amount": float(row["financed"]), "residual_value": float(row["residual"]),
                "monthly_payment": float(row["monthly"]), "total_payable": float(row["total"]),
            })
        return rows

    def _presales_refresh_grid(self):
        """Re-compute the grid of offers still being desked; the chosen row stays chosen when it is
        still offered. A sent offer keeps the grid the customer read."""
        for offer in self.filtered(lambda offer: offer.state in OPEN_GRID_STATES):
            chosen = offer.payment_option_ids.filtered("is_chosen")[:1]
            chosen_key = chosen._key() if chosen else None
            commands = [(5, 0, 0)]
            for values in offer._presales_grid_values():
                key = (values["kind"], values.get("provider_id", False) or False, values.get("term_months", 0),
                       values.get("mileage_per_year", 0))
                values["is_chosen"] = key == chosen_key
                commands.append((0, 0, values))
            # the grid is the offer's own computation: written past the salesperson's rights on options
            super(PresalesOffer, offer.sudo()).write({"payment_option_ids": commands})
        return True

    @api.model
    def create(self, vals):
        offer = super().create(vals)
        offer._presales_refresh_grid()
        return offer

    @api.multi
    def write(self, vals):
        if "payment_option_ids" in vals:
            raise UserError(_("Offer %s: field Payment grid is computed from the rates: change the terms, down "
                              "payment or mileage instead.") % ", ".join(self.mapped("name")))
        result = super().write(vals)
        if any(name in vals for name in GRID_FIELDS):
            self._presales_refresh_grid()
        return result

    @api.multi
    def action_refresh_grid(self):
        self._presales_refresh_grid()
        return True
