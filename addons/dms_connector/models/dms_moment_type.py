from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.automotive_presales.models.presales_funnel_phase import check_phase_fits

from ..lib import phases


class DmsMomentType(models.Model):
    """DMS moment type code -> contact-moment kind and funnel phase.

    The source of truth for moments from the DMS. A row without backend applies to every
    backend; a backend's own row for the same code wins. The rows without backend start as the
    funnel's standard moment types (`presales.moment.type`, automotive_presales): a standard type
    added to the vocabulary is mapped for every backend. A phase that does not fit the kind is
    refused (lib/funnel.Vocabulary.fits). Adding a code releases the moments quarantined for it
    (see `dms.quarantine.action_retry`).
    """

    _name = "dms.moment.type"
    _description = "DMS moment type mapping"
    _order = "backend_id, code"

    backend_id = fields.Many2one("dms.backend", "Backend", ondelete="cascade", index=True,
                                 help="Empty: the mapping holds for every backend.")
    code = fields.Char("DMS type code", required=True, index=True)
    name = fields.Char("Description")
    kind = fields.Selection(lambda self: self.env["presales.moment.kind"]._selection(), required=True)
    phase_id = fields.Many2one("presales.funnel.phase", "Funnel phase", required=True, ondelete="restrict")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(backend_id, code)", "A DMS type code can be mapped once per backend."),
    ]

    @api.model
    def create(self, vals):
        if vals.get("code"):
            vals = dict(vals, code=phases.normalize_code(vals["code"]))
        record = super().create(vals)
        record._retry_quarantined()
        return record

    @api.multi
    def write(self, vals):
        if vals.get("code"):
            vals = dict(vals, code=phases.normalize_code(vals["code"]))
        result = super().write(vals)
        self._retry_quarantined()
        return result

    @api.constrains("code")
    def _check_code(self):
        for record in self:
            if not phases.normalize_code(record.code):
                raise ValidationError(_("DMS moment type %s: field DMS type code is empty.") % record.name)
            # unique(backend_id, code) does not hold for NULL backends in PostgreSQL
            if not record.backend_id and self.search_count(
                    [("backend_id", "=", False), ("code", "=", record.code), ("id", "!=", record.id)]):
                raise ValidationError(_("DMS moment type %s: field DMS type code is mapped twice for all "
                                        "backends.") % record.code)

    @api.constrains("kind", "phase_id")
    def _check_phase_fits_kind(self):
        for record in self:
            check_phase_fits(self.env, record.kind, record.phase_id.code,
                             _("DMS moment type %s") % record.code)

    @api.model
    def _seed_from_standard_types(self, standard_types=None):
        """Map for every backend each standard moment type no row without backend maps yet (at
        install, and when the vocabulary gains a standard type). Existing rows are the director's
        and stay as they are."""
        standard_types = standard_types if standard_types is not None else \
            self.env["presales.moment.type"].sudo().search([])
        Type = self.sudo().with_context(active_test=False)
        mapped = set(Type.search([("backend_id", "=", False)]).mapped("code"))
        for standard in standard_types:
            code = phases.normalize_code(standard.code)
            if code and code not in mapped:
                Type.create({"code": code, "name": standard.name, "kind": standard.kind_id.code,
                             "phase_id": standard.phase_id.id})
                mapped.add(code)

    @api.multi
    def _retry_quarantined(self):
        """Moments quarantined for a code that is now mapped are imported again."""
        Quarantine = self.env["dms.quarantine"].sudo()
        for record in self:
            waiting = Quarantine.search([
                ("state", "=", "open"), ("reason_code", "=", "unknown_type"), ("type_code", "=", record.code)]
                + ([("backend_id", "=", record.backend_id.id)] if record.backend_id else []))
            waiting.action_retry()


class PresalesMomentType(models.Model):
    """A standard moment type added to the funnel's vocabulary is mapped for every backend."""

    _inherit = "presales.moment.type"

    @api.model
    def create(self, vals):
        record = super().create(vals)
        self.env["dms.moment.type"]._seed_from_standard_types(record)
        return record
