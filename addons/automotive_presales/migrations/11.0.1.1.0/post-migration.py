"""The crons and the mail template became noupdate data: an update keeps what an administrator
changed in them (interval, active, wording). Existing databases get the flag here."""

NOUPDATE_NOW = ("ir_cron_presales_refresh_neglect", "mail_template_overdue_follow_ups")


def migrate(cr, version):
    cr.execute(
        "UPDATE ir_model_data SET noupdate = true WHERE module = 'automotive_presales' AND name IN %s",
        (NOUPDATE_NOW,))
