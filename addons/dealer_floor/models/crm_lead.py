from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.automotive_presales.lib import matching
from odoo.addons.automotive_presales.models import presales_ownership_guard as guard
from odoo.addons.automotive_presales.models.presales_match_mixin import CALLING_CODE_PARAM

from ..lib import floor


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "dealer.floor.capture.mixin"]

    showroom_visit_ids = fields.One2many("presales.showroom.visit", "lead_id", "Showroom visits")
    whatsapp_url = fields.Char("WhatsApp", compute="_compute_whatsapp_url")

    @api.model
    def create(self, vals):
        return self._floor_capture_create(vals, super().create)

    @api.depends("mobile", "phone", "partner_id.mobile", "partner_id.phone")
    def _compute_whatsapp_url(self):
        calling_code = self.env["ir.config_parameter"].sudo().get_param(CALLING_CODE_PARAM, "")
        for lead in self:
            number = lead.mobile or lead.phone or lead.partner_id.mobile or lead.partner_id.phone
            lead.whatsapp_url = floor.whatsapp_link(matching.phone_key(number, calling_code))

    @api.multi
    def _floor_log_call(self, action, summary=None, occurred_at=None, direction="outbound", client_uuid=None,
                        extra=None):
        """Log the contact a tap on Call or WhatsApp (or a typed contact) stands for; `extra`: more
        values of the moment (dealer.floor._floor_contact_extra)."""
        self.ensure_one()
        kind, channel = floor.CONTACT_ACTIONS[action]
        labels = {"call": _("Called"), "whatsapp": _("WhatsApp message"), "email": _("E-mail")}
        return self.env["presales.contact.moment"].create(dict(extra or {}, **{
            "client_uuid": client_uuid,
            "kind": kind,
            "channel": channel,
            "direction": direction,
            "summary": summary or labels[action],
            "lead_id": self.id,
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id or self.env.uid,
            "team_id": self.team_id.id,
            "occurred_at": occurred_at or fields.Datetime.now(),
        }))

    def _floor_phone_number(self):
        number = self.mobile or self.phone or self.partner_id.mobile or self.partner_id.phone
        if not number:
            raise UserError(_("Sales up %s: fields Mobile and Phone are empty: there is no number to call.")
                            % self.name)
        return number

    def _floor_contact_url(self, action):
        """The client action that dials (call) or opens WhatsApp on the sales up's number
        (`dealer_contact`: static/src/js/contact_url.js closes the dialog that asked first)."""
        number = self._floor_phone_number()
        if action == "call":
            url, target = "tel:%s" % "".join(number.split()), "self"
        elif self.whatsapp_url:
            url, target = self.whatsapp_url, "new"
        else:
            raise UserError(_("Sales up %s: fields Mobile and Phone hold no number WhatsApp can use.")
                            % self.name)
        return {"type": "ir.actions.act_url", "url": url, "target": target, "dealer_contact": True}

    @api.multi
    def _floor_contact(self, action, extra=None):
        """Log the contact as a moment, then dial or open WhatsApp."""
        self.ensure_one()
        url = self._floor_contact_url(action)
        self._floor_log_call(action, extra=extra)
        return url

    @api.multi
    def _floor_contact_button(self, action):
        """A header button's contact: when a hook wants the salesperson's confirmation first
        (dealer.floor._floor_contact_blocked), a dialog says why and asks the reason."""
        self.ensure_one()
        if not guard.allowed(self, "read"):
            raise AccessError(_("This sales up does not exist or is not yours."))
        url = self._floor_contact_url(action)  # no number: said before anything is asked
        if not self.env["dealer.floor"]._floor_contact_blocked(self).get(self.id, {}).get(action):
            self._floor_log_call(action)
            return url
        return {
            "type": "ir.actions.act_window",
            "name": _("Contact anyway?"),
            "res_model": "dealer.floor.contact.confirm",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id, "default_action": action},
        }

    @api.multi
    def action_floor_call(self):
        """The Call button: the call is logged as a contact moment, then the phone dials."""
        return self._floor_contact_button("call")

    @api.multi
    def action_floor_whatsapp(self):
        """The WhatsApp button: logged as a contact moment, then WhatsApp opens on the number."""
        return self._floor_contact_button("whatsapp")

    @api.multi
    def action_floor_book_test_drive(self):
        """Book a test drive from the sales up's header: the test drive form in a dialog, filled in."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Book a test drive"),
            "res_model": "presales.test.drive",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id, "default_partner_id": self.partner_id.id},
        }
