from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

# What Odoo writes on a Discuss channel's alias as the employee who creates the channel: the
# channel the alias points at (mail.channel.create).
CHANNEL_POINTERS = {"alias_force_thread_id", "alias_parent_thread_id"}


class MailAlias(models.Model):
    """Only the director and administrators name or change an alias (security/mail_security.xml
    lets employees keep the nameless alias of a Discuss channel); an employee's write may only
    point that alias at its channel, as Odoo does when the channel is created."""

    _inherit = "mail.alias"

    @api.multi
    def write(self, vals):
        if (self.env.uid != SUPERUSER_ID and set(vals) - CHANNEL_POINTERS
                and not self.env.user.has_group("automotive_presales.group_sales_director")
                and not self.env.user.has_group("base.group_system")):
            raise AccessError(_(
                "Mail alias %s: only the sales director or an administrator names or changes an alias "
                "(an address outside mail reaches).") % ", ".join(self.mapped("display_name")))
        return super().write(vals)
