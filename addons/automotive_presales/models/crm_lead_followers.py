from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.multi
    def _presales_snapshot(self):
        snapshot = super()._presales_snapshot()
        snapshot["owner"] = self.user_id
        return snapshot

    @api.multi
    def _presales_on_write(self, vals, before):
        result = super()._presales_on_write(vals, before)
        if set(vals) & {"user_id", "second_user_id", "team_id"}:
            # Odoo keeps every follower when a sales up changes hands: the previous owner would
            # go on receiving (and reading) its messages. Whoever may no longer read it stops
            # following it; the new owner was subscribed by Odoo in the write itself.
            self.env["mail.followers"]._presales_unsubscribe_non_readers(self)
        if "user_id" in vals:
            self._presales_hand_over_activities(before)
        return result

    @api.multi
    def _presales_hand_over_activities(self, before):
        """The previous owner's open to-dos on a sales up that changed hands go with it to the new
        owner (to the manager who reassigned it, when it has none now): they are the sales up's work,
        and the previous owner may no longer see it."""
        Activity = self.env["mail.activity"].sudo()
        for lead in self:
            previous = before[lead.id]["owner"]
            if not previous or previous == lead.user_id:
                continue
            activities = Activity.search([
                ("res_model", "=", self._name), ("res_id", "=", lead.id), ("user_id", "=", previous.id)])
            if activities and not lead.sudo(previous).search_count([("id", "=", lead.id)]):
                activities.write({"user_id": (lead.user_id or self.env.user).id})
