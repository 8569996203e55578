import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    """The person's rights: the access export (PDF for the person, JSON for machines) and the
    erasure. Both are the Sales Director's, and both are logged."""

    _inherit = "res.partner"

    @api.multi
    def privacy_export_json(self):
        """Everything held about this person: {model name: [record as dict]}, JSON-serialisable."""
        self.ensure_one()
        self._privacy_check_director(_("Access export of %s") % self.display_name)
        data = self.env["dealer.privacy.registry"]._export(self)
        self._privacy_log("export", _("Access export: %s records in %s models") % (
            sum(len(rows) for rows in data.values()), len(data)))
        # dates and datetimes are strings already (Odoo 11 reads them so); this proves it serialises
        json.dumps(data)
        return data

    @api.multi
    def privacy_anonymise(self, reason):
        """Erase this person's data in every model, keep the statistics; what the law keeps
        (invoices within the retention period) stays until then. Returns what was done, in words."""
        self.ensure_one()
        self._privacy_check_director(_("Erasure of %s") % self.display_name)
        if not (reason or "").strip():
            raise UserError(_("Erasure of %s: field Reason is required (the request, its date, its channel).")
                            % self.display_name)
        if self.privacy_anonymised_at and not self.privacy_erase_after:
            raise UserError(_("Erasure of %s: this person was erased on %s already.")
                            % (self.display_name, self.privacy_anonymised_at))
        if self.env["res.users"].sudo().with_context(active_test=False).search_count([("partner_id", "=", self.id)]):
            raise UserError(_("Erasure of %s: this is a user's own contact; archive the user instead.")
                            % self.display_name)
        kept_until, counts = self.env["dealer.privacy.registry"]._erase(self, reason)
        summary = _("Erased %(records)s records in %(models)s models.") % {
            "records": sum(counts.values()), "models": len(counts)}
        if kept_until:
            summary += " " + _("Refused in part: invoices and orders are kept by law until %s (seven years after "
                               "the end of their year), with the name and address they need; the rest is erased, "
                               "and the retention cron completes the erasure after that date.") % kept_until
        self._privacy_log("erasure_limited" if kept_until else "erasure", "%s\n%s" % (reason, summary))
        return summary

    @api.multi
    def _privacy_complete_erasure(self):
        """The retention cron: erase what the law kept, once its period ended."""
        for partner in self:
            self.env.cr.execute("UPDATE res_partner SET privacy_erase_after = NULL WHERE id = %s", (partner.id,))
            partner.invalidate_cache(ids=partner.ids)
            counts = self.env["dealer.privacy.registry"]._erase(partner, "retention")[1]
            partner._privacy_log("retention", _("The retention period of the invoices ended: erasure completed "
                                                "(%s records).") % sum(counts.values()))

    # ---- buttons ----

    @api.multi
    def action_privacy_export_pdf(self):
        self.ensure_one()
        self._privacy_check_director(_("Access export of %s") % self.display_name)
        return self.env.ref("dealer_privacy.action_report_privacy_export").report_action(self)

    @api.multi
    def action_privacy_export_json(self):
        self.ensure_one()
        self._privacy_check_director(_("Access export of %s") % self.display_name)
        return {"type": "ir.actions.act_url", "target": "self",
                "url": "/dealer_privacy/export/%d.json" % self.id}

    @api.multi
    def action_privacy_erase(self):
        self.ensure_one()
        self._privacy_check_director(_("Erasure of %s") % self.display_name)
        return {"type": "ir.actions.act_window", "res_model": "dealer.privacy.erase.wizard", "view_mode": "form",
                "target": "new", "name": _("Erase %s") % self.display_name,
                "context": {"default_partner_id": self.id}}

    @api.multi
    def action_privacy_record_consent(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "dealer.consent", "view_mode": "form",
                "views": [(self.env.ref("dealer_privacy.dealer_consent_view_form_record").id, "form")],
                "target": "new", "name": _("Record a statement of %s") % self.display_name,
                "context": {"default_partner_id": self.id, "default_source": "in_person",
                            "default_given_at": fields.Datetime.now()}}
