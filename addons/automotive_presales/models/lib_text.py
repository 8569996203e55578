"""lib/messages.py Messages in the reader's language: Odoo's translation of the sentence and the
amounts in the language's number format, the way `_()` and `formatLang` show the ORM's own."""
from odoo.tools.misc import formatLang

from ..lib.messages import same


def translator(env):
    """template -> its translation (Odoo's code terms) in the language Odoo's `_` would use: the
    context's, else the user's. For lib modules that take a `translate` function."""
    lang = env.lang or env.user.lang
    if not lang or lang == "en_US":
        return same
    translations = env["ir.translation"]
    return lambda text: translations._get_source(None, ("code",), lang, text) or text


def amount_format(env, currency=None):
    """Decimal -> '€ 34.495,00' in the environment's language (no symbol without a currency)."""
    return lambda value: formatLang(env, float(value), currency_obj=currency or False)


def render(env, message, currency=None):
    """A Message (or False) as text in the environment's language."""
    return message.render(translator(env), amount_format(env, currency)) if message else False
