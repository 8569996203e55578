from odoo import api, fields, models

from ..lib import matching

CALLING_CODE_PARAM = "automotive_presales.default_calling_code"


class PresalesMatchMixin(models.AbstractModel):
    """Comparison keys of a customer record (phone, mobile, e-mail, name and zip), stored and
    indexed, and the records of the same model that share one of them.

    A model using it says where its values come from (`_match_values`) and redeclares
    `_compute_match_keys` with its own @api.depends.
    """

    _name = "presales.match.mixin"
    _description = "Duplicate detection keys"

    phone_key = fields.Char(compute="_compute_match_keys", store=True, index=True, readonly=True)
    mobile_key = fields.Char(compute="_compute_match_keys", store=True, index=True, readonly=True)
    email_key = fields.Char(compute="_compute_match_keys", store=True, index=True, readonly=True)
    name_zip_key = fields.Char(compute="_compute_match_keys", store=True, index=True, readonly=True)

    def _match_values(self):
        """(name, zip, phone, mobile, e-mail) of this record."""
        raise NotImplementedError

    def _compute_match_keys(self):
        calling_code = self.env["ir.config_parameter"].sudo().get_param(CALLING_CODE_PARAM, "")
        for record in self:
            keys = matching.customer_keys(*record._match_values(), calling_code)
            for field, value in keys.items():
                record[field] = value or False

    @api.multi
    def _match_duplicates(self, exclude_ids=()):
        """The other records that share a key with this one, leaving out `exclude_ids`.

        Works on a record being typed in too, so the warning shows before it is saved.
        """
        self.ensure_one()
        terms = matching.match_terms({field: self[field] for field in (
            "phone_key", "mobile_key", "email_key", "name_zip_key")})
        if not terms:
            return self.browse()
        saved = [record_id for record_id in exclude_ids if isinstance(record_id, int)]
        domain = ["|"] * (len(terms) - 1) + [(field, "in", values) for field, values in terms]
        return self.search([("id", "not in", saved)] + domain)
