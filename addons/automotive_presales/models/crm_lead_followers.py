from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if set(vals) & {"user_id", "second_user_id", "team_id"}:
            # Odoo keeps every follower when a sales up changes hands: the previous owner would
            # go on receiving (and reading) its messages. Whoever may no longer read it stops
            # following it; the new owner was subscribed by Odoo in the write above.
            self.env["mail.followers"]._presales_unsubscribe_non_readers(self)
        return result
