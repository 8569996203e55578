from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError


class ResUsers(models.Model):
    _inherit = "res.users"

    floor_present_since = fields.Datetime(
        "On the floor since", copy=False,
        help="Set while the salesperson is on the showroom floor and takes walk-ins in turn.")

    @api.multi
    def action_floor_toggle_present(self):
        """A salesperson steps on or off the floor; their branch manager or the director for them."""
        user = self.env.user
        for target in self:
            allowed = (self.env.uid == SUPERUSER_ID or target == user
                       or user.has_group("automotive_presales.group_sales_director")
                       or (user.has_group("automotive_presales.group_branch_manager") and target.sale_team_id
                           and target.sale_team_id in (user.sale_team_id | target.sale_team_id.filtered(
                               lambda team: team.user_id == user))))
            if not allowed:
                raise AccessError(_(
                    'User "%s": field On the floor since: only the user, the manager of their branch '
                    'or the sales director changes it.') % target.name)
            target.sudo().floor_present_since = False if target.floor_present_since else fields.Datetime.now()
        return True
