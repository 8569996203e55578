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
