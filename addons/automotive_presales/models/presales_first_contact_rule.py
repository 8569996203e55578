from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import funnel


class PresalesFirstContactRule(models.Model):
    """Which contact moments stop the speed-to-lead clock: per kind, and per channel where a
    channel decides otherwise (an outbound call attempt counts, an automatic e-mail does not).
    A kind without a rule does not count. Changing the rules recomputes the sales ups' first
    response."""

    _name = "presales.first.contact.rule"
    _description = "First contact rule"
    _order = "kind_id, channel"

    kind_id = fields.Many2one("presales.moment.kind", "Moment kind", required=True, ondelete="cascade")
    channel = fields.Selection(funnel.CHANNELS, help="Empty: every channel of this kind.")
    counts = fields.Boolean("Counts as first contact", default=True)

    @api.constrains("kind_id", "channel")
    def _check_unique(self):
        for rule in self:
            if self.search_count([("kind_id", "=", rule.kind_id.id), ("channel", "=", rule.channel),
                                  ("id", "!=", rule.id)]):
                raise ValidationError(_("First contact rule %s: field Channel: there is already a rule for this "
                                        "kind and channel.") % rule.kind_id.name)

    @api.model
    def _rules(self):
        """{(kind code, channel or None): counts}, as lib/funnel.counts_as_first_contact reads them."""
        self.env.cr.execute("""
            SELECT kind.code, rule.channel, rule.counts FROM presales_first_contact_rule rule
              JOIN presales_moment_kind kind ON kind.id = rule.kind_id""")
        return {(kind, channel or None): bool(counts) for kind, channel, counts in self.env.cr.fetchall()}

    @api.model
    def create(self, vals):
        rule = super().create(vals)
        self._recompute_first_response()
        return rule

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        self._recompute_first_response()
        return result

    @api.multi
    def unlink(self):
        result = super().unlink()
        self._recompute_first_response()
        return result

    @api.model
    def _recompute_first_response(self):
        """The rules changed: every sales up's first response is measured again (rare: a setting)."""
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        leads = Lead.search([])
        self.env.add_todo(Lead._fields["first_response_minutes"], leads)
        Lead.recompute()
