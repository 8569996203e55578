from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

from .read_group_access import searchable_domain


class MailActivity(models.Model):
    """Activities follow the visibility of their document.

    Odoo 11 checks the document only on create/write/unlink: any employee could search and read
    every activity, with the name of a colleague's customer in it. Here a user finds and reads
    the activities assigned to them and those of documents they may read (as Odoo 12+ does).
    """

    _inherit = "mail.activity"

    @api.model
    def _presales_visible_ids(self, ids):
        if not ids:
            return set()
        self.env.cr.execute(
            "SELECT id, res_model, res_id, user_id FROM mail_activity WHERE id IN %s",
            (tuple(ids),))
        visible, by_model = set(), {}
        for activity_id, res_model, res_id, user_id in self.env.cr.fetchall():
            if user_id == self.env.uid:
                visible.add(activity_id)
            else:
                by_model.setdefault(res_model, {}).setdefault(res_id, []).append(activity_id)
        for res_model, activities_by_doc in by_model.items():
            if res_model not in self.env:
                continue
            Document = self.env[res_model].with_context(active_test=False)
            if not Document.check_access_rights("read", raise_exception=False):
                continue
            readable = Document.search([("id", "in", list(activities_by_doc))]).ids
            for res_id in readable:
                visible.update(activities_by_doc[res_id])
        return visible

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if self.env.uid == SUPERUSER_ID:
            return super()._search(args, offset=offset, limit=limit, order=order, count=count,
                                   access_rights_uid=access_rights_uid)
        ids = super()._search(args, offset=0, limit=None, order=order, count=False,
                              access_rights_uid=access_rights_uid)
        visible = self._presales_visible_ids(ids)
        ids = [activity_id for activity_id in ids if activity_id in visible]
        if count:
            return len(ids)
        return ids[offset:offset + limit] if limit else ids[offset:]

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        # the visibility above lives in _search, which read_group skips (see searchable_domain)
        return super().read_group(searchable_domain(self, domain), fields, groupby, offset=offset,
                                  limit=limit, orderby=orderby, lazy=lazy)

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        if self.env.uid != SUPERUSER_ID:
            hidden = set(self.ids) - self._presales_visible_ids(self.ids)
            if hidden:
                raise AccessError(_(
                    "Activity %s: you may read only the activities assigned to you or of "
                    "documents you may read.") % min(hidden))
        return super().read(fields=fields, load=load)
