from odoo import api, models

from odoo.addons.dealer_floor.lib import floor

from ..lib import contact_rule

# the floor's contact actions as the ledger's channels
FLOOR_CHANNELS = {action: contact_rule.moment_channel(kind, channel)
                  for action, (kind, channel) in floor.CONTACT_ACTIONS.items()}


class DealerFloor(models.AbstractModel):
    """The floor app asks like the desk form: a card says which contact the ledger forbids and
    why, and a contact logged against it carries the salesperson's confirmation and reason."""

    _inherit = "dealer.floor"

    @api.model
    def _floor_contact_extra(self, values):
        extra = super()._floor_contact_extra(values)
        if values.get("privacy_confirmed"):
            extra.update(privacy_confirmed=True, privacy_confirm_reason=values.get("privacy_confirm_reason") or False)
        return extra

    @api.model
    def _floor_contact_blocked(self, leads):
        """The floor contacts a sales up's follow-up: the ledger's answer for purpose sales."""
        blocked = super()._floor_contact_blocked(leads)
        partners = leads.sudo().mapped("partner_id")
        if not partners:
            return blocked
        channels = tuple(sorted(set(FLOOR_CHANNELS.values())))
        permissions = partners._privacy_permissions(channels, ("sales",))
        Partner = self.env["res.partner"]
        for lead in leads.sudo():
            if not lead.partner_id:
                continue
            for action, channel in FLOOR_CHANNELS.items():
                permission = permissions[lead.partner_id.id][(channel, "sales")]
                if not permission.allowed:
                    blocked.setdefault(lead.id, {})[action] = Partner._privacy_reason(permission, channel, "sales")
        return blocked
