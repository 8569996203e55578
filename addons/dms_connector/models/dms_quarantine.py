from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import formats
from ..lib.moments import clean_text, storable


class DmsQuarantine(models.Model):
    """A DMS record we refused, kept whole with the reason naming the field, until it imports.

    Nothing is dropped silently: a record that fails validation, has a type code nobody mapped or
    hits a database error waits here; Retry runs it through the same importer again.
    """

    _name = "dms.quarantine"
    _description = "Quarantined DMS record"
    _order = "create_date desc, id desc"
    _rec_name = "external_id"

    backend_id = fields.Many2one("dms.backend", required=True, ondelete="cascade", index=True)
    # the kinds of record the registered formats return (lib/formats)
    kind = fields.Selection(lambda self: formats.kind_selection(), required=True)
    external_id = fields.Char("ID in the DMS", index=True)
    payload = fields.Text("Raw payload", required=True)
    reason = fields.Char(required=True)
    reason_code = fields.Selection(
        [("invalid", "Invalid field"), ("unknown_type", "Unknown type code"), ("error", "Could not be stored")],
        required=True, default="invalid", index=True)
    type_code = fields.Char(index=True)
    state = fields.Selection([("open", "Waiting"), ("done", "Imported")], required=True, default="open", index=True)
    retry_count = fields.Integer(readonly=True)
    source = fields.Selection([("push", "Push"), ("pull", "Pull"), ("file", "File import"), ("email", "E-mail")],
                              default="push")

    @api.model
    def _keep(self, backend, kind, external_id, payload, reason, reason_code="invalid", type_code=False,
              source="push"):
        """Store (or refresh) the open quarantine entry of one record."""
        # whatever the record holds, the entry can be stored: no NUL, no lone surrogate
        payload = storable(payload)
        external_id = clean_text(external_id or "")[:256]
        values = {"payload": payload, "reason": clean_text(reason)[:1000], "reason_code": reason_code,
                  "type_code": type_code or False, "source": source}
        existing = external_id and self.sudo().search([
            ("backend_id", "=", backend.id), ("kind", "=", kind), ("external_id", "=", external_id),
            ("state", "=", "open")], limit=1)
        if existing:
            existing.write(values)
            return existing
        return self.sudo().create(dict(values, backend_id=backend.id, kind=kind, external_id=external_id or False))

    @api.multi
    def action_retry(self):
        """Import the kept payload again; the entry is done when it is stored."""
        for entry in self.filtered(lambda record: record.state == "open"):
            entry.retry_count += 1
            # the import is the system's work (DMS moments are written as superuser), whoever clicks
            backend = entry.backend_id.sudo()
            # read again as its format reads a kept record (a whole ADF document: its own prospect)
            items = formats.kind(entry.kind).payload_items(entry.payload)
            results = backend._ingest_items(items, source=entry.source, quarantine=False,
                                            only_external_id=entry.external_id if len(items) > 1 else None)
            result = results[0] if results else {"status": "quarantined", "reason": _("nothing to import")}
            if result["status"] == "quarantined":
                entry.reason = result["reason"]
            else:
                entry.state = "done"
        return True

    @api.multi
    def unlink(self):
        if any(entry.state == "open" for entry in self) and not self.env.user._is_superuser():
            raise UserError(_("Quarantined DMS record %s: an open entry holds data not yet imported; "
                              "retry it or fix its mapping instead of deleting it.") % self[0].external_id)
        return super().unlink()
