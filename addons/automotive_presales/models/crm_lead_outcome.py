from odoo import _, api, models


class CrmLead(models.Model):
    """Winning or losing a sales up logs the contact moment (and step) it stands for, whatever
    the path: Mark Won/Lost, a drag to the Won stage, the status, an import or the DMS."""

    _inherit = "crm.lead"

    @api.multi
    def _presales_on_won(self):
        result = super()._presales_on_won()
        for lead in self:
            # the agreement may be in already (imported from the DMS, logged by hand)
            if not lead.sudo().contact_moment_ids.filtered(lambda moment: moment.kind == "agreement"):
                lead._presales_log_moment("agreement", _("Sales agreement signed: %s") % lead.name)
            lead._presales_log_step("signed")
        return result

    @api.multi
    def _presales_on_lost(self):
        result = super()._presales_on_lost()
        for lead in self:
            summary = _("Sales up lost: %s") % lead.name
            if lead.lost_reason:
                summary = _("%s (reason: %s)") % (summary, lead.lost_reason.name)
            lead._presales_log_moment("lost", summary)
        return result
