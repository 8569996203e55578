from odoo import fields, models


class PresalesSourceCost(models.Model):
    """Money spent on a lead source (optionally one campaign of it) over a period."""

    _name = "presales.source.cost"
    _description = "Lead source spend"
    _order = "date_from desc, id desc"
    _rec_name = "source_id"

    source_id = fields.Many2one(
        "utm.source", "Source", required=True, index=True, ondelete="restrict")
    campaign_id = fields.Many2one(
        "utm.campaign", "Campaign", index=True, ondelete="restrict",
        help="Leave empty for spend on the source as a whole, e.g. a yearly listing fee.")
    date_from = fields.Date("From", required=True)
    date_to = fields.Date("To", required=True)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company", "Company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(
        related="company_id.currency_id", readonly=True, store=True, string="Currency")

    # Checked by the database so imports and SQL cannot break the report either; over RPC
    # Odoo turns a violation into a ValidationError with these messages.
    _sql_constraints = [
        ("period_check", "CHECK (date_to >= date_from)",
         "Source spend: the field To must not be before the field From."),
        ("amount_check", "CHECK (amount >= 0)",
         "Source spend: the field Amount cannot be negative."),
    ]
