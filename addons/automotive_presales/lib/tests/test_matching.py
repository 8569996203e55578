from automotive_presales.lib import matching


def test_national_and_international_mobile_numbers_are_the_same_phone():
    national = matching.phone_key("06-12345678", 31)
    international = matching.phone_key("+31 6 1234 5678", 31)
    assert national == international == "31612345678"
    assert matching.phone_key("0031 6 1234 5678", "31") == "31612345678"


def test_the_default_calling_code_decides_what_a_national_number_means():
    assert matching.phone_key("06-12345678", 32) == "32612345678"
    assert matching.phone_key("06-12345678", 31) != matching.phone_key("06-12345678", 32)


def test_a_foreign_number_keeps_its_own_calling_code():
    assert matching.phone_key("+32 470 12 34 56", 31) == "32470123456"
    assert matching.phone_key("0032 470 12 34 56", 31) == "32470123456"


def test_numbers_too_short_or_empty_never_match():
    assert matching.phone_key("", 31) == ""
    assert matching.phone_key(None, 31) == ""
    assert matching.phone_key("ext. 12", 31) == ""
    assert matching.phone_key("n/a", 31) == ""


def test_email_is_trimmed_and_lower_case():
    assert matching.email_key("  Anna.Alpha@Example.COM ") == "anna.alpha@example.com"
    assert matching.email_key('"Anna" <Anna.Alpha@example.com>') == "anna.alpha@example.com"
    assert matching.email_key("not an address") == ""
    assert matching.email_key(False) == ""


def test_names_fold_case_accents_spaces_and_word_order():
    assert matching.name_key("  José  van der BERG ") == matching.name_key("Berg, Jose van der")
    assert matching.name_key("Zoë Müller") == "muller zoe"
    assert matching.name_key("Anna Alpha") != matching.name_key("Anna Beta")


def test_name_and_zip_key_needs_both_parts():
    assert matching.name_zip_key("Anna Alpha", "1234 AB") == matching.name_zip_key("ALPHA anna", "1234ab")
    assert matching.name_zip_key("Anna Alpha", "1234 AB") != matching.name_zip_key("Anna Alpha", "5678 CD")
    assert matching.name_zip_key("Anna Alpha", "") == ""
    assert matching.name_zip_key("", "1234 AB") == ""


def test_customer_keys_fold_every_value():
    keys = matching.customer_keys("Anna Alpha", "1234 AB", "06-12345678", "", " ANNA@example.com", 31)
    assert keys == {
        "phone_key": "31612345678",
        "mobile_key": "",
        "email_key": "anna@example.com",
        "name_zip_key": "alpha anna|1234ab",
    }


def test_a_phone_matches_the_other_records_phone_or_mobile():
    keys = matching.customer_keys("", "", "06-12345678", "+31 6 1234 5678", "", 31)
    assert matching.match_terms(keys) == [
        ("phone_key", ["31612345678"]), ("mobile_key", ["31612345678"])]


def test_a_record_without_keys_matches_nothing():
    keys = matching.customer_keys("Anna Alpha", "", "12", "", "no address", 31)
    assert matching.match_terms(keys) == []
