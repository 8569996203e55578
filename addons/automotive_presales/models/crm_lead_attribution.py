from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import attribution, sales_up

# Context key carrying the reason of a source change; only the change wizard and a merge set it.
REASON_KEY = "presales_attribution_reason"
# The utm.medium of each channel a sales up comes in through (lib/funnel.py CHANNELS).
MEDIUM_BY_CHANNEL = {
    "importer": "automotive_presales.utm_medium_importer",
    "web": "utm.utm_medium_website",
    "email": "utm.utm_medium_email",
    "chat": "automotive_presales.utm_medium_chat",
    "social": "automotive_presales.utm_medium_social",
    "phone": "utm.utm_medium_phone",
    "showroom": "automotive_presales.utm_medium_showroom",
    "event": "automotive_presales.utm_medium_event",
    "referral": "automotive_presales.utm_medium_referral",
}


class CrmLead(models.Model):
    """The source a sales up is credited to, and the source it first came in through.

    `original_source_id` is fixed at creation. `source_id` (the credited source, the one the
    cost report counts) changes only with a reason, and every change lands in the ledger
    `presales.attribution.change`.
    """

    _inherit = "crm.lead"

    source_id = fields.Many2one(track_visibility="onchange")
    original_source_id = fields.Many2one(
        "utm.source", "Original source", readonly=True, index=True, copy=False,
        ondelete="restrict", help="The source the sales up came in through; it never changes.")
    attribution_change_ids = fields.One2many(
        "presales.attribution.change", "lead_id", "Attribution changes", readonly=True,
        groups="automotive_presales.group_sales_director")

    @api.model
    def _presales_create_values(self, vals, intake):
        vals = super()._presales_create_values(vals, intake)
        if "source_id" not in vals:
            vals["source_id"] = self.default_get(["source_id"]).get("source_id", False)
        # nobody named the source or channel: the way the sales up came in says it, so a
        # walk-in's sale is booked under Walk-in and Showroom, never under "Undefined"
        lead_type = vals.get("lead_type")
        if not vals.get("source_id") and attribution.SOURCE_BY_LEAD_TYPE.get(lead_type):
            source = self.env.ref("automotive_presales.utm_source_%s" % attribution.SOURCE_BY_LEAD_TYPE[lead_type],
                                  raise_if_not_found=False)
            vals["source_id"] = source.id if source else False
        medium_xmlid = MEDIUM_BY_CHANNEL.get(sales_up.CHANNEL_BY_LEAD_TYPE.get(lead_type))
        if medium_xmlid and not vals.get("medium_id") and not self.env.context.get("default_medium_id"):
            medium = self.env.ref(medium_xmlid, raise_if_not_found=False)
            vals["medium_id"] = medium.id if medium else False
        source_id = vals.get("source_id") or False
        if vals.get("original_source_id") and vals["original_source_id"] != source_id:
            raise UserError(
                _("Sales up %s: the field Original source is taken from the field Source "
                  "when the sales up is created.") % vals.get("name", ""))
        vals["original_source_id"] = source_id
        return vals

    @api.multi
    def _presales_check_write(self, vals):
        result = super()._presales_check_write(vals)
        if "original_source_id" in vals:
            moved = self.filtered(
                lambda lead: lead.original_source_id.id != (vals["original_source_id"] or False))
            if moved:
                raise UserError(
                    _("Sales up %s: the field Original source is set when the sales up is "
                      "created and never changes.") % moved[0].name)
        if "source_id" in vals:
            new_source = self.env["utm.source"].browse(vals["source_id"] or [])
            changed = self.filtered(lambda lead: lead.source_id != new_source)
            if changed and not attribution.clean_reason(self.env.context.get(REASON_KEY)):
                raise UserError(
                    _("Sales up %s: the field Source (the credited source) can only be "
                      "changed with a reason, through the Change source button.")
                    % changed[0].name)
        return result

    @api.multi
    def _presales_snapshot(self):
        snapshot = super()._presales_snapshot()
        snapshot["source_id"] = self.source_id.id
        return snapshot

    @api.multi
    def _presales_on_write(self, vals, before):
        super()._presales_on_write(vals, before)
        if "source_id" not in vals:
            return
        changed = self.filtered(lambda lead: lead.source_id.id != before[lead.id]["source_id"])
        if not changed:
            return
        reason = attribution.clean_reason(self.env.context.get(REASON_KEY))
        # Salespeople may re-credit their sales up but not read the ledger.
        Change = self.env["presales.attribution.change"].sudo()
        for lead in changed:
            Change.create({
                "lead_id": lead.id,
                "lead_name": lead.name,
                "old_source_id": before[lead.id]["source_id"] or False,
                "new_source_id": lead.source_id.id,
                "reason": reason,
                "user_id": self.env.uid,
            })

    @api.multi
    def merge_opportunity(self, user_id=False, team_id=False):
        # A merge may credit the surviving sales up with a merged one's source.
        reason = _("Merged sales ups: %s") % ", ".join(self.mapped("name"))
        return super(CrmLead, self.with_context(**{REASON_KEY: reason})).merge_opportunity(
            user_id=user_id, team_id=team_id)

    @api.multi
    def action_change_source(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Change source"),
            "res_model": "presales.attribution.change.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }
