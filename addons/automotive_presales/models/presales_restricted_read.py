from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class PresalesRestrictedRead(models.AbstractModel):
    """Read access decided in Python, for core models whose rows follow another document.

    Record rules cannot say "the user may read the document this row points to" when the row
    holds a model name and an id (mail.mail, mail.followers) or when the document's own rules
    should decide (calendar.attendee follows its event). A model that mixes this in says which
    of its rows the current user may see (`_presales_visible_ids`); search, search_count, read,
    write, unlink and read_group then all keep to those rows, as Odoo's mail.message does.
    """

    _name = "presales.restricted.read.mixin"
    _inherit = "presales.read.group.through.search"
    _description = "Rows readable as the document they belong to"

    def _presales_reads_all(self):
        return self.env.uid == SUPERUSER_ID

    def _presales_read_group_narrowed(self):
        # the visibility lives in _search, which read_group skips
        return not self._presales_reads_all()

    @api.model
    def _presales_visible_ids(self, ids):
        """The subset of `ids` (a list of ids) the current user may see."""
        raise NotImplementedError

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if self._presales_reads_all():
            return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                                   access_rights_uid=access_rights_uid)
        ids = super()._search(args, offset=0, limit=None, order=order, count=False,
                              access_rights_uid=access_rights_uid)
        visible = self._presales_visible_ids(ids)
        ids = [record_id for record_id in ids if record_id in visible]
        if count:
            return len(ids)
        return ids[offset:offset + limit] if limit else ids[offset:]

    @api.multi
    def check_access_rule(self, operation):
        super().check_access_rule(operation)
        if operation == "create" or self._presales_reads_all():
            return
        hidden = set(self.ids) - self._presales_visible_ids(self.ids)
        if hidden:
            raise AccessError(_("%s %s: you may not see it, it belongs to a document you may not read.") % (
                self._description, min(hidden)))

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        # BaseModel.read applies record rules in SQL only, never check_access_rule
        self.check_access_rule("read")
        return super().read(fields=fields, load=load)
