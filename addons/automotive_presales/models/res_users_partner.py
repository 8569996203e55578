from odoo import api, models


class ResUsers(models.Model):
    """An employee's own partner is not a customer.

    res.partner marks every new partner as customer, the partner Odoo makes for a new user
    included: every colleague showed up among the salesperson's customers as a prospect. The
    partners of internal users are no customers; portal users' partners (real customers) keep
    their flag.
    """

    _inherit = "res.users"

    @api.model
    def create(self, vals):
        user = super().create(vals)
        user._presales_partner_not_customer()
        return user

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if "groups_id" in vals or "partner_id" in vals:
            self._presales_partner_not_customer()
        return result

    def _presales_partner_not_customer(self):
        partners = self.sudo().filtered(lambda user: not user.share).mapped("partner_id")
        partners.filtered("customer").write({"customer": False})

    @api.model
    def _presales_employee_partners_not_customers(self):
        """Install/update: the partners of the existing internal users."""
        self.sudo().with_context(active_test=False).search([("share", "=", False)])._presales_partner_not_customer()
