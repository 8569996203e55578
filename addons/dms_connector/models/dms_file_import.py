import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import formats
from ..lib.errors import PayloadError
from .dms_backend import DmsBackendBusy

OUTCOMES = {"accepted": "create", "updated": "update", "duplicate": "skip", "quarantined": "quarantine"}


class DryRunDone(Exception):
    """Raised inside the dry run's savepoint so that everything it wrote is rolled back; it carries
    the results out."""

    def __init__(self, results):
        super().__init__("dry run done")
        self.results = results


class DmsFileImport(models.Model):
    """A DMS export file imported by hand: a dry run first (what would be created, updated, skipped
    and quarantined, with reasons), then the real import. The file is kept, so after a mapping fix
    (a type code, a column) the same file can be dry-run and imported again."""

    _name = "dms.file.import"
    _description = "DMS file import"
    _order = "create_date desc, id desc"

    name = fields.Char("File name", required=True)
    backend_id = fields.Many2one("dms.backend", required=True, ondelete="cascade")
    target = fields.Selection([("moments", "Contact moments and leads"), ("inventory", "Stock vehicles")],
                              required=True, default="moments")
    # the file types the registered formats name (lib/formats), for a type picked by hand
    file_type = fields.Selection(lambda self: [(key, label) for key, label, _type in formats.file_types()],
                                 help="Guessed from the file name when empty.")
    content = fields.Binary("File", required=True, attachment=True)
    state = fields.Selection([("draft", "New"), ("checked", "Dry run done"), ("done", "Imported")],
                             required=True, default="draft")
    line_ids = fields.One2many("dms.file.import.line", "import_id", "Outcome per record")
    create_count = fields.Integer("Would create / created", readonly=True)
    update_count = fields.Integer("Would update / updated", readonly=True)
    skip_count = fields.Integer("Unchanged", readonly=True)
    quarantine_count = fields.Integer("Quarantined", readonly=True)
    error = fields.Char("File error", readonly=True)
    imported_at = fields.Datetime(readonly=True)
    column_map_ids = fields.One2many(related="backend_id.column_map_ids", readonly=False,
                                     help="Saved on the backend: the next file of this DMS uses it too.")

    @api.multi
    def _run(self):
        """Import the file now through the backend's engine; return the per-record results
        (PayloadError for an unreadable file). The format is found as for a push: the chosen type,
        else the file name, else the content."""
        self.ensure_one()
        content = base64.b64decode(self.content or b"")
        return self.backend_id.sudo()._ingest(
            content, dict((key, content_type) for key, _label, content_type in formats.file_types()).get(
                self.file_type, ""), self.name, source="file",
            target="inventory" if self.target == "inventory" else "moments")

    @api.multi
    def action_dry_run(self):
        """What the import would do, without keeping any of it (also the replay after a fix)."""
        for record in self:
            results, error = [], False
            try:
                with self.env.cr.savepoint():
                    raise DryRunDone(record._run())
            except DryRunDone as done:
                results = done.results
            except PayloadError as payload_error:
                error = str(payload_error)
            except DmsBackendBusy as busy:
                raise UserError(str(busy))
            self.env.cache.invalidate()
            record._store_outcome(results, error, "checked" if record.state != "done" else "done")
        return True

    @api.multi
    def action_import(self):
        for record in self:
            if record.state == "draft":
                raise UserError(_("File import %s: run the dry run first to see what it would do.") % record.name)
            try:
                results = record._run()
            except PayloadError as error:
                raise UserError(_("File import %s: field File: %s") % (record.name, error))
            except DmsBackendBusy as busy:
                raise UserError(str(busy))
            record._store_outcome(results, False, "done")
            record.imported_at = fields.Datetime.now()
        return True

    @api.multi
    def _store_outcome(self, results, error, state):
        self.ensure_one()
        counts = {outcome: 0 for outcome in OUTCOMES.values()}
        for result in results:
            counts[OUTCOMES[result["status"]]] += 1
        self.write({
            "state": state, "error": error,
            "create_count": counts["create"], "update_count": counts["update"],
            "skip_count": counts["skip"], "quarantine_count": counts["quarantine"],
            "line_ids": [(5, 0, 0)] + [
                (0, 0, {"external_id": result["external_id"] or False, "outcome": OUTCOMES[result["status"]],
                        "reason": result["reason"] or False}) for result in results],
        })


class DmsFileImportLine(models.Model):
    _name = "dms.file.import.line"
    _description = "DMS file import: one record's outcome"

    import_id = fields.Many2one("dms.file.import", required=True, ondelete="cascade", index=True)
    external_id = fields.Char("ID in the DMS")
    outcome = fields.Selection([("create", "Create"), ("update", "Update"), ("skip", "Unchanged"),
                                ("quarantine", "Quarantine")], required=True)
    reason = fields.Char()
