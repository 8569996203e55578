from odoo import _, api, fields, models


class CrmLead(models.Model):
    """Flags sales ups that look like the same customer (same phone, e-mail, or name and zip).

    Duplicates are only shown, never blocked: the salesperson decides and may merge them.
    """

    _name = "crm.lead"
    _inherit = ["crm.lead", "presales.match.mixin"]
    duplicate_lead_ids = fields.Many2many(
        "crm.lead", string="Possible duplicates", compute="_compute_duplicate_lead_ids")
    duplicate_count = fields.Integer("Duplicates", compute="_compute_duplicate_lead_ids")

    def _customer_name(self):
        """The person or company the sales up is about (its own name is a subject line)."""
        person = " ".join(part for part in (self.contact_name, self.contact_lastname) if part)
        return person or self.partner_name or self.partner_id.name or ""

    def _match_values(self):
        return self._customer_name(), self.zip, self.phone, self.mobile, self.email_from

    @api.depends("phone", "mobile", "email_from", "zip", "contact_name", "contact_lastname",
                 "partner_name", "partner_id.name")
    def _compute_match_keys(self):
        return super()._compute_match_keys()

    @api.depends("phone_key", "mobile_key", "email_key", "name_zip_key")
    def _compute_duplicate_lead_ids(self):
        for lead in self:
            duplicates = lead._match_duplicates(lead.ids)
            lead.duplicate_lead_ids = duplicates
            lead.duplicate_count = len(duplicates)

    @api.multi
    def action_view_duplicates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Possible duplicates of %s") % self.name,
            "res_model": "crm.lead",
            "view_mode": "tree,form",
            "domain": [("id", "in", self.duplicate_lead_ids.ids)],
        }

    @api.multi
    def action_merge_duplicates(self):
        """Open Odoo's merge wizard with this sales up and its open duplicates."""
        self.ensure_one()
        action = self.env.ref("crm.merge_opportunity_act").read()[0]
        lead_ids = (self | self.duplicate_lead_ids).ids
        action["context"] = {
            "active_model": "crm.lead", "active_id": self.id, "active_ids": lead_ids,
            "default_user_id": self.user_id.id, "default_team_id": self.team_id.id,
        }
        return action
