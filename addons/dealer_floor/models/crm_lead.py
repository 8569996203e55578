from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.automotive_presales.lib import matching
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

    @api.multi
    def action_floor_call(self):
        """The Call button: the call is logged as a contact moment, then the phone dials."""
        self.ensure_one()
        number = self._floor_phone_number()
        self._floor_log_call("call")
        return {"type": "ir.actions.act_url", "url": "tel:%s" % "".join(number.split()), "target": "self"}

    @api.multi
    def action_floor_whatsapp(self):
        """The WhatsApp button: logged as a contact moment, then WhatsApp opens on the number."""
        self.ensure_one()
        self._floor_phone_number()
        if not self.whatsapp_url:
            raise UserError(_("Sales up %s: fields Mobile and Phone hold no number WhatsApp can use.")
                            % self.name)
        self._floor_log_call("whatsapp")
        return {"type": "ir.actions.act_url", "url": self.whatsapp_url, "target": "new"}

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
