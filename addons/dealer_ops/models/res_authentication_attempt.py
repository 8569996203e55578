from odoo import api, models


class ResAuthenticationAttempt(models.Model):
    """OCA auth_brute_force's ledger of login attempts (who tried which login from where)."""

    _inherit = "res.authentication.attempt"

    @api.multi
    @api.depends("remote")
    def _compute_metadata(self):
        """auth_brute_force sends every attempt's IP address to a geolocation service on the internet
        (ip-api.com) when an administrator opens it: our staff's and customers' addresses do not
        leave the CRM, the field stays empty."""
        for attempt in self:
            attempt.remote_metadata = False

    @api.model
    def _trusted(self, remote, login):
        """auth_brute_force counts a user's failed attempts with the user's own rights while they log
        in, and so lets every user read every attempt (logins tried, IP addresses). The count runs
        as superuser; reading the ledger is the administrators' (security/ir.model.access.xml)."""
        return super(ResAuthenticationAttempt, self.sudo())._trusted(remote, login)
