"""Vehicle identification numbers (VIN) as ISO 3779 and the North American check digit define them.

A VIN has 17 characters from the digits and the capital letters except I, O and Q (they read like
1 and 0). In North America (first character 1-5) position 9 is a check digit computed from the other
sixteen: letters are transliterated to numbers, each position is weighted, and the weighted sum
modulo 11 is the digit ("X" for 10). ISO 3779 leaves position 9 to the maker elsewhere: European
VINs often carry no check digit, so it is verified only where it applies.
"""

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
# world manufacturer identifiers whose VINs must carry the check digit (North America)
CHECK_DIGIT_REGIONS = "12345"


class InvalidVin(ValueError):
    """A VIN that cannot be right; the message says why, for the user."""


def normalize(vin):
    """The VIN as stored: surrounding and inner blanks removed, upper case."""
    return "".join((vin or "").split()).upper()


def check_digit(vin):
    """The check digit ("0"-"9" or "X") that a 17-character VIN must carry in position 9."""
    total = sum(TRANSLITERATION[char] * weight for char, weight in zip(vin, WEIGHTS))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def validate(vin):
    """Return the normalized VIN, or raise InvalidVin saying what is wrong with it."""
    value = normalize(vin)
    if len(value) != VIN_LENGTH:
        raise InvalidVin("a VIN has %d characters, %r has %d" % (VIN_LENGTH, value, len(value)))
    illegal = sorted({char for char in value if char in ILLEGAL_LETTERS})
    if illegal:
        raise InvalidVin("a VIN never contains the letters I, O or Q; %r contains %s"
                         % (value, ", ".join(illegal)))
    unknown = sorted({char for char in value if char not in TRANSLITERATION})
    if unknown:
        raise InvalidVin("a VIN has only digits and letters; %r contains %s"
                         % (value, " ".join(repr(char) for char in unknown)))
    expected = check_digit(value)
    if value[0] in CHECK_DIGIT_REGIONS and value[CHECK_DIGIT_POSITION] != expected:
        raise InvalidVin("the check digit (9th character) of %r is %s, it should be %s: "
                         "a character was probably mistyped"
                         % (value, value[CHECK_DIGIT_POSITION], expected))
    return value
