from odoo import _, api, models


class CrmLead(models.Model):
    """Winning or losing a sales up logs the contact moment (and step) it stands for."""

    _inherit = "crm.lead"

    @api.multi
    def action_set_won(self):
        newly_won = self.filtered(lambda lead: lead.probability < 100 or not lead.active)
        result = super().action_set_won()
        for lead in newly_won:
            lead._presales_log_moment("agreement", _("Sales agreement signed: %s") % lead.name)
            lead._presales_log_step("signed")
        return result

    @api.multi
    def action_set_lost(self):
        newly_lost = self.filtered("active")
        result = super().action_set_lost()
        for lead in newly_lost:
            summary = _("Sales up lost: %s") % lead.name
            if lead.lost_reason:
                summary = _("%s (reason: %s)") % (summary, lead.lost_reason.name)
            lead._presales_log_moment("lost", summary)
        return result
