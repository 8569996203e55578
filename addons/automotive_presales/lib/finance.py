"""Finance quotes for a vehicle: what the customer pays per month for cash, a loan or a lease.

A loan or lease is an annuity paid monthly in arrears on the financed amount (price minus down
payment); a balloon (loan) or residual value (lease) stays owed and is paid once at the end.
"""

KINDS = (
    ("cash", "Cash"),
    ("loan", "Loan"),
    ("lease", "Lease"),
)
FINANCED_KINDS = ("loan", "lease")


def financed_amount(price, down_payment):
    """What is borrowed: the vehicle price less the down payment (a cash deal borrows nothing)."""
    return round((price or 0.0) - (down_payment or 0.0), 2)


def monthly_payment(kind, price, down_payment, term_months, annual_rate, balloon=0.0):
    """The monthly instalment, rounded to the cent; 0.0 for cash.

    With a monthly rate r over n months, principal P and balloon B due with the last payment:
    payment = (P - B / (1 + r)^n) * r / (1 - (1 + r)^-n), and (P - B) / n when r is 0.
    """
    if kind not in FINANCED_KINDS:
        return 0.0
    errors = quote_errors(kind, price, down_payment, term_months, annual_rate, balloon)
    if errors:
        raise ValueError("; ".join(message for _field, message in errors))
    principal = financed_amount(price, down_payment)
    balloon = balloon or 0.0
    rate = annual_rate / 100.0 / 12.0
    if not rate:
        return round((principal - balloon) / term_months, 2)
    growth = (1.0 + rate) ** term_months
    payment = (principal - balloon / growth) * rate / (1.0 - 1.0 / growth)
    return round(payment, 2)


def total_payable(kind, price, down_payment, term_months, payment, balloon=0.0):
    """Everything the customer pays over the life of the quote: down payment, instalments, balloon."""
    if kind not in FINANCED_KINDS:
        return round(price or 0.0, 2)
    return round((down_payment or 0.0) + payment * term_months + (balloon or 0.0), 2)


def quote_errors(kind, price, down_payment, term_months, annual_rate, balloon=0.0):
    """What is wrong with a quote, as (field name, message) pairs; empty when it is sound."""
    errors = []
    price = price or 0.0
    down_payment = down_payment or 0.0
    balloon = balloon or 0.0
    if kind not in dict(KINDS):
        errors.append(("kind", "the kind must be one of %s, not %r"
                       % (", ".join(key for key, _label in KINDS), kind)))
        return errors
    if price < 0:
        errors.append(("vehicle_price", "the vehicle price cannot be negative (%.2f)" % price))
    if down_payment < 0:
        errors.append(("down_payment", "the down payment cannot be negative (%.2f)" % down_payment))
    if down_payment > price:
        errors.append(("down_payment", "the down payment (%.2f) cannot exceed the vehicle price (%.2f)"
                       % (down_payment, price)))
    if kind in FINANCED_KINDS:
        if not term_months or term_months <= 0:
            errors.append(("term_months", "a %s needs a term of at least one month" % kind))
        if annual_rate is None or annual_rate < 0:
            errors.append(("annual_rate", "the annual rate cannot be negative (%s %%)" % annual_rate))
        if balloon < 0:
            errors.append(("balloon_amount", "the balloon/residual value cannot be negative (%.2f)"
                           % balloon))
        elif balloon > financed_amount(price, down_payment) and down_payment <= price:
            errors.append(("balloon_amount", "the balloon/residual value (%.2f) cannot exceed the "
                           "financed amount (%.2f)" % (balloon, financed_amount(price, down_payment))))
    return errors
