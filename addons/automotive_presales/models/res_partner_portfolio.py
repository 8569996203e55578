from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from . import presales_ownership_guard as guard


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
    def _presales_check_create_portfolio(self, vals):
        """Only managers fill a colleague's portfolio, also through default_user_id in the
        context; a contact person may only be put under a company the creator can read."""
        label = _('Customer "%s"') % (vals.get("name") or " ".join(
            filter(None, (vals.get("firstname"), vals.get("lastname")))) or _("new customer"))
        effective = guard.context_defaults(self, vals, ["user_id", "parent_id"])
        guard.check_links(self, effective, ["parent_id"], label)
        if (effective.get("user_id") and effective["user_id"] != self.env.uid
                and not self.env.user._presales_is_manager()):
            raise AccessError(_(
                "%s: field Salesperson: a salesperson adds customers to their own portfolio; only a "
                "branch manager or the sales director fills a colleague's.") % label)

    @api.multi
    def _presales_check_write_portfolio(self, vals):
        """Moving a partner under another company, or clearing its Customer flag (which makes it
        visible to every employee), is a change of who sees it: refused to salespeople."""
        guard.check_links(self, vals, ["parent_id"], _('Customer "%s"') % ", ".join(self.mapped("display_name")))
        if "customer" in vals and not vals["customer"] and not self.env.user._presales_is_manager():
            customers = self.filtered("customer")
            if customers:
                raise AccessError(_(
                    'Customer "%s": field Customer: only a branch manager or the sales director '
                    'turns a customer into a plain contact (every employee could see it then).')
                    % customers[0].display_name)

    @api.model
    def create(self, vals):
        self._presales_check_create_portfolio(vals)
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
        guard.check_may_write(self)
        if "user_id" in vals and not self.env.user._presales_is_manager():
            new_owner = vals["user_id"] or False
            for partner in self:
                if partner.user_id.id != new_owner:
                    raise AccessError(_(
                        'Customer "%s": field Salesperson: only a branch manager or the sales '
                        'director moves a customer between portfolios.') % partner.display_name)
        self._presales_check_write_portfolio(vals)
        labels = guard.labels_before(self, lambda partner: _('Customer "%s"') % partner.display_name)
        result = super().write(vals)
        guard.check_still_writable(
            self, labels, [name for name in ("parent_id", "customer", "type") if name in vals] or list(vals))
        return result
