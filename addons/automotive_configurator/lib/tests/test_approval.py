from decimal import Decimal

import pytest

from ..approval import (BRANCH_MANAGER, SALES_DIRECTOR, SALESPERSON, LimitError, approver, check_limits,
                        discount_at_most, discount_percent, is_approved)

LIMITS = check_limits(3, 8)


def test_discount_percent_of_the_price_excluding_vat():
    # 1,500 off 43,320 (the demo Golf Style with options) is 3.4626... %
    assert discount_percent(1500, 43320) == Decimal("3.46")
    assert discount_percent(0, 43320) == Decimal("0.00")
    assert discount_percent(100, 0) == Decimal("0.00")


@pytest.mark.parametrize("percent, role, expected", [
    ("3", SALESPERSON, None),                 # on the limit: allowed
    ("3.01", SALESPERSON, BRANCH_MANAGER),
    ("8", SALESPERSON, BRANCH_MANAGER),
    ("8.01", SALESPERSON, SALES_DIRECTOR),
    ("8", BRANCH_MANAGER, None),
    ("12", BRANCH_MANAGER, SALES_DIRECTOR),
    ("40", SALES_DIRECTOR, None),
])
def test_who_approves(percent, role, expected):
    assert approver(percent, role, LIMITS) == expected


def test_an_approval_holds_until_the_discount_grows():
    assert is_approved("6.5", "6.5")
    assert is_approved("5", "6.5")
    assert not is_approved("6.51", "6.5")
    assert not is_approved("1", None)


@pytest.mark.parametrize("salesperson, manager, message", [
    (9, 8, "cannot exceed"),
    (-1, 8, "between 0 and 100"),
    (3, 101, "between 0 and 100"),
])
def test_limits_that_cannot_be(salesperson, manager, message):
    with pytest.raises(LimitError) as error:
        check_limits(salesperson, manager)
    assert message in str(error.value)


def test_a_counter_never_exceeds_what_was_approved():
    # 5 % of 43,320 is exactly 2,166.00; 4.99 % of 41,240 is 2,057.876 -> 2,057.87, not 2,057.88
    assert discount_at_most(43320, 5) == Decimal("2166.00")
    assert discount_at_most(41240, "4.99") == Decimal("2057.87")
    assert discount_percent(discount_at_most(41240, "4.99"), 41240) <= Decimal("4.99")
