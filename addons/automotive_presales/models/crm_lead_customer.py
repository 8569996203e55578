from odoo import SUPERUSER_ID, _, api, models

from ..lib import matching
from . import presales_ownership_guard as guard

MATCH_FIELDS = ("phone_key", "mobile_key", "email_key", "name_zip_key")


class CrmLead(models.Model):
    """A sales up someone creates for a person gets its customer at once: the test drive, the
    offer and the order need one, and nobody should type the name twice."""

    _inherit = "crm.lead"

    @api.multi
    def _presales_on_create(self, intake):
        result = super()._presales_on_create(intake)
        # intakes (DMS, importer, mail) match their customer their own way, with a reconciliation
        # queue for doubtful matches; the system user creates no customers on anyone's behalf
        if not intake and self.env.uid != SUPERUSER_ID:
            self.filtered(lambda lead: lead.type == "opportunity" and not lead.partner_id and (
                lead.contact_name or lead.contact_lastname))._presales_link_customer()
        return result

    @api.multi
    def _presales_link_customer(self):
        """Link the customer this sales up is about: one the user may see that shares a phone
        number, e-mail address or name and zip (lib/matching.py), else a new one. A match in a
        colleague's portfolio is not linked (it would hand the colleague's customer over): the
        sales up gets a new customer and says that a manager may merge the two."""
        Partner = self.env["res.partner"]
        for lead in self:
            terms = matching.match_terms({name: lead[name] for name in MATCH_FIELDS})
            candidates = Partner.browse()
            if terms:
                domain = ["|"] * (len(terms) - 1) + [(field, "in", values) for field, values in terms]
                candidates = Partner.sudo().search([("is_company", "=", False)] + domain, order="id")
            readable = guard.allowed(candidates.sudo(self.env.uid), "read")
            partner = readable[:1]
            if not partner:
                partner = lead._create_lead_partner()
                if candidates:
                    lead.message_post(body=_(
                        "A customer with the same phone number, e-mail address or name and zip code "
                        "exists in another portfolio; a branch manager can merge the two customers."))
            lead._presales_write_facts({"partner_id": partner.id})
        return True

    def _onchange_partner_id_values(self, partner_id):
        """Linking a customer fills in what the sales up lacks and never blanks what a person
        typed at intake (a phone number, an e-mail address) with the customer's empty field."""
        values = super()._onchange_partner_id_values(partner_id)
        if len(self) != 1:
            return values
        return {name: value for name, value in values.items()
                if value or name not in self._fields or not self[name]}
