"""Vehicle identification numbers (VIN) as ISO 3779 and the North American check digit define them.

A VIN has 17 characters from the digits and the capital letters except I, O and Q (they read like
1 and 0). Cars built for North America (the first character, the region of the maker, is 1 to 5)
carry a check digit in position 9, computed from the other sixteen: letters are transliterated
to numbers, each position is weighted, and the weighted sum modulo 11 is the digit ("X" for 10).
European and Asian makers need not fill position 9 that way, so their VINs are not checked on it.
"""
from .messages import MessageError, _


VIN_LENGTH = 17
ILLEGAL_LETTERS = "IOQ"

TRANSLITERATION = {
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8,
    "J": 1, "K": 2, "L": 3, "M": 4, "N": 5, "P": 7, "R": 9,
    "S": 2, "T": 3, "U": 4, "V": 5, "W": 6, "X": 7, "Y": 8, "Z": 9,
}
TRANSLITERATION.update({str(digit): digit for digit in range(10)})

WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
CHECK_DIGIT_POSITION = 8  # zero-based: the ninth character
# First characters (region of the world manufacturer identifier) whose VINs carry the check digit.
CHECK_DIGIT_REGIONS = "12345"


class InvalidVin(MessageError):
    """A VIN that cannot be right; the message says why, for the user."""


def normalize(vin):
    """The VIN as stored: surrounding and inner blanks removed, upper case."""
    return "".join((vin or "").split()).upper()


def check_digit(vin):
    """The check digit ("0"-"9" or "X") that a 17-character VIN must carry in position 9."""
    total = sum(TRANSLITERATION[char] * weight for char, weight in zip(vin, WEIGHTS))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def has_check_digit(vin):
    """Whether this (normalized) VIN must carry the North American check digit."""
    return bool(vin) and vin[0] in CHECK_DIGIT_REGIONS


def validate(vin):
    """Return the normalized VIN, or raise InvalidVin saying what is wrong with it."""
    value = normalize(vin)
    if len(value) != VIN_LENGTH:
        raise InvalidVin(_("a VIN has %s characters, %s has %s"), VIN_LENGTH, repr(value), len(value))
    illegal = sorted({char for char in value if char in ILLEGAL_LETTERS})
    if illegal:
        raise InvalidVin(_("a VIN never contains the letters I, O or Q; %s contains %s"), repr(value),
                         ", ".join(illegal))
    unknown = sorted({char for char in value if char not in TRANSLITERATION})
    if unknown:
        raise InvalidVin(_("a VIN has only digits and letters; %s contains %s"), repr(value),
                         " ".join(repr(char) for char in unknown))
    if not has_check_digit(value):
        return value
    expected = check_digit(value)
    if value[CHECK_DIGIT_POSITION] != expected:
        raise InvalidVin(_("the check digit (9th character) of %s is %s, it should be %s: "
                           "a character was probably mistyped"), repr(value), value[CHECK_DIGIT_POSITION], expected)
    return value
