from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import vehicle
from . import presales_ownership_guard as guard


class PresalesTradeIn(models.Model):
    """A car the customer hands in towards the deal, with what they expect for it and what it is worth."""

    _name = "presales.trade.in"
    _inherit = ["presales.vehicle.mixin"]
    _description = "Trade-in vehicle"
    _order = "lead_id, id"

    lead_id = fields.Many2one("crm.lead", "Sales up", required=True, index=True, ondelete="cascade")
    name = fields.Char(compute="_compute_name", store=True)
    vin = fields.Char("VIN", size=17)
    year = fields.Integer("Model year")
    make = fields.Char()
    model = fields.Char()
    mileage = fields.Integer()
    condition = fields.Selection(vehicle.CONDITIONS)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.user.company_id.currency_id)
    expected_value = fields.Monetary(
        "Customer's expectation", currency_field="currency_id",
        default=0.0, help="What the customer hopes to get for the car.")
    appraised_value = fields.Monetary(
        currency_field="currency_id", default=0.0, help="What the dealer will pay; 0 until appraised.")
    appraiser_id = fields.Many2one("res.users", "Appraiser", ondelete="restrict")
    appraisal_date = fields.Date()
    value_gap = fields.Monetary(
        "Gap to expectation", compute="_compute_value_gap", store=True, currency_field="currency_id",
        help="Appraised value minus the customer's expectation: negative when the customer expects more.")
    notes = fields.Text()
    team_id = fields.Many2one(related="lead_id.team_id", store=True, readonly=True, string="Branch")

    _sql_constraints = [
        ("mileage_positive", "CHECK(mileage >= 0)", "The mileage of a trade-in cannot be negative."),
        ("expected_value_positive", "CHECK(expected_value >= 0)",
         "The customer's expected value of a trade-in cannot be negative."),
        ("appraised_value_positive", "CHECK(appraised_value >= 0)",
         "The appraised value of a trade-in cannot be negative."),
    ]

    @api.depends("year", "make", "model")
    def _compute_name(self):
        for trade_in in self:
            trade_in.name = vehicle.describe(trade_in.year, trade_in.make, trade_in.model)

    @api.depends("expected_value", "appraised_value")
    def _compute_value_gap(self):
        for trade_in in self:
            trade_in.value_gap = vehicle.appraisal_gap(trade_in.expected_value, trade_in.appraised_value) or 0.0

    @api.onchange("appraised_value")
    def _onchange_appraised_value(self):
        if self.appraised_value:
            self.appraiser_id = self.appraiser_id or self.env.user
            self.appraisal_date = self.appraisal_date or fields.Date.context_today(self)

    @api.model
    def _presales_check_create_links(self, vals):
        """Checked before the constraints, whose messages name the sales up."""
        effective = guard.context_defaults(self, vals, ["lead_id"])
        guard.check_links(self, effective, ["lead_id"], _("Trade-in %s") % (
            vehicle.describe(vals.get("year"), vals.get("make"), vals.get("model")) or _("(no make)")))

    @api.multi
    def _presales_check_write_links(self, vals):
        guard.check_may_write(self)
        guard.check_links(self, vals, ["lead_id"], ", ".join(trade_in._label() for trade_in in self))

    @api.model
    def create(self, vals):
        self._presales_check_create_links(vals)
        return super().create(self._presales_normalize_vin(vals))

    @api.multi
    def write(self, vals):
        self._presales_check_write_links(vals)
        vals = self._presales_normalize_vin(vals)
        labels = guard.labels_before(self, lambda trade_in: trade_in._label())
        result = super().write(vals)
        guard.check_still_writable(self, labels, ["lead_id"] if "lead_id" in vals else list(vals))
        return result

    def _label(self):
        return _("Trade-in %s on sales up %s") % (self.name or _("(no make)"), self.lead_id.name)

    @api.constrains("lead_id", "make", "model")
    def _check_identity(self):
        for trade_in in self:
            missing = vehicle.missing_identity(trade_in.make, trade_in.model)
            if missing:
                raise ValidationError(_("%s: field %s is required.") % (
                    trade_in._label(), ", ".join(self._fields[name]._description_string(self.env) for name in missing)))

    def _presales_vehicle_label(self):
        return self._label()

    @api.constrains("appraised_value", "appraiser_id", "appraisal_date")
    def _check_appraisal(self):
        for trade_in in self:
            missing = vehicle.appraisal_missing(
                trade_in.appraised_value, trade_in.appraiser_id, trade_in.appraisal_date)
            if missing:
                raise ValidationError(_(
                    "%s: field %s is required once an appraised value is entered.") % (
                    trade_in._label(), ", ".join(self._fields[name]._description_string(self.env) for name in missing)))
