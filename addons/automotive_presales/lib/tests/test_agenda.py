from datetime import date, datetime

from automotive_presales.lib import agenda


def at(hour, minute=0, day=10):
    return datetime(2024, 6, day, hour, minute)


def test_only_planned_and_done_drives_hold_the_car():
    assert set(agenda.BOOKING_STATES) == {"planned", "done"}
    keys = [key for key, _label in agenda.TEST_DRIVE_STATES]
    assert "cancelled" in keys and "no_show" in keys


def test_licence_must_have_number_and_expiry_and_be_valid_on_the_day():
    assert agenda.licence_problem("", date(2030, 1, 1), at(10)) == agenda.LICENCE_MISSING_NUMBER
    assert agenda.licence_problem("  ", date(2030, 1, 1), at(10)) == agenda.LICENCE_MISSING_NUMBER
    assert agenda.licence_problem("B123", None, at(10)) == agenda.LICENCE_MISSING_EXPIRY
    assert agenda.licence_problem("B123", date(2024, 6, 9), at(10)) == agenda.LICENCE_EXPIRED
    assert agenda.licence_problem("B123", date(2024, 6, 10), at(10)) is agenda.LICENCE_OK
    assert agenda.licence_problem("B123", date(2030, 1, 1), at(10)) is agenda.LICENCE_OK


def test_lock_keys_are_stable_int4_and_differ_per_vehicle_kind():
    first = agenda.booking_lock_key("fleet_vehicle_id", 7)
    assert first == agenda.booking_lock_key("fleet_vehicle_id", 7)
    assert -2 ** 31 <= first[0] < 2 ** 31 and first[1] == 7
    assert agenda.booking_lock_key("stock_vehicle_id", 7)[0] != first[0]


def test_importance_colours_are_css_colours_and_none_is_normal():
    for key, _label in agenda.IMPORTANCE:
        assert agenda.importance_color(key).startswith("#")
    assert agenda.importance_color("high") != agenda.importance_color("low")
    assert agenda.importance_color(False) == agenda.IMPORTANCE_COLORS["normal"]


def test_overdue_rows_count_and_oldest_date_per_person_only_before_today():
    today = date(2024, 6, 10)
    activities = [
        ("anna", date(2024, 6, 8)),
        ("anna", date(2024, 6, 1)),
        ("anna", date(2024, 6, 10)),   # due today: not late yet
        ("bert", date(2024, 6, 9)),
        ("carl", date(2024, 6, 20)),   # planned
        ("dora", None),
    ]
    rows = agenda.overdue_by_person(activities, today)
    assert rows == [
        {"person": "anna", "count": 2, "oldest": date(2024, 6, 1)},
        {"person": "bert", "count": 1, "oldest": date(2024, 6, 9)},
    ]


def test_nobody_late_gives_no_rows():
    assert agenda.overdue_by_person([("anna", date(2024, 6, 10))], date(2024, 6, 10)) == []
