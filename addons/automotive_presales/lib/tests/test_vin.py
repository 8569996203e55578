import pytest

from automotive_presales.lib import vin

REAL_VINS = (
    "1HGCM82633A004352",  # Honda Accord
    "1M8GDM9AXKP042788",  # Motor Coach Industries bus: check digit X
    "JH4KA7561PC008269",  # Acura Legend
    "11111111111111111",  # the textbook all-ones VIN
)


@pytest.mark.parametrize("value", REAL_VINS)
def test_real_vins_pass(value):
    assert vin.validate(value) == value


def test_check_digit_ten_is_written_x():
    assert vin.check_digit("1M8GDM9AXKP042788") == "X"


def test_blanks_and_lower_case_are_normalized():
    assert vin.validate(" 1hgcm82633 a004352 ") == "1HGCM82633A004352"


@pytest.mark.parametrize("value, length", [("1HGCM82633A00435", 16), ("1HGCM82633A0043521", 18), ("", 0)])
def test_wrong_length_is_refused(value, length):
    with pytest.raises(vin.InvalidVin) as error:
        vin.validate(value)
    assert "17 characters" in str(error.value)
    assert "has %d" % length in str(error.value)


@pytest.mark.parametrize("letter", ["I", "O", "Q"])
def test_letters_that_read_like_digits_are_refused(letter):
    value = "1HGCM82633A00435" + letter
    with pytest.raises(vin.InvalidVin) as error:
        vin.validate(value)
    assert "I, O or Q" in str(error.value)
    assert letter in str(error.value)


def test_punctuation_is_refused():
    with pytest.raises(vin.InvalidVin) as error:
        vin.validate("1HGCM82633A00435-")
    assert "'-'" in str(error.value)


def test_a_mistyped_character_breaks_the_check_digit():
    # last digit 2 -> 3 on the Honda: the check digit 3 no longer matches
    with pytest.raises(vin.InvalidVin) as error:
        vin.validate("1HGCM82633A004353")
    message = str(error.value)
    assert "check digit" in message
    assert "is 3" in message


def test_a_european_vin_without_check_digit_is_accepted():
    # European makers need not fill position 9: the check digit is a North American rule
    assert vin.validate("WVWZZZ1KZAW000001") == "WVWZZZ1KZAW000001"
    assert vin.validate("VF1RFB00X56789012") == "VF1RFB00X56789012"
    with pytest.raises(vin.InvalidVin):
        vin.validate("WVWZZZ1KZAW00000I")
