from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    """The customer portfolio: `user_id` (Salesperson) is the portfolio owner; a customer
    without one is in the company portfolio that managers hand out."""

    _inherit = "res.partner"

    user_id = fields.Many2one(track_visibility="onchange")
    presales_lead_ids = fields.One2many(
        "crm.lead", "partner_id", "Sales ups",
        help="Every sales up of the customer, leads and opportunities; a salesperson who may "
             "see one of them may see the customer.")

    @api.model
    def create(self, vals):
        # a salesperson's new customer lands in their own portfolio, so they keep seeing it
        if ("user_id" not in vals and "default_user_id" not in self.env.context
                and vals.get("customer", self.default_get(["customer"]).get("customer"))
                and not vals.get("parent_id")
                and not self.env.user._presales_is_manager()
                and self.env.user.has_group("automotive_presales.group_salesperson")):
            vals = dict(vals, user_id=self.env.uid)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        if "user_id" in vals and not self.env.user._presales_is_manager():
            new_owner = vals["user_id"] or False
            for partner in self:
                if partner.user_id.id != new_owner:
                    raise AccessError(_(
                        'Customer "%s": field Salesperson: only a branch manager or the sales '
                        'director moves a customer between portfolios.') % partner.display_name)
        return super().write(vals)
