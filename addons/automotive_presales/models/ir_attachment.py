from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class IrAttachment(models.Model):
    """Files follow their document; a file without one is its creator's.

    Odoo 11's ir.attachment follows the document it is attached to in _search/check, and lets
    every employee read a file that has no document: the calendar's invitation.ics (summary,
    description, time and the customer's e-mail) and the files of queued mails were readable
    and downloadable by everyone. Here a file without a document (no model or no record id), not
    public, is read and changed by its creator only. read_group groups only what search returns
    (presales.read.group.through.search).
    """

    _name = "ir.attachment"
    _inherit = ["ir.attachment", "presales.read.group.through.search"]

    def _presales_orphans_of_others(self, ids):
        """The ids among `ids` of files without a document that someone else made."""
        if not ids or self.env.uid == SUPERUSER_ID:
            return set()
        self.env.cr.execute("""
            SELECT id FROM ir_attachment
             WHERE id IN %s AND (res_model IS NULL OR res_id IS NULL OR res_id = 0)
               AND NOT coalesce(public, false) AND res_field IS NULL
               AND create_uid IS DISTINCT FROM %s""", (tuple(ids), self.env.uid))
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if self.env.uid == SUPERUSER_ID:
            return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                                   access_rights_uid=access_rights_uid)
        ids = super()._search(args, offset=offset, limit=limit, order=order, count=False,
                              access_rights_uid=access_rights_uid)
        hidden = self._presales_orphans_of_others(ids)
        ids = [record_id for record_id in ids if record_id not in hidden]
        return len(ids) if count else ids

    @api.model
    def _presales_linkable_ids(self, ids):
        # a file the user just uploaded to the composer or the chatter has no document yet (Odoo
        # stores it on mail.compose.message, id 0), so search does not show it: it is theirs to send
        linkable = super()._presales_linkable_ids(ids)
        if ids - linkable:
            self.env.cr.execute(
                "SELECT id FROM ir_attachment WHERE id IN %s AND create_uid = %s "
                "AND (res_model IS NULL OR res_id IS NULL OR res_id = 0)", (tuple(ids - linkable), self.env.uid))
            linkable |= {row[0] for row in self.env.cr.fetchall()}
        return linkable

    @api.multi
    def check(self, mode, values=None):
        result = super().check(mode, values=values)
        if self._presales_orphans_of_others(self.ids):
            raise AccessError(_("File: it has no document and belongs to the colleague who made it."))
        return result
