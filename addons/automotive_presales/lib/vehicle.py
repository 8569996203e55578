"""Plain rules about vehicles on a sales up: model years, what identifies a vehicle, trade-in appraisals."""

FIRST_MODEL_YEAR = 1886  # the first motor car; anything earlier is a typo
STOCK_STATES = (
    ("available", "Available"),
    ("reserved", "Reserved"),
    ("sold", "Sold"),
)
RESERVATION_STATES = (
    ("none", "Not reserved"),
    ("reserved", "Reserved"),
    ("sold", "Sold"),
)
CONDITIONS = (
    ("excellent", "Excellent"),
    ("good", "Good"),
    ("fair", "Fair"),
    ("poor", "Poor"),
)


def model_year_error(year, current_year):
    """Why a model year cannot be right, or None; next year's models are sold from autumn on."""
    if not year:
        return None
    if year < FIRST_MODEL_YEAR or year > current_year + 1:
        return "the model year must lie between %d and %d, not %d" % (
            FIRST_MODEL_YEAR, current_year + 1, year)
    return None


def missing_identity(make, model):
    """The identity fields (make, model) left blank: a desired vehicle needs both."""
    return [name for name, value in (("make", make), ("model", model)) if not (value or "").strip()]


def describe(year=None, make=None, model=None, trim=None):
    """'2024 Volkswagen Golf Life': the words a salesperson uses, blanks left out."""
    return " ".join(str(part).strip() for part in (year, make, model, trim) if part and str(part).strip())


def appraisal_missing(appraised_value, appraiser, appraisal_date):
    """An appraisal stands only with who appraised and when: the fields still missing."""
    if not appraised_value:
        return []
    return [name for name, value in (("appraiser_id", appraiser), ("appraisal_date", appraisal_date))
            if not value]


def appraisal_gap(expected_value, appraised_value):
    """How far the appraisal falls short of (negative) or beats (positive) what the customer expects.

    None until both are known: a gap against a missing figure would mislead the negotiation.
    """
    if not expected_value or not appraised_value:
        return None
    return round(appraised_value - expected_value, 2)
