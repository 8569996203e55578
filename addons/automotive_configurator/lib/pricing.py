"""The price of a configured vehicle, to the cent, up to the price on the road ("rijklaarprijs").

Prices in the catalog exclude VAT and BPM. The order a configuration becomes has a vehicle line
(base price of the version plus engine, transmission, colour and upholstery), one line per priced
option or pack, and a discount line, all with VAT; then the BPM (no VAT: it is a tax of its own)
and one line per cost of making the car road-ready (registration, plates, delivery, fuel,
recycling fee), with VAT where the cost carries it. VAT is rounded per line, the way Odoo rounds
taxes by default (round per line), so the configuration, the offer and the invoice show the same
totals. The discount comes off the VAT base; BPM and road-ready costs are never discounted here.
"""
from decimal import ROUND_HALF_UP, Decimal

from .messages import Message, MessageError, _, english_amount, say, same

CENT = Decimal("0.01")
VEHICLE_PARTS = ("base", "engine", "transmission", "colour", "upholstery")


class PriceError(MessageError):
    """A price, discount or VAT rate that cannot be right."""


def money(value):
    """A Decimal rounded half up to the cent; floats go through their shortest repr (19.99, not 19.98999...)."""
    if value is None or value is False:
        value = 0
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def vat_of(amount, rate_percent):
    return (money(amount) * Decimal(str(rate_percent)) / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


class Breakdown:
    """The price lines of a configuration and their sums (all Decimal, rounded to the cent)."""

    def __init__(self, parts, options, discount, vat_rate, quantity=1, bpm=Decimal("0.00"), road_costs=()):
        self.parts = parts            # [(part, label, amount)] of the vehicle line
        self.options = options        # [(label, amount)] priced options and packs
        self.discount = discount      # a positive amount taken off
        self.vat_rate = Decimal(str(vat_rate))
        self.quantity = quantity
        self.bpm = bpm                # per car
        self.road_costs = road_costs  # [(label, amount excl. VAT, carries VAT)] per car

    @property
    def vehicle_price(self):
        return sum((amount for _part, _label, amount in self.parts), Decimal("0.00"))

    @property
    def options_price(self):
        return sum((amount for _label, amount in self.options), Decimal("0.00"))

    def lines(self):
        """[(label, unit price, quantity)] as the order lines will carry them."""
        result = [("vehicle", self.vehicle_price, self.quantity)]
        result += [(label, amount, self.quantity) for label, amount in self.options if amount]
        if self.discount:
            result.append(("discount", -self.discount, self.quantity))
        return result

    @property
    def untaxed(self):
        return sum((money(unit * quantity) for _label, unit, quantity in self.lines()), Decimal("0.00"))

    @property
    def tax(self):
        return sum((vat_of(unit * quantity, self.vat_rate) for _label, unit, quantity in self.lines()),
                   Decimal("0.00"))

    @property
    def total(self):
        """The car with its options, less the discount, with VAT: excluding BPM and road-ready costs."""
        return self.untaxed + self.tax

    @property
    def bpm_total(self):
        return money(self.bpm * self.quantity)

    def road_lines(self):
        """[(label, unit price excl. VAT, quantity, carries VAT)] as the order lines will carry them."""
        return [(label, amount, self.quantity, taxable) for label, amount, taxable in self.road_costs if amount]

    def road_cost_incl_vat(self, amount, taxable):
        """One road-ready cost for all the cars, with its VAT: what the customer reads on the offer."""
        line = money(amount * self.quantity)
        return line + (vat_of(line, self.vat_rate) if taxable else Decimal("0.00"))

    @property
    def road_untaxed(self):
        return sum((money(unit * quantity) for _label, unit, quantity, _taxable in self.road_lines()),
                   Decimal("0.00"))

    @property
    def road_tax(self):
        return sum((vat_of(unit * quantity, self.vat_rate) for _label, unit, quantity, taxable in self.road_lines()
                    if taxable), Decimal("0.00"))

    @property
    def road_total(self):
        return self.road_untaxed + self.road_tax

    @property
    def on_the_road(self):
        """The "rijklaarprijs": the car with VAT, its BPM and the road-ready costs with their VAT."""
        return self.total + self.bpm_total + self.road_total

    def rows(self):
        """The breakdown as the form and the offer show it: [(label Message, amount, is money)]."""
        rows = [(say("%s", label), amount, True) for _part, label, amount in self.parts]
        rows += [(say("%s", label), amount, True) for label, amount in self.options]
        if self.discount:
            rows.append((say(_("Discount")), -self.discount, True))
        if self.quantity != 1:
            rows.append((say(_("Quantity")), self.quantity, False))
        rows += [(say(_("Total excl. VAT")), self.untaxed, True),
                 (say(_("VAT %s %%"), _plain(self.vat_rate)), self.tax, True),
                 (say(_("Total incl. VAT")), self.total, True),
                 (say(_("BPM")), self.bpm_total, True)]
        rows += [(say("%s", label) if taxable else say(_("%s (no VAT)"), label),
                  self.road_cost_incl_vat(amount, taxable), True)
                 for label, amount, _quantity, taxable in self.road_lines()]
        rows.append((say(_("Price on the road")), self.on_the_road, True))
        return rows

    def describe(self, currency="EUR", translate=same, amount=None):
        """The breakdown as text lines (English and 'EUR 34,495.00' unless told otherwise)."""
        return describe_rows(self.rows(), translate, amount or (
            lambda value: "%s %s" % (currency, english_amount(value))))


def describe_rows(rows, translate=same, amount=english_amount):
    """Text lines of Breakdown.rows(): the labels in the reader's words (`translate`), the amounts in
    the reader's format (`amount`: Decimal -> text); a quantity is a whole number."""
    return ["%s: %s" % (label.render(translate, amount), amount(value) if is_money else "%d" % value)
            for label, value, is_money in rows]


def rows_to_data(rows):
    """Breakdown.rows() as JSON-able data, for the configuration to keep the breakdown it was priced
    with and show it in each reader's language."""
    return [[label.to_json(), str(value), is_money] for label, value, is_money in rows]


def rows_from_data(data):
    return [(Message.from_json(label), Decimal(value), is_money) for label, value, is_money in data]


def _plain(rate):
    return format(rate.normalize(), "f")


format_amount = english_amount


def breakdown(parts, options, discount=0, vat_rate=0, quantity=1, bpm=0, road_costs=()):
    """Check and round the figures of a configuration into a Breakdown.

    parts: {part: (label, price)} for the vehicle parts in VEHICLE_PARTS (missing parts count 0);
    options: [(label, price)] of the chosen options and packs that are charged (items included
    in a chosen pack are left out by the caller, see options.Catalog.included_by_packs);
    bpm: the BPM of one car (lib/bpm.py); road_costs: [(label, price excl. VAT, carries VAT)] per car.
    """
    rows = []
    for part in VEHICLE_PARTS:
        if part not in parts:
            continue
        label, price = parts[part]
        amount = money(price)
        if amount < 0:
            raise PriceError(_("%s: the price cannot be negative (%s)"), label, amount)
        rows.append((part, label, amount))
    priced = []
    for label, price in options:
        amount = money(price)
        if amount < 0:
            raise PriceError(_("%s: the price cannot be negative (%s)"), label, amount)
        priced.append((label, amount))
    discount = money(discount)
    if discount < 0:
        raise PriceError(_("the discount cannot be negative (%s)"), discount)
    rate = Decimal(str(vat_rate or 0))
    if rate < 0 or rate > 100:
        raise PriceError(_("the VAT rate must lie between 0 and 100 %%, not %s"), _plain(rate))
    if not isinstance(quantity, int) or quantity < 1:
        raise PriceError(_("the quantity must be a whole number of at least 1, not %s"), repr(quantity))
    bpm = money(bpm)
    if bpm < 0:
        raise PriceError(_("the BPM cannot be negative (%s)"), bpm)
    costs = []
    for label, price, taxable in road_costs:
        amount = money(price)
        if amount < 0:
            raise PriceError(_("%s: the price cannot be negative (%s)"), label, amount)
        costs.append((label, amount, bool(taxable)))
    result = Breakdown(rows, priced, discount, rate, quantity, bpm, costs)
    gross = result.vehicle_price + result.options_price
    if discount > gross:
        raise PriceError(_("the discount (%s) cannot exceed the price of the vehicle and its options (%s)"),
                         discount, gross)
    return result
