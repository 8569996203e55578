from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    _inherit = "res.users"

    presales_available = fields.Boolean(
        "Available for new sales ups", default=True,
        help="Off while on leave: the distribution rules pass this salesperson by.")

    @api.multi
    def _presales_is_manager(self):
        """May this user assign work: the owner of sales ups and customers' portfolios."""
        self.ensure_one()
        return self.id == SUPERUSER_ID or self.has_group("automotive_presales.group_branch_manager")

    def __init__(self, pool, cr):
        """Salespeople switch their own availability from their preferences."""
        super().__init__(pool, cr)
        for attribute in ("SELF_READABLE_FIELDS", "SELF_WRITEABLE_FIELDS"):
            names = list(getattr(type(self), attribute))
            if "presales_available" not in names:
                setattr(type(self), attribute, names + ["presales_available"])

    @api.multi
    def _presales_may_toggle_availability(self):
        user = self.env.user
        if self.env.uid == SUPERUSER_ID or user.has_group("automotive_presales.group_sales_director"):
            return True
        if self == user:
            return True
        team = self.sale_team_id
        return bool(team) and user.has_group("automotive_presales.group_branch_manager") and (
            team.user_id == user or team == user.sale_team_id)

    @api.multi
    def action_presales_toggle_available(self):
        """A salesperson for themselves, a branch manager for the branch's people, the director
        for everyone marks who is available for new sales ups."""
        for target in self:
            if not target._presales_may_toggle_availability():
                raise AccessError(_(
                    'User "%s": field Available for new sales ups: only the user, the manager of '
                    'their branch or the sales director changes it.') % target.name)
            target.sudo().presales_available = not target.presales_available
        return True
