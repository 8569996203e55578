"""Who may give which discount on an offer, and who approves a larger one.

A discount is weighed as a percentage of the price of the car and its options excluding VAT (the
part the dealer earns on; BPM and road-ready costs are not the dealer's to give away). Each role
has a limit (Settings): a salesperson up to theirs, a branch manager up to theirs; above a
salesperson's limit the branch manager approves, above the branch manager's the sales director.
The director has no limit.
"""
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

SALESPERSON = "salesperson"
BRANCH_MANAGER = "branch_manager"
SALES_DIRECTOR = "sales_director"
ROLES = (SALESPERSON, BRANCH_MANAGER, SALES_DIRECTOR)
DEFAULT_LIMITS = {SALESPERSON: Decimal("3"), BRANCH_MANAGER: Decimal("8")}
HUNDREDTH = Decimal("0.01")


class LimitError(ValueError):
    """Discount limits that cannot be right."""


def _decimal(value):
    if value is None or value is False:
        return Decimal(0)
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value)


def discount_percent(discount, gross):
    """The discount as a percentage of the gross price (excl. VAT), to a hundredth of a percent."""
    gross = _decimal(gross)
    if gross <= 0:
        return Decimal("0.00")
    return (_decimal(discount) * 100 / gross).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def check_limits(salesperson_limit, manager_limit):
    """The limits as Decimals; refuses a salesperson's limit above the manager's, or one outside 0-100 %."""
    limits = {SALESPERSON: _decimal(salesperson_limit), BRANCH_MANAGER: _decimal(manager_limit)}
    for role, limit in limits.items():
        if not 0 <= limit <= 100:
            raise LimitError("the discount limit of a %s must lie between 0 and 100 %%, not %s %%"
                             % (role.replace("_", " "), limit))
    if limits[SALESPERSON] > limits[BRANCH_MANAGER]:
        raise LimitError("a salesperson's discount limit (%s %%) cannot exceed a branch manager's (%s %%)"
                         % (limits[SALESPERSON], limits[BRANCH_MANAGER]))
    return limits


def approver(percent, role, limits):
    """Who must approve this discount given by someone of this role: None (within their own limit),
    BRANCH_MANAGER or SALES_DIRECTOR."""
    percent = _decimal(percent)
    if role == SALES_DIRECTOR:
        return None
    if percent <= limits[role]:
        return None
    if role == SALESPERSON and percent <= limits[BRANCH_MANAGER]:
        return BRANCH_MANAGER
    return SALES_DIRECTOR


def is_approved(percent, approved_percent):
    """A discount approved up to approved_percent stays approved while it does not grow beyond it."""
    return approved_percent is not None and _decimal(percent) <= _decimal(approved_percent)


def discount_at_most(gross, max_percent):
    """The largest discount to the cent that stays within max_percent of the gross price (rounded down)."""
    return (_decimal(gross) * _decimal(max_percent) / 100).quantize(HUNDREDTH, rounding=ROUND_DOWN)
