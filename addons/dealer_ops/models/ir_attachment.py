import base64
import logging
import os

from odoo import _, api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _file_write(self, value, checksum):
        """Odoo 11 logs a failed write to the filestore at INFO level and keeps the document: a full
        disk would leave documents whose file is missing or cut short, found out only when somebody
        opens them. Refuse the upload with a message instead, and remove the partial file (the next
        upload of the same content would otherwise take it for the document)."""
        bin_value = base64.b64decode(value)
        full_path = None
        try:
            fname, full_path = self._get_path(bin_value, checksum)
            if os.path.exists(full_path):
                return fname
            with open(full_path, "wb") as handle:
                handle.write(bin_value)
        except OSError as error:
            if full_path and os.path.exists(full_path):
                os.remove(full_path)
            _logger.warning("filestore: could not write %s: %s", full_path or checksum, error)
            raise UserError(_("Document %s: field File was not saved, the document store cannot take it (%s). "
                              "Nothing else was lost; ask your administrator to free space, then upload it "
                              "again.") % (self.name if len(self) == 1 else "", error.strerror or error))
        self._mark_for_gc(fname)
        return fname
