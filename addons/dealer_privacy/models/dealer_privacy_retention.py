from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import retention

PROSPECT_YEARS_PARAM = "dealer_privacy.prospect_years"
REVIEW_DAYS_PARAM = "dealer_privacy.review_days"


class DealerPrivacyRetention(models.Model):
    """A prospect without activity for the retention period, listed for the director before the
    retention cron anonymises them: the director keeps (with a reason) or lets go; a candidate
    with new activity meanwhile drops off the list."""

    _name = "dealer.privacy.retention"
    _description = "Retention review"
    _order = "erase_on, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", "Prospect", required=True, index=True, ondelete="cascade")
    last_activity = fields.Date(readonly=True, help="The prospect's last sales up, contact moment or order.")
    found_on = fields.Date(readonly=True, default=fields.Date.context_today)
    erase_on = fields.Date("Anonymised on", readonly=True,
                           help="The retention cron anonymises the prospect from this day, unless kept.")
    state = fields.Selection([("review", "To review"), ("kept", "Kept"), ("approved", "Approved"),
                              ("done", "Anonymised"), ("dropped", "Active again")],
                             default="review", required=True, index=True)
    keep_reason = fields.Char("Why kept")

    _sql_constraints = [("partner_uniq", "unique(partner_id)", "A prospect is on the retention list once.")]

    @api.multi
    def action_keep(self):
        for candidate in self:
            if not (candidate.keep_reason or "").strip():
                raise UserError(_("Retention review of %s: field Why kept is required to keep a prospect.")
                                % candidate.partner_id.display_name)
        self.write({"state": "kept"})

    @api.multi
    def action_approve(self):
        self.filtered(lambda candidate: candidate.state == "review").write({"state": "approved"})

    # ---- the cron ----

    @api.model
    def _params(self):
        Parameter = self.env["ir.config_parameter"].sudo()
        years = int(Parameter.get_param(PROSPECT_YEARS_PARAM, retention.DEFAULT_PROSPECT_YEARS))
        days = int(Parameter.get_param(REVIEW_DAYS_PARAM, retention.DEFAULT_REVIEW_DAYS))
        return years, days

    @api.model
    def _last_activities(self, partner_ids=None):
        """{partner id: date of last activity} of prospects: the latest sales up, moment or order."""
        # what the person or we did: not write_date, which every recompute of a stored field moves
        self.env.cr.execute("""
            SELECT p.id, greatest(
                       p.create_date,
                       (SELECT max(greatest(l.create_date, l.lead_date, l.date_closed))
                          FROM crm_lead l WHERE l.partner_id = p.id),
                       (SELECT max(m.occurred_at) FROM presales_contact_moment m WHERE m.partner_id = p.id),
                       (SELECT max(o.date_order) FROM sale_order o WHERE o.partner_id = p.id),
                       (SELECT max(c.given_at) FROM dealer_consent c WHERE c.partner_id = p.id))::date
              FROM res_partner p
             WHERE p.customer AND NOT p.is_company AND p.presales_customer_state = 'prospect'
               AND p.privacy_anonymised_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
               AND (%s::int[] IS NULL OR p.id = ANY(%s::int[]))""", (partner_ids, partner_ids))
        return dict(self.env.cr.fetchall())

    @api.model
    def _cron_retention(self):
        """List the prospects past the period, anonymise those whose review ended, complete the
        erasures the law delayed."""
        years, days = self._params()
        today = fields.Date.from_string(fields.Date.context_today(self))
        cutoff = retention.inactivity_cutoff(today, years)
        listed = {candidate.partner_id.id: candidate for candidate in self.search([])}
        for partner_id, last in self._last_activities().items():
            last = fields.Date.from_string(last) if isinstance(last, str) else last
            if last < cutoff and partner_id not in listed:
                self.create({"partner_id": partner_id, "last_activity": last, "found_on": today,
                             "erase_on": retention.review_ends(today, days)})
        due = self.search([("state", "in", ("review", "approved")), ("erase_on", "<=", fields.Date.to_string(today))])
        due |= self.search([("state", "=", "approved")])
        activities = self._last_activities(due.mapped("partner_id").ids) if due else {}
        for candidate in due:
            last = activities.get(candidate.partner_id.id)
            if last is None or (fields.Date.from_string(last) if isinstance(last, str) else last) >= cutoff:
                # bought meanwhile, active again, or erased by hand
                candidate.state = "dropped"
                continue
            candidate.partner_id.with_context(dealer_privacy_retention=True)._privacy_retention_erase(years)
            candidate.state = "done"
        Partner = self.env["res.partner"].sudo()
        for partner in Partner.search([("privacy_erase_after", "!=", False),
                                       ("privacy_erase_after", "<=", fields.Date.to_string(today))]):
            partner._privacy_complete_erasure()


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.multi
    def _privacy_retention_erase(self, years):
        self.ensure_one()
        counts = self.env["dealer.privacy.registry"]._erase(self.sudo(), "retention")[1]
        self._privacy_log("retention", _("No activity for %(years)s years: anonymised by the retention cron "
                                         "(%(records)s records).") % {"years": years, "records": sum(counts.values())})
