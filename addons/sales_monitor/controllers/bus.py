import re

from odoo.http import request

from odoo.addons.mail.controllers.bus import MailChatController

# web_notify's personal channels; Odoo 11's bus lets a client name any string channel
PERSONAL = re.compile(r"^notify_(info|warning)_(\d+)$")


class SalesMonitorBusController(MailChatController):
    """A user polls only their own web_notify channels: the reminders about sales ups (speed to
    lead, a new sales up given to them) name customers that colleagues may not see."""

    def _poll(self, dbname, channels, last, options):
        uid = request.session.uid
        kept = [channel for channel in channels
                if not (isinstance(channel, str) and PERSONAL.match(channel)
                        and int(PERSONAL.match(channel).group(2)) != uid)]
        return super()._poll(dbname, kept, last, options)
