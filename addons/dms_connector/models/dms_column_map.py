import base64
import re
from html import escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import formats, inventory
from ..lib.errors import PayloadError
from ..lib.formats.table import MOMENT_COLUMNS

MOMENT_FIELDS = {"external_id", "type_code", "occurred_at", "summary", "direction", "channel", "site", "user",
                 "lead_external_id"}
FIELDS = sorted(set(inventory.FIELDS) | MOMENT_FIELDS
                | {field for field in MOMENT_COLUMNS.values() if field.startswith("customer.")})
# what a binary field reads as in the web client (its size, not its content)
SIZE = re.compile(r"^\d+(\.\d+)? ?(bytes|[KMGT]b)$")
FIELD_LABELS = {
    "vin": "VIN", "stock_number": "Stock number", "year": "Model year", "make": "Make", "model": "Model",
    "trim": "Trim", "colour": "Colour", "mileage": "Mileage", "condition": "Condition (new/used/demo)",
    "price": "Price", "options": "Options", "status": "Stock status", "external_id": "Moment: ID in the DMS",
    "type_code": "Moment: type code", "occurred_at": "Moment: date and time", "summary": "Moment: summary",
    "direction": "Moment: direction", "channel": "Moment: channel", "site": "Moment: DMS site",
    "user": "Moment: DMS user", "lead_external_id": "Moment: lead ID",
}


class DmsColumnMap(models.Model):
    """One column header of a DMS's files or stock feed and the field it holds: what the usual
    names (Chassis, Stock No, KM, ...) do not already cover."""

    _name = "dms.column.map"
    _description = "DMS file column"
    _order = "backend_id, header"

    backend_id = fields.Many2one("dms.backend", required=True, ondelete="cascade", index=True)
    header = fields.Char("Column header", required=True, help="As the file's header row spells it.")
    field = fields.Selection([(name, FIELD_LABELS.get(name, name.replace("customer.", "Customer: ").replace(
        "_", " "))) for name in FIELDS], required=True)

    _sql_constraints = [
        ("header_uniq", "unique(backend_id, header)", "A column header is mapped once per backend."),
    ]


class DmsBackend(models.Model):
    """The preview of the column table: the first rows of a sample stock feed as they would import."""

    _inherit = "dms.backend"

    preview_file = fields.Binary("Sample file", attachment=False,
                                 help="A stock feed of this DMS (CSV or XLSX): the preview shows its first rows "
                                      "as they would import with the columns above. It is not stored.")
    preview_filename = fields.Char()
    column_preview = fields.Html(compute="_compute_column_preview", sanitize=True)

    PREVIEW_ROWS = 5

    @api.depends("preview_file", "column_map_ids.header", "column_map_ids.field")
    def _compute_column_preview(self):
        for backend in self:
            backend.column_preview = backend._column_preview_html() if backend.preview_file else False

    def _sample(self):
        """The sample file's bytes. The web client reads binary fields as their size (bin_size in its
        context, and the cache keeps what was read): a size is no file, so the stored file is read."""
        value = self.preview_file or b""
        text = value.decode("ascii", "replace") if isinstance(value, bytes) else value
        if SIZE.match(text) and isinstance(self.id, int):
            self.env.cr.execute("SELECT preview_file FROM dms_backend WHERE id = %s", (self.id,))
            row = self.env.cr.fetchone()
            value = bytes(row[0]) if row and row[0] else b""
        return base64.b64decode(value)

    def _column_preview_html(self):
        mapping = {row.header: row.field for row in self.column_map_ids if row.header and row.field}
        try:
            items = formats.parse(self._sample(), filename=self.preview_filename or "",
                                  target="inventory", options={"mapping": mapping})
        except (PayloadError, ValueError) as error:
            return "<p class='text-danger'>%s</p>" % escape(_("The file cannot be read: %s") % error)
        columns = ("stock_number", "vin", "make", "model", "year", "price", "condition", "status")
        # the labels of the column map's field selection, in the user's language
        labels = dict(self.env["dms.column.map"]._fields["field"]._description_selection(self.env))
        head = "".join("<th>%s</th>" % escape(labels[column]) for column in columns)
        rows = []
        for item in items[:self.PREVIEW_ROWS]:
            if item.error:
                rows.append("<tr class='text-danger'><td colspan='%d'>%s: %s</td></tr>" % (
                    len(columns), escape(item.external_id or _("row")), escape(item.error.reason)))
            else:
                rows.append("<tr>%s</tr>" % "".join("<td>%s</td>" % escape(str(item.parsed.get(column) or ""))
                                                    for column in columns))
        return "<table class='table table-condensed o_dms_column_preview'><thead><tr>%s</tr></thead>" \
               "<tbody>%s</tbody></table>" % (head, "".join(rows))

    @api.multi
    def action_clear_preview(self):
        self.write({"preview_file": False, "preview_filename": False})
        return True

    @api.multi
    def check_column_preview(self):
        """The preview's rows as data (for RPC clients and tests): [(external id, values or reason)]."""
        self.ensure_one()
        if not self.preview_file:
            raise UserError(_("DMS backend %s: field Sample file is empty.") % self.name)
        mapping = self.column_mapping()
        items = formats.parse(self._sample(), filename=self.preview_filename or "",
                              target="inventory", options={"mapping": mapping})
        return [(item.external_id, item.error.reason if item.error else {
            key: value for key, value in item.parsed.items() if value not in ("", None)})
            for item in items[:self.PREVIEW_ROWS]]
