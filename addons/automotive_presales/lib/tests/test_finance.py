from decimal import Decimal

import pytest

from automotive_presales.lib import finance


def test_textbook_loan_without_balloon():
    # 20 000 over 48 months at 5 % a year
    assert finance.monthly_payment("loan", 20000, 0, 48, 5.0) == pytest.approx(460.59, abs=0.01)


def test_down_payment_is_not_financed():
    with_down = finance.monthly_payment("loan", 25000, 5000, 48, 5.0)
    assert with_down == finance.monthly_payment("loan", 20000, 0, 48, 5.0)


def test_loan_with_balloon():
    # 30 000 over 36 months at 6 %, 10 000 due at the end; the spreadsheet's
    # PMT(0.5%, 36, -30000, 10000) = (30000 * 1.005^36 - 10000) * 0.005 / (1.005^36 - 1) = 658.44
    payment = finance.monthly_payment("loan", 30000, 0, 36, 6.0, balloon=10000)
    assert payment == pytest.approx(658.44, abs=0.01)
    # the balloon lowers the instalment by exactly the annuity on its present value
    assert payment < finance.monthly_payment("loan", 30000, 0, 36, 6.0)


def test_lease_pays_down_to_the_residual_value():
    lease = finance.monthly_payment("lease", 40000, 4000, 36, 3.9, balloon=20000)
    loan = finance.monthly_payment("loan", 40000, 4000, 36, 3.9)
    assert 0 < lease < loan


def test_zero_rate_divides_evenly():
    assert finance.monthly_payment("loan", 12000, 0, 24, 0.0) == 500.0
    assert finance.monthly_payment("lease", 12000, 2000, 20, 0.0, balloon=4000) == 300.0


def test_cash_has_no_monthly_payment():
    assert finance.monthly_payment("cash", 20000, 0, 0, 0.0) == 0.0
    assert finance.total_payable("cash", 20000, 0, 0, 0.0) == 20000.0


def test_total_payable_adds_down_payment_instalments_and_balloon():
    payment = finance.monthly_payment("loan", 30000, 3000, 36, 6.0, balloon=10000)
    total = finance.total_payable("loan", 30000, 3000, 36, payment, balloon=10000)
    assert total == pytest.approx(3000 + 36 * payment + 10000)
    assert total > 30000  # interest is paid


def test_a_sound_quote_has_no_errors():
    assert finance.quote_errors("loan", 20000, 2000, 48, 4.9, 5000) == []
    assert finance.quote_errors("cash", 20000, 0, 0, 0.0) == []


@pytest.mark.parametrize("args, field", [
    (("loan", 20000, 0, 0, 5.0), "term_months"),
    (("lease", 20000, 0, -12, 5.0), "term_months"),
    (("loan", 20000, 25000, 48, 5.0), "down_payment"),
    (("cash", 20000, 25000, 0, 0.0), "down_payment"),
    (("loan", 20000, 0, 48, -1.0), "annual_rate"),
    (("loan", 20000, 0, 48, 5.0, 25000), "balloon_amount"),
    (("loan", 20000, 0, 48, 5.0, -1), "balloon_amount"),
    (("loan", -5, 0, 48, 5.0), "vehicle_price"),
    (("barter", 20000, 0, 48, 5.0), "kind"),
])
def test_bad_quotes_name_the_field(args, field):
    errors = finance.quote_errors(*args)
    assert field in [name for name, _message in errors]


def test_an_unsound_quote_has_no_payment():
    with pytest.raises(ValueError) as error:
        finance.monthly_payment("loan", 20000, 0, 0, 5.0)
    assert "term" in str(error.value)


# ---- the annuity to the cent and the payment grid of an offer ----
# The expected instalments were worked out by hand from the formula with exact fractions
# (Python's fractions.Fraction, no float), then rounded half up to the cent.

@pytest.mark.parametrize("principal, rate, months, balloon, expected", [
    (20000, "5", 48, 0, "460.59"),         # 460.5858714...
    (30000, "6", 36, 10000, "658.44"),     # 658.4387490...
    (40000, "3.9", 36, 20000, "654.59"),   # 654.5904236...
    (36000, "6.9", 60, 0, "711.15"),       # 711.1458853...
    (46226, "7.9", 48, 12000, "912.95"),   # 912.9510353...
    (50000, "4.99", 72, 15000, "625.89"),  # 625.8853068...
    (47110, "5.49", 24, 23555, "1146.33"),  # 1146.3314951...
    (12000, "0", 24, 0, "500.00"),
])
def test_annuity_to_the_cent(principal, rate, months, balloon, expected):
    assert finance.annuity(principal, rate, months, balloon) == Decimal(expected)


def test_annuity_pays_the_loan_off_to_the_balloon():
    # month by month: interest on the balance, less the instalment; what is left is the balloon,
    # give or take the rounding of the instalment to the cent (at most half a cent a month, with interest)
    principal, rate, months, balloon = Decimal("46226"), Decimal("7.9"), 48, Decimal("12000")
    payment = finance.annuity(principal, rate, months, balloon)
    balance = principal
    for _month in range(months):
        balance = balance * (1 + rate / 1200) - payment
    assert abs(balance - balloon) < Decimal("0.005") * months * Decimal("1.2")


def test_floats_do_not_drift_into_the_annuity():
    assert finance.annuity(20000.0, 5.9, 48) == finance.annuity("20000", "5.9", 48)


def test_annuity_refuses_a_term_below_one_month():
    with pytest.raises(ValueError):
        finance.annuity(1000, 5, 0)


def test_grid_cash_is_the_price_less_trade_in():
    row = finance.grid_row("cash", "46226.00", trade_in="4800", down_payment="1000")
    assert row == {"financed": Decimal("0.00"), "residual": Decimal("0.00"), "monthly": Decimal("0.00"),
                   "total": Decimal("41426.00")}


def test_grid_financial_lease_pays_down_to_the_final_instalment():
    # 46,226 on the road, 4,226 trade-in and down payment together: 42,000 financed;
    # final instalment 20 % of 46,226 = 9,245.20; 48 months at 7.9 %
    row = finance.grid_row("financial_lease", "46226", trade_in="3226", down_payment="1000", term_months=48,
                           annual_rate="7.9", residual_percent="20")
    assert row["financed"] == Decimal("42000.00")
    assert row["residual"] == Decimal("9245.20")
    assert row["monthly"] == finance.annuity("42000", "7.9", 48, "9245.20") == Decimal("858.97")  # 858.9679957...
    assert row["total"] == Decimal("1000") + 48 * Decimal("858.97") + Decimal("9245.20")


def test_grid_private_lease_adds_the_service_fee_and_hands_the_car_back():
    row = finance.grid_row("private_lease", "46226", term_months=48, annual_rate="4.9", residual_percent="45",
                           service_fee="159")
    # annuity on 46,226 down to 20,801.70 at 4.9 % over 48 months, plus 159 a month
    assert row["monthly"] == finance.annuity("46226", "4.9", 48, "20801.70") + Decimal("159.00")
    assert row["monthly"] == Decimal("828.29")  # 669.2929474... + 159
    assert row["total"] == 48 * row["monthly"]


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "barter", "price": 1000}, "kind"),
    ({"kind": "cash", "price": 1000, "trade_in": 1500}, "exceed the price"),
    ({"kind": "cash", "price": -1}, "price cannot be negative"),
    ({"kind": "financial_lease", "price": 1000, "term_months": 36, "residual_percent": 120}, "residual value"),
    ({"kind": "private_lease", "price": 1000, "term_months": 36, "annual_rate": -1}, "cannot be negative"),
])
def test_grid_refuses_figures_that_cannot_be(kwargs, message):
    with pytest.raises(finance.GridError) as error:
        finance.grid_row(**kwargs)
    assert message in str(error.value)


def test_terms_are_parsed_sorted_and_once():
    assert finance.parse_terms("48, 24;36,48") == [24, 36, 48]
    for text in ("", "ten", "6", "240", "24,-12"):
        with pytest.raises(finance.GridError):
            finance.parse_terms(text)
