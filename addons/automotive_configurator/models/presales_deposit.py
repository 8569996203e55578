from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.automotive_presales.models import presales_ownership_guard as guard

PAYMENT_METHODS = (
    ("debit_card", "Debit card (PIN)"),
    ("credit_card", "Credit card"),
    ("bank_transfer", "Bank transfer"),
    ("cash", "Cash"),
)
LINK_FIELDS = ("offer_id", "order_id")


class PresalesDeposit(models.Model):
    """Money the customer paid in advance on an offer or an order, with how it was paid.

    It shows on the offer (and comes off what is left to pay), on the order the offer becomes and
    on that order's invoice.
    """

    _name = "presales.deposit"
    _description = "Deposit"
    _order = "received_on desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    offer_id = fields.Many2one("presales.offer", "Offer", index=True, ondelete="restrict")
    order_id = fields.Many2one("sale.order", "Order", index=True, ondelete="restrict")
    # set from the offer or order on creation (not computed: the record rules go by it, and Odoo 11
    # checks them before it stores a computed value)
    lead_id = fields.Many2one("crm.lead", "Sales up", readonly=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True, readonly=True, string="Customer")
    currency_id = fields.Many2one(
        "res.currency", required=True,
        default=lambda self: self.env["product.template"]._presales_catalog_pricelist().currency_id)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    payment_method = fields.Selection(PAYMENT_METHODS, required=True, default="debit_card")
    received_on = fields.Date(required=True, default=fields.Date.context_today)
    received_by_id = fields.Many2one("res.users", "Received by", required=True, default=lambda self: self.env.user,
                                     readonly=True)
    reference = fields.Char(help="The receipt or transaction number.")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A deposit is an amount above zero."),
        ("on_something", "CHECK(offer_id IS NOT NULL OR order_id IS NOT NULL)",
         "A deposit is taken on an offer or an order."),
    ]

    @api.depends("amount", "payment_method", "received_on", "currency_id")
    def _compute_name(self):
        methods = dict(self._fields["payment_method"]._description_selection(self.env))
        for deposit in self:
            # computed while the deposit is being created, before its sales up (which the record
            # rules go by) is stored: read as superuser, its own fields only
            values = deposit.sudo()
            deposit.name = _("Deposit %s %s (%s, %s)") % (
                values.currency_id.name or "", "{:,.2f}".format(values.amount or 0.0),
                methods.get(values.payment_method, ""), values.received_on or "")

    @api.constrains("offer_id", "order_id")
    def _check_same_sales_up(self):
        for deposit in self.sudo():
            if deposit.offer_id and deposit.order_id and deposit.order_id.opportunity_id != deposit.offer_id.lead_id:
                raise ValidationError(_("%s: fields Offer and Order must belong to the same sales up.") % deposit.name)
            if deposit.offer_id.state == "declined":
                raise ValidationError(_("%s: field Offer: offer %s was declined.") % (
                    deposit.name, deposit.offer_id.name))

    @api.model
    def create(self, vals):
        # the database's checks, said first in words (a refused INSERT would log an error)
        if not vals.get("offer_id") and not vals.get("order_id") and not self.env.context.get("default_offer_id") \
                and not self.env.context.get("default_order_id"):
            raise ValidationError(_("New deposit: field Offer or Order: a deposit is taken on an offer or an order."))
        if (vals.get("amount") or 0) <= 0:
            raise ValidationError(_("New deposit: field Amount must be above zero, not %s.")
                                  % (vals.get("amount") or 0))
        effective = guard.context_defaults(self, vals, list(LINK_FIELDS))
        guard.check_links(self, effective, list(LINK_FIELDS), _("New deposit"))
        offer = self.env["presales.offer"].sudo().browse(effective.get("offer_id"))
        order = self.env["sale.order"].sudo().browse(effective.get("order_id"))
        vals = dict(vals, lead_id=offer.lead_id.id or order.opportunity_id.id or False)
        deposit = super().create(vals)
        deposit._presales_log()
        return deposit

    @api.multi
    def write(self, vals):
        if set(vals) & {"amount", "payment_method", "currency_id", "offer_id", "order_id", "received_on", "lead_id"}:
            raise UserError(_("%s: a deposit taken is not changed; register a correction as a new deposit or "
                              "ask the branch manager to delete it.") % ", ".join(self.mapped("name")))
        return super().write(vals)

    def _presales_move_to_order(self, order):
        """The offer became an order: its deposits go along (the same sales up). Written as
        superuser: the order is the salesperson's, the deposits were taken by whoever was at the desk."""
        return super(PresalesDeposit, self.sudo()).write({"order_id": order.id})

    def _presales_log(self):
        for deposit in self:
            document = deposit.offer_id or deposit.order_id
            document.message_post(body=_("%s received by %s.") % (deposit.name, deposit.received_by_id.name),
                                  message_type="comment", subtype="mail.mt_note")
