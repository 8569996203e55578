from odoo import _, api, fields, models
from odoo.exceptions import UserError


class DealerFloorContactConfirm(models.TransientModel):
    """The sales up's Call or WhatsApp button when a hook (dealer.floor._floor_contact_blocked)
    says the contact needs the salesperson's confirmation: why not, and their reason; Confirm
    logs the contact with the confirmation (dealer.floor._floor_contact_extra), then dials."""

    _name = "dealer.floor.contact.confirm"
    _description = "Confirm a contact"

    lead_id = fields.Many2one("crm.lead", "Sales up", required=True, readonly=True, ondelete="cascade")
    action = fields.Selection([("call", "Call"), ("whatsapp", "WhatsApp")], "Contact", required=True, readonly=True)
    why_not = fields.Text("Why it needs your confirmation", compute="_compute_why_not")
    reason = fields.Char("Why anyway", help="Why you contact the customer anyway; it is kept with the contact.")

    @api.model
    def create(self, vals):
        # the button's dialog sends neither: they come from its context
        vals = self._add_missing_default_values(vals)
        # the floor's guard: only a sales up the user may read (their own, their branch's for a manager)
        self.env["dealer.floor"]._readable_lead(self._presales_clean_links({"lead_id": vals.get("lead_id")})["lead_id"])
        if vals.get("action") not in dict(self._fields["action"].selection):
            raise UserError(_("Field Contact: choose Call or WhatsApp."))
        return super().create(vals)

    @api.depends("lead_id", "action")
    def _compute_why_not(self):
        for wizard in self:
            wizard.why_not = wizard._blocked() if wizard.lead_id else False

    def _blocked(self):
        """Why the hook wants a confirmation of this contact now (False: nothing blocks it)."""
        blocked = self.env["dealer.floor"]._floor_contact_blocked(self.lead_id)
        return blocked.get(self.lead_id.id, {}).get(self.action) or False

    @api.multi
    def action_confirm(self):
        """Log the contact, confirmed with the reason, and dial (or open WhatsApp) as the button does."""
        self.ensure_one()
        lead = self.env["dealer.floor"]._readable_lead(self.lead_id.id)
        reason = (self.reason or "").strip()
        why_not = self._blocked()
        if why_not and not reason:
            raise UserError(_("Sales up %s: field Why anyway is required: say why you contact the customer "
                              "although %s.") % (lead.name, why_not))
        values = {"action": self.action}
        if why_not:
            values.update(privacy_confirmed=True, privacy_confirm_reason=reason)
        return lead._floor_contact(self.action, extra=self.env["dealer.floor"]._floor_contact_extra(values))
