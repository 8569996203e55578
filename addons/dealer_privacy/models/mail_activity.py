from odoo import _, api, models
from odoo.tools import html_escape

# the activity types that propose a ledger channel: a planned call, a planned e-mail
CHANNEL_TYPES = {"mail.mail_activity_data_call": "phone", "mail.mail_activity_data_email": "email"}


class MailActivity(models.Model):
    """A follow-up planned on a sales up or a customer never proposes a channel the consent ledger
    forbids: whoever plans it (a salesperson, Odoo's recommended next activity, an offer's or the
    monitor's follow-up), a call or e-mail the person refused becomes a to-do that says why."""

    _inherit = "mail.activity"

    @api.model
    def _privacy_channel_of_type(self, type_id):
        for xmlid, channel in CHANNEL_TYPES.items():
            activity_type = self.env.ref(xmlid, raise_if_not_found=False)
            if activity_type and activity_type.id == type_id:
                return channel
        return None

    @api.model
    def _privacy_person(self, vals):
        model = vals.get("res_model") or (
            vals.get("res_model_id") and self.env["ir.model"].sudo().browse(vals["res_model_id"]).model)
        if model == "crm.lead" and vals.get("res_id"):
            return self.env["crm.lead"].sudo().browse(vals["res_id"]).exists().partner_id
        if model == "res.partner" and vals.get("res_id"):
            return self.env["res.partner"].sudo().browse(vals["res_id"]).exists()
        return self.env["res.partner"]

    @api.model
    def _privacy_vals(self, vals):
        """`vals` with a forbidden channel's type replaced by a to-do whose note says why."""
        channel = self._privacy_channel_of_type(vals.get("activity_type_id"))
        person = self._privacy_person(vals) if channel else None
        if not person:
            return vals
        permission = person._privacy_permissions((channel,), ("sales",))[person.id][(channel, "sales")]
        if permission.allowed:
            return vals
        why = _("Not by %s: %s") % ({"phone": _("phone"), "email": _("e-mail")}[channel],
                                    person._privacy_reason(permission, channel, "sales"))
        return dict(vals, activity_type_id=self.env.ref("mail.mail_activity_data_todo").id,
                    note="<p>%s</p>%s" % (html_escape(why), vals.get("note") or ""))

    @api.model
    def create(self, vals):
        return super().create(self._privacy_vals(vals))
