from odoo import SUPERUSER_ID, api, models


class MailActivity(models.Model):
    """Activities follow the visibility of their document.

    Odoo 11 checks the document only on create/write/unlink: any employee could search and read
    every activity, with the name of a colleague's customer in it. Here a user finds and reads
    the activities of documents they may read, and those assigned to them on documents that carry
    no dealer data (as Odoo 12+ does);
    the restricted-read mixin keeps search, read, read_group, write and unlink to those rows.
    """

    _name = "mail.activity"
    _inherit = ["mail.activity", "presales.restricted.read.mixin"]

    @api.model
    def _presales_visible_ids(self, ids):
        if not ids:
            return set()
        # the model through res_model_id: res_model is a stored related field that Odoo fills
        # after the insert, and the calendar reads the activity it creates before that
        self.env.cr.execute(
            "SELECT activity.id, model.model, activity.res_id, activity.user_id FROM mail_activity activity "
            "JOIN ir_model model ON model.id = activity.res_model_id WHERE activity.id IN %s",
            (tuple(ids),))
        rows = self.env.cr.fetchall()
        # after the fetch: a cold cache runs its own query on the same cursor
        dealer_documents = self.env["ir.rule"]._presales_dealer_documents()
        visible, by_model = set(), {}
        for activity_id, res_model, res_id, user_id in rows:
            # one's own to-do on a document that carries dealer data is seen with the document: a
            # salesperson whose sales up was given to a colleague sees nothing of it any more
            if user_id == self.env.uid and res_model not in dealer_documents:
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

    # Odoo 11 creates and writes activities as superuser once it has checked the document, so the
    # `base` link guard (base_link_guard.py) would see the superuser: it is applied here, as the user.

    @api.model
    def create(self, values):
        if self.env.uid != SUPERUSER_ID:
            values = self._presales_clean_links(values)
            self._presales_check_links(values)
        return super().create(values)

    @api.multi
    def write(self, values):
        if self.env.uid == SUPERUSER_ID:
            return super().write(values)
        values = self._presales_clean_links(values)
        self._presales_check_links(values, records=self)
        result = super().write(values)
        self._presales_check_document(values, creating=False)
        return result
