from automotive_presales.lib import vehicle


def test_model_year_bounds():
    assert vehicle.model_year_error(2024, 2025) is None
    assert vehicle.model_year_error(2026, 2025) is None  # next year's models
    assert "2027" in vehicle.model_year_error(2027, 2025)
    assert "1886" in vehicle.model_year_error(1066, 2025)
    assert vehicle.model_year_error(0, 2025) is None  # unknown year: nothing to check


def test_make_and_model_identify_a_vehicle():
    assert vehicle.missing_identity("Volkswagen", "Golf") == []
    assert vehicle.missing_identity("Volkswagen", "  ") == ["model"]
    assert vehicle.missing_identity(None, None) == ["make", "model"]


def test_description_reads_like_a_salesperson_speaks():
    assert vehicle.describe(2024, "Volkswagen", "Golf", "Life") == "2024 Volkswagen Golf Life"
    assert vehicle.describe(None, "Skoda", "Octavia", "") == "Skoda Octavia"


def test_an_appraisal_needs_who_and_when():
    assert vehicle.appraisal_missing(8000, None, None) == ["appraiser_id", "appraisal_date"]
    assert vehicle.appraisal_missing(8000, "someone", None) == ["appraisal_date"]
    assert vehicle.appraisal_missing(8000, "someone", "2025-03-01") == []
    assert vehicle.appraisal_missing(0, None, None) == []  # not appraised yet


def test_appraisal_gap_is_appraised_minus_expected():
    assert vehicle.appraisal_gap(10000, 8500) == -1500
    assert vehicle.appraisal_gap(10000, 10250.5) == 250.5
    assert vehicle.appraisal_gap(10000, 0) is None
    assert vehicle.appraisal_gap(0, 8000) is None


def test_keys_are_stable_lower_case():
    for vocabulary in (vehicle.STOCK_STATES, vehicle.RESERVATION_STATES, vehicle.CONDITIONS):
        for key, _label in vocabulary:
            assert key == key.lower() and " " not in key
