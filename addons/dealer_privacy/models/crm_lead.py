from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    privacy_light_html = fields.Html(
        "May we contact them?", compute="_compute_privacy_light_html", sanitize=False,
        help="Per channel: may we follow this sales up up and send marketing now, and why.")

    @api.depends("partner_id")
    def _compute_privacy_light_html(self):
        leads = self.filtered(lambda lead: isinstance(lead.id, int) and lead.partner_id)
        partners = leads.mapped("partner_id").sudo()
        lights = partners._privacy_light(("sales", "marketing")) if partners else {}
        for lead in self:
            lead.privacy_light_html = lights.get(lead.partner_id.id, False)
