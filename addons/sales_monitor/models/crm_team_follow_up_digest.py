import logging

from odoo import api, fields, models

from odoo.addons.automotive_presales.models.crm_team import PRIVATE_MAIL

_logger = logging.getLogger(__name__)


class CrmTeam(models.Model):
    """The follow-up digest: each branch manager hears who in the branch is behind on
    follow-up, the director hears it for every branch, from the follow-up discipline report
    itself (sales_monitor.activity.report) read with the recipient's own rights."""

    _inherit = "crm.team"

    @api.model
    def _sales_monitor_overdue_rows(self, reader, domain=None):
        """Per branch and salesperson the reader may see: overdue activities and the most days late."""
        Report = self.env["sales_monitor.activity.report"].sudo(reader)
        groups = Report.read_group(
            list(domain or []) + [("is_overdue", "=", True)], ["activity_count", "days_late", "team_id", "user_id"],
            ["team_id", "user_id"], lazy=False)
        rows = [{
            "branch": group["team_id"][1] if group["team_id"] else "",
            "name": group["user_id"][1] if group["user_id"] else "",
            "count": group["activity_count"],
            "days_late": group["days_late"],
        } for group in groups]
        return sorted(rows, key=lambda row: (row["branch"], -row["days_late"], row["name"]))

    @api.model
    def _sales_monitor_digest_recipients(self):
        """[(user, domain)]: each branch manager for their branch, each director for everything."""
        recipients = []
        for team in self.sudo().search([("user_id", "!=", False)]):
            recipients.append((team.user_id, [("team_id", "=", team.id)]))
        directors = self.env.ref("automotive_presales.group_sales_director").sudo().users
        for director in directors.filtered(lambda user: user.active and not user.share and user.email):
            recipients.append((director, []))
        return recipients

    @api.model
    def _cron_sales_monitor_follow_up_digest(self):
        """Mail the follow-up digest; returns the mails queued (one per recipient with rows)."""
        template = self.env.ref("sales_monitor.mail_template_follow_up_digest")
        today = fields.Date.context_today(self)
        mails = self.env["mail.mail"].sudo()
        for user, domain in self._sales_monitor_digest_recipients():
            rows = self._sales_monitor_overdue_rows(user, domain)
            if not rows:
                continue
            # a mail to the recipient, not a message on their user (which every employee reads)
            mail_id = template.with_context(digest_rows=rows, digest_today=today, lang=user.lang).send_mail(
                user.id, email_values=PRIVATE_MAIL)
            mails |= mails.browse(mail_id)
            _logger.info("Follow-up digest mailed to %s (%d rows)", user.login, len(rows))
        return mails
