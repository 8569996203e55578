"""Finance for a vehicle: what the customer pays per month for cash, a loan or a lease.

A loan or lease is an annuity paid monthly in arrears on the financed amount (price minus down
payment); a balloon (loan) or residual value (lease) stays owed and is paid once at the end.
`annuity` is the one place that formula lives: the finance quotes of a sales up and the payment
grid of an offer (financial and private lease side by side) both go through it, in Decimals
rounded half up to the cent.
"""
from decimal import ROUND_HALF_UP, Decimal

from .messages import MessageError, _, say

CENT = Decimal("0.01")

KINDS = (
    ("cash", "Cash"),
    ("loan", "Loan"),
    ("lease", "Lease"),
)
FINANCED_KINDS = ("loan", "lease")


def financed_amount(price, down_payment):
    """What is borrowed: the vehicle price less the down payment (a cash deal borrows nothing)."""
    return round((price or 0.0) - (down_payment or 0.0), 2)


def decimal(value):
    """A Decimal of an amount or a rate; floats through their shortest repr (5.9, not 5.900000000000000355)."""
    if value is None or value is False:
        return Decimal(0)
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value)


def cents(value):
    return decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def annuity(principal, annual_rate, term_months, balloon=0):
    """The monthly instalment, paid in arrears, that pays the principal off down to the balloon.

    With a monthly rate r (the annual rate / 12) over n months, principal P and balloon B due with
    the last payment: payment = (P - B / (1 + r)^n) * r / (1 - (1 + r)^-n), and (P - B) / n when
    r is 0. Decimal throughout, rounded half up to the cent once at the end.
    """
    principal, balloon = decimal(principal), decimal(balloon)
    months = int(term_months)
    if months < 1:
        raise ValueError("the term must be at least one month, not %s" % term_months)
    rate = decimal(annual_rate) / Decimal(1200)
    if not rate:
        return cents((principal - balloon) / months)
    growth = (1 + rate) ** months
    return cents((principal - balloon / growth) * rate / (1 - 1 / growth))


def monthly_payment(kind, price, down_payment, term_months, annual_rate, balloon=0.0):
    """The monthly instalment of a quote, rounded to the cent; 0.0 for cash."""
    if kind not in FINANCED_KINDS:
        return 0.0
    errors = quote_errors(kind, price, down_payment, term_months, annual_rate, balloon)
    if errors:
        raise ValueError("; ".join(str(message) for _field, message in errors))
    return float(annuity(financed_amount(price, down_payment), annual_rate, term_months, balloon or 0.0))


def total_payable(kind, price, down_payment, term_months, payment, balloon=0.0):
    """Everything the customer pays over the life of the quote: down payment, instalments, balloon."""
    if kind not in FINANCED_KINDS:
        return round(price or 0.0, 2)
    return round((down_payment or 0.0) + payment * term_months + (balloon or 0.0), 2)


def quote_errors(kind, price, down_payment, term_months, annual_rate, balloon=0.0):
    """What is wrong with a quote, as (field name, Message) pairs; empty when it is sound."""
    errors = []
    price = price or 0.0
    down_payment = down_payment or 0.0
    balloon = balloon or 0.0
    if kind not in dict(KINDS):
        errors.append(("kind", say(_("the kind must be one of %s, not %s"),
                                   ", ".join(key for key, _label in KINDS), repr(kind))))
        return errors
    if price < 0:
        errors.append(("vehicle_price", say(_("the vehicle price cannot be negative (%s)"), cents(price))))
    if down_payment < 0:
        errors.append(("down_payment", say(_("the down payment cannot be negative (%s)"), cents(down_payment))))
    if down_payment > price:
        errors.append(("down_payment", say(_("the down payment (%s) cannot exceed the vehicle price (%s)"),
                                           cents(down_payment), cents(price))))
    if kind in FINANCED_KINDS:
        if not term_months or term_months <= 0:
            errors.append(("term_months", say(_("a loan or lease needs a term of at least one month"))))
        if annual_rate is None or annual_rate < 0:
            errors.append(("annual_rate", say(_("the annual rate cannot be negative (%s %%)"), annual_rate)))
        if balloon < 0:
            errors.append(("balloon_amount", say(_("the balloon/residual value cannot be negative (%s)"),
                                                 cents(balloon))))
        elif balloon > financed_amount(price, down_payment) and down_payment <= price:
            errors.append(("balloon_amount", say(_("the balloon/residual value (%s) cannot exceed the "
                                                   "financed amount (%s)"),
                                                 cents(balloon), cents(financed_amount(price, down_payment)))))
    return errors


# ---- the payment grid of an offer (desking) ----

GRID_KINDS = (
    ("cash", "Cash"),
    ("financial_lease", "Financial lease"),
    ("private_lease", "Private lease"),
)
GRID_TERMS = (24, 36, 48, 60, 72)
MIN_TERM, MAX_TERM = 12, 96


class GridError(MessageError):
    """Grid figures that cannot be right."""


def parse_terms(text):
    """'24, 36,48' -> [24, 36, 48]: the terms (months) a grid shows, sorted, each once."""
    terms = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not MIN_TERM <= int(part) <= MAX_TERM:
            raise GridError(_("a term is a number of months from %s to %s, not %s"), MIN_TERM, MAX_TERM,
                            repr(part))
        terms.add(int(part))
    if not terms:
        raise GridError(_("name at least one term in months, for instance %s"), ", ".join(map(str, GRID_TERMS)))
    return sorted(terms)


def grid_row(kind, price, trade_in=0, down_payment=0, term_months=0, annual_rate=0, residual_percent=0,
             service_fee=0):
    """One cell of the payment grid: what the customer pays for the car on the road this way.

    price: the price on the road; the trade-in and the down payment come off it first.
    cash: the rest is paid at delivery. financial lease: an annuity on the rest down to the final
    instalment (residual_percent of the price), which the customer pays at the end and owns the car.
    private lease: the same annuity down to the lessor's residual value (the car goes back), plus
    the monthly service fee (insurance, maintenance, road tax) of that term and mileage.
    Returns a dict of Decimals: financed, residual, monthly, total (everything the customer pays,
    the trade-in not counted).
    """
    if kind not in dict(GRID_KINDS):
        raise GridError(_("the kind must be one of %s, not %s"), ", ".join(key for key, _label in GRID_KINDS),
                        repr(kind))
    price, trade_in, down_payment = cents(price), cents(trade_in), cents(down_payment)
    for label, amount in ((_("the price cannot be negative (%s)"), price),
                          (_("the trade-in cannot be negative (%s)"), trade_in),
                          (_("the down payment cannot be negative (%s)"), down_payment)):
        if amount < 0:
            raise GridError(label, amount)
    rest = price - trade_in - down_payment
    if rest < 0:
        raise GridError(_("the trade-in and the down payment (%s) exceed the price (%s)"),
                        trade_in + down_payment, price)
    zero = Decimal("0.00")
    if kind == "cash":
        return {"financed": zero, "residual": zero, "monthly": zero, "total": down_payment + rest}
    if decimal(annual_rate) < 0 or decimal(residual_percent) < 0 or decimal(service_fee) < 0:
        raise GridError(_("rates, residual value and service fee cannot be negative"))
    residual = cents(price * decimal(residual_percent) / Decimal(100))
    if residual > rest:
        raise GridError(_("the residual value (%s) exceeds the amount financed (%s)"), residual, rest)
    monthly = annuity(rest, annual_rate, term_months, residual)
    if kind == "private_lease":
        monthly += cents(service_fee)
        total = down_payment + monthly * int(term_months)
    else:
        total = down_payment + monthly * int(term_months) + residual
    return {"financed": rest, "residual": residual, "monthly": monthly, "total": total}
