from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class PresalesPortfolioAssign(models.TransientModel):
    """Move customers, one or many, into a salesperson's portfolio (managers and director)."""

    _name = "presales.portfolio.assign"
    _description = "Assign customers to a salesperson's portfolio"

    partner_ids = fields.Many2many(
        "res.partner", string="Customers", required=True,
        default=lambda self: self._default_partner_ids())
    user_id = fields.Many2one(
        "res.users", "Salesperson", required=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("automotive_presales.group_salesperson").ids)])
    partner_count = fields.Integer(compute="_compute_partner_count", string="Number of customers")

    @api.model
    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            return [(6, 0, self.env.context.get("active_ids") or [])]
        return []

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = len(wizard.partner_ids)

    @api.multi
    def _check_may_assign(self):
        user = self.env.user
        if not user.has_group("automotive_presales.group_branch_manager"):
            raise AccessError(_("Only a branch manager or the sales director assigns customers to portfolios."))
        if user.has_group("automotive_presales.group_sales_director"):
            return
        led = self.env["crm.team"].search(["|", ("user_id", "=", user.id), ("id", "in", user.sale_team_id.ids)])
        for wizard in self:
            if wizard.user_id.sale_team_id not in led:
                raise UserError(_(
                    'Portfolio assignment: field Salesperson: %s does not work in a branch you '
                    'manage.') % wizard.user_id.name)

    @api.multi
    def action_assign(self):
        self._check_may_assign()
        for wizard in self:
            if not wizard.user_id.has_group("automotive_presales.group_salesperson"):
                raise UserError(_(
                    'Portfolio assignment: field Salesperson: %s is not a salesperson.')
                    % wizard.user_id.name)
            # the manager's own rights: customers they may not see are not even listed here
            partners = wizard.partner_ids
            if not partners:
                raise UserError(_(
                    'Portfolio assignment to %s: field Customers: select customers you may see.')
                    % wizard.user_id.name)
            partners.check_access_rule("write")
            partners.write({"user_id": wizard.user_id.id})
        return {"type": "ir.actions.act_window_close"}
