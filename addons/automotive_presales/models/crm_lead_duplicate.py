from odoo import _, api, fields, models

from ..lib import matching

CALLING_CODE_PARAM = "automotive_presales.default_calling_code"


class CrmLead(models.Model):
    """Flags sales ups that look like the same customer (same phone, e-mail, or name and zip).

    Duplicates are only shown, never blocked: the salesperson decides and may merge them.
    """

    _inherit = "crm.lead"

    phone_key = fields.Char(compute="_compute_match_keys", store=True, index=True, readonly=True)
    mobile_key = fields.Char(compute="_compute_match_keys", store=True, index=True, readonly=True)
    email_key = fields.Char(compute="_compute_match_keys", store=True, index=True, readonly=True)
    name_zip_key = fields.Char(compute="_compute_match_keys", store=True, index=True, readonly=True)
    duplicate_lead_ids = fields.Many2many(
        "crm.lead", string="Possible duplicates", compute="_compute_duplicate_lead_ids")
    duplicate_count = fields.Integer("Duplicates", compute="_compute_duplicate_lead_ids")

    def _customer_name(self):
        """The person or company the sales up is about (its own name is a subject line)."""
        person = " ".join(part for part in (self.contact_name, self.contact_lastname) if part)
        return person or self.partner_name or self.partner_id.name or ""

    @api.depends("phone", "mobile", "email_from", "zip", "contact_name", "contact_lastname",
                 "partner_name", "partner_id.name")
    def _compute_match_keys(self):
        calling_code = self.env["ir.config_parameter"].sudo().get_param(CALLING_CODE_PARAM, "")
        for lead in self:
            keys = matching.customer_keys(
                lead._customer_name(), lead.zip, lead.phone, lead.mobile, lead.email_from,
                calling_code)
            for field, value in keys.items():
                lead[field] = value or False

    @api.depends("phone_key", "mobile_key", "email_key", "name_zip_key")
    def _compute_duplicate_lead_ids(self):
        for lead in self:
            terms = matching.match_terms({
                "phone_key": lead.phone_key, "mobile_key": lead.mobile_key,
                "email_key": lead.email_key, "name_zip_key": lead.name_zip_key})
            duplicates = self.browse()
            if terms:
                # Also while a new sales up is being typed in, so the warning comes before saving.
                domain = ["|"] * (len(terms) - 1) + [(field, "in", values) for field, values in terms]
                if isinstance(lead.id, int):
                    domain = [("id", "!=", lead.id)] + domain
                duplicates = self.search(domain)
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
