from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.automotive_presales.lib.funnel import MOMENT_KINDS

from ..lib import phases


class DmsMomentType(models.Model):
    """DMS moment type code -> contact-moment kind and funnel phase.

    The source of truth for moments from the DMS (the dict in automotive_presales/lib/funnel.py
    stays the rule for moments logged in the CRM). A row without backend applies to every
    backend; a backend's own row for the same code wins. Adding a code releases the moments
    quarantined for it (see `dms.quarantine.action_retry`).
    """

    _name = "dms.moment.type"
    _description = "DMS moment type mapping"
    _order = "backend_id, code"

    backend_id = fields.Many2one("dms.backend", "Backend", ondelete="cascade", index=True,
                                 help="Empty: the mapping holds for every backend.")
    code = fields.Char("DMS type code", required=True, index=True)
    name = fields.Char("Description")
    kind = fields.Selection(MOMENT_KINDS, required=True)
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

    @api.multi
    def _retry_quarantined(self):
        """Moments quarantined for a code that is now mapped are imported again."""
        Quarantine = self.env["dms.quarantine"].sudo()
        for record in self:
            waiting = Quarantine.search([
                ("state", "=", "open"), ("reason_code", "=", "unknown_type"), ("type_code", "=", record.code)]
                + ([("backend_id", "=", record.backend_id.id)] if record.backend_id else []))
            waiting.action_retry()
