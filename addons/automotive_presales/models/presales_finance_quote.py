from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import finance
from . import presales_ownership_guard as guard
from . import lib_text

# the records a quote links to: its sales up, and the desired vehicle it finances
LINK_FIELDS = ("lead_id", "desired_vehicle_id")


class PresalesFinanceQuote(models.Model):
    """One way to pay for the car (cash, loan or lease), shown side by side with the others."""

    _name = "presales.finance.quote"
    _description = "Finance quote"
    _order = "lead_id, sequence, id"

    lead_id = fields.Many2one("crm.lead", "Sales up", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(finance.KINDS, required=True, default="loan")
    desired_vehicle_id = fields.Many2one(
        "presales.desired.vehicle", "Vehicle", ondelete="set null",
        help="The desired vehicle this quote finances.")
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.user.company_id.currency_id)
    vehicle_price = fields.Monetary(required=True, currency_field="currency_id")
    down_payment = fields.Monetary(currency_field="currency_id", default=0.0)
    term_months = fields.Integer("Term (months)", default=48)
    annual_rate = fields.Float("Annual rate (%)", digits=(5, 3), default=0.0)
    balloon_amount = fields.Monetary(
        "Balloon / residual value", currency_field="currency_id", default=0.0,
        help="Owed at the end of the term: the balloon of a loan or the residual value of a lease.")
    financed_amount = fields.Monetary(
        compute="_compute_payment", store=True, currency_field="currency_id")
    monthly_payment = fields.Monetary(
        compute="_compute_payment", store=True, currency_field="currency_id")
    total_payable = fields.Monetary(
        compute="_compute_payment", store=True, currency_field="currency_id",
        help="Down payment, every instalment and the balloon together.")
    is_chosen = fields.Boolean(
        "Chosen", copy=False, help="The quote the customer goes with; one per sales up.")
    team_id = fields.Many2one(related="lead_id.team_id", store=True, readonly=True, string="Branch")

    _sql_constraints = [
        # the database holds "one chosen quote per sales up" even against concurrent writes
        ("one_chosen_per_lead", "EXCLUDE USING btree (lead_id WITH =) WHERE (is_chosen)",
         "Only one finance quote can be chosen per sales up."),
    ]

    def _quote_args(self):
        return (self.kind, self.vehicle_price, self.down_payment, self.term_months,
                self.annual_rate, self.balloon_amount)

    @api.depends("kind", "term_months", "annual_rate")
    def _compute_name(self):
        labels = dict(finance.KINDS)
        for quote in self:
            if quote.kind in finance.FINANCED_KINDS:
                quote.name = _("%s %d months at %.2f %%") % (
                    labels[quote.kind], quote.term_months or 0, quote.annual_rate or 0.0)
            else:
                quote.name = labels.get(quote.kind) or ""

    @api.depends("kind", "vehicle_price", "down_payment", "term_months", "annual_rate", "balloon_amount")
    def _compute_payment(self):
        for quote in self:
            if finance.quote_errors(*quote._quote_args()):
                # the constraint refuses the quote; nothing meaningful to show meanwhile
                quote.financed_amount = quote.monthly_payment = quote.total_payable = 0.0
                continue
            payment = finance.monthly_payment(*quote._quote_args())
            financed = quote.kind in finance.FINANCED_KINDS
            quote.financed_amount = (
                finance.financed_amount(quote.vehicle_price, quote.down_payment) if financed else 0.0)
            quote.monthly_payment = payment
            quote.total_payable = finance.total_payable(
                quote.kind, quote.vehicle_price, quote.down_payment, quote.term_months, payment,
                quote.balloon_amount)

    @api.onchange("desired_vehicle_id")
    def _onchange_desired_vehicle_id(self):
        if self.desired_vehicle_id.price:
            self.vehicle_price = self.desired_vehicle_id.price

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.kind == "cash":
            self.update({"term_months": 0, "annual_rate": 0.0, "balloon_amount": 0.0})
        elif not self.term_months:
            self.term_months = 48

    @api.constrains("lead_id", "kind", "vehicle_price", "down_payment", "term_months", "annual_rate",
                    "balloon_amount")
    def _check_figures(self):
        for quote in self:
            errors = finance.quote_errors(*quote._quote_args())
            if errors:
                name, message = errors[0]
                raise ValidationError(_("Finance quote %s on sales up %s: field %s: %s") % (
                    quote.name, quote.lead_id.name, self._fields[name]._description_string(self.env),
                    lib_text.render(self.env, message, quote.currency_id)))

    @api.constrains("is_chosen", "lead_id")
    def _check_one_chosen(self):
        for lead in self.sudo().filtered("is_chosen").mapped("lead_id"):
            chosen = self.sudo().search([("lead_id", "=", lead.id), ("is_chosen", "=", True)])
            if len(chosen) > 1:
                raise ValidationError(_(
                    "Sales up %s: field Chosen: only one finance quote can be chosen, not %s.")
                    % (lead.name, ", ".join(chosen.mapped("name"))))

    def _unchoose_others(self, lead_ids, keep_ids=()):
        others = self.search([("lead_id", "in", list(lead_ids)), ("is_chosen", "=", True),
                              ("id", "not in", list(keep_ids))])
        if others:
            super(PresalesFinanceQuote, others).write({"is_chosen": False})
        return others

    @api.model
    def _presales_check_create_links(self, vals):
        """Checked before the constraints, whose messages name the sales up."""
        effective = guard.context_defaults(self, vals, LINK_FIELDS)
        guard.check_links(self, effective, LINK_FIELDS, _("New finance quote"))

    @api.multi
    def _presales_check_write_links(self, vals):
        guard.check_may_write(self)
        guard.check_links(self, vals, LINK_FIELDS, ", ".join(
            _("Finance quote %s on sales up %s") % (quote.name, quote.lead_id.name) for quote in self))

    @api.model
    def create(self, vals):
        self._presales_check_create_links(vals)
        if vals.get("is_chosen") and vals.get("lead_id"):
            self._unchoose_others([vals["lead_id"]])
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self._presales_check_write_links(vals)
        labels = guard.labels_before(
            self, lambda quote: _("Finance quote %s on sales up %s") % (quote.name, quote.lead_id.name))
        self._presales_unchoose_for(vals)
        result = super().write(vals)
        guard.check_still_writable(self, labels, [name for name in LINK_FIELDS if name in vals] or list(vals))
        return result

    @api.multi
    def _presales_unchoose_for(self, vals):
        """Choosing these quotes un-chooses the other quotes of their sales up."""
        if vals.get("is_chosen"):
            leads = self.env["crm.lead"].browse(vals["lead_id"]) if vals.get("lead_id") else self.mapped("lead_id")
            if len(self) > len(leads):
                raise ValidationError(_(
                    "Sales up %s: field Chosen: only one finance quote can be chosen, not %s.")
                    % (", ".join(leads.mapped("name")), ", ".join(self.mapped("name"))))
            self._unchoose_others(leads.ids, keep_ids=self.ids)

    @api.multi
    def action_choose(self):
        """The customer goes with this quote: it becomes the sales up's only chosen one."""
        self.ensure_one()
        self.write({"is_chosen": True})
        return True
