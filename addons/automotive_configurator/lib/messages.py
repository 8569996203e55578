"""automotive_presales's lib/messages.py, the one Message of every addon's lib modules: imported
as Odoo names it (odoo.addons...) when this module is, and by its plain name in the plain-Python
tests, so that a Message made here and one made there are of the same class."""
# pylint: disable=unused-import
if __name__.startswith("odoo.addons."):
    from odoo.addons.automotive_presales.lib.messages import (  # noqa: F401
        CENT, Message, MessageError, _, english_amount, same, say)
else:
    from automotive_presales.lib.messages import (  # noqa: F401
        CENT, Message, MessageError, _, english_amount, same, say)
