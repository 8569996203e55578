"""Sentences the lib modules say, for the ORM layer to show in the reader's language.

A lib module marks its sentence with `_` (Odoo's term extraction reads `_("...")`) and hands it on
with its arguments as a Message, never as finished text: the words are translated and the amounts
formatted (decimal comma, thousands separator) only where it is read, in the reader's language.
`str()` gives the English sentence with amounts as '34,495.00', for logs and tests.
"""
import collections
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def _(text):
    """Marks a sentence for Odoo's term extraction; the ORM layer translates it."""
    return text


def english_amount(amount):
    """'34,495.00': a thousands separator and two decimals."""
    return "{:,.2f}".format(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP))


def same(text):
    return text


class Message(collections.namedtuple("Message", "template args")):
    """A sentence (`template`, marked with `_`) and its arguments: Decimals are amounts, Messages
    are sentences of their own, anything else is shown as it is."""

    def render(self, translate=same, amount=english_amount):
        """The sentence in the reader's words (`translate`: template -> its translation) with the
        amounts in the reader's format (`amount`: Decimal -> text)."""
        values = tuple(
            value.render(translate, amount) if isinstance(value, Message)
            else amount(value) if isinstance(value, Decimal) else value
            for value in self.args)
        text = translate(self.template)
        return text % values if values else text

    def __str__(self):
        return self.render()

    def to_json(self):
        """The message as JSON-able data, for a stored field that is read in several languages."""
        return [self.template, [
            {"message": value.to_json()} if isinstance(value, Message)
            else {"amount": str(value)} if isinstance(value, Decimal) else value
            for value in self.args]]

    @classmethod
    def from_json(cls, data):
        template, args = data
        return cls(template, tuple(
            cls.from_json(value["message"]) if isinstance(value, dict) and "message" in value
            else Decimal(value["amount"]) if isinstance(value, dict) else value
            for value in args))


def say(template, *args):
    return Message(template, args)


class MessageError(ValueError):
    """An error whose text is a Message (`message`), shown in the reader's language."""

    def __init__(self, template, *args):
        self.message = Message(template, args)
        super().__init__(str(self.message))
