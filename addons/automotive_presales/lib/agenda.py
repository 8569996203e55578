"""Test drives, the agenda and follow-up: the rules that need no database.

Times are naive UTC datetimes (as Odoo stores them); dates are ``datetime.date``.
"""
import zlib

TEST_DRIVE_STATES = (
    ("planned", "Planned"),
    ("done", "Done"),
    ("no_show", "No-show"),
    ("cancelled", "Cancelled"),
)
# A car is taken by planned drives and by drives that took place; a cancelled drive or a
# customer who did not show up frees the slot for someone else.
BOOKING_STATES = ("planned", "done")

IMPORTANCE = (
    ("high", "High"),
    ("normal", "Normal"),
    ("low", "Low"),
)
# CSS colours the agenda paints each importance with (the calendar view takes a CSS colour).
IMPORTANCE_COLORS = {
    "high": "#e06666",
    "normal": "#6fa8dc",
    "low": "#b7b7b7",
}


def importance_color(importance):
    """The agenda colour of an importance; no importance is painted as normal."""
    return IMPORTANCE_COLORS.get(importance or "normal", IMPORTANCE_COLORS["normal"])


LICENCE_OK = None
LICENCE_MISSING_NUMBER = "missing_number"
LICENCE_MISSING_EXPIRY = "missing_expiry"
LICENCE_EXPIRED = "expired"


def licence_problem(licence_number, licence_expiry, drive_start):
    """What keeps this driving licence from a test drive starting at drive_start, or None.

    A licence that expires on the day of the drive is still valid that day.
    """
    if not (licence_number or "").strip():
        return LICENCE_MISSING_NUMBER
    if not licence_expiry:
        return LICENCE_MISSING_EXPIRY
    if drive_start and licence_expiry < drive_start.date():
        return LICENCE_EXPIRED
    return LICENCE_OK


def booking_lock_key(vehicle_field, vehicle_id):
    """The two int4 keys of pg_advisory_xact_lock serialising bookings of one vehicle.

    The first key names the kind of vehicle (a demo fleet car, a stock car ...) so that ids of
    different vehicle tables never share a lock; it is a stable signed 32-bit checksum.
    """
    kind = zlib.crc32(("presales.test.drive:%s" % vehicle_field).encode("utf-8"))
    if kind >= 2 ** 31:
        kind -= 2 ** 32
    return kind, int(vehicle_id)


def overdue_by_person(activities, today):
    """Who is late on follow-up: one row per person with overdue activities.

    activities: iterable of (person, due_date); an activity is overdue when due before today.
    Returns [{"person", "count", "oldest"}], the most overdue person (oldest due date) first.
    """
    rows = {}
    for person, due in activities:
        if not due or due >= today:
            continue
        row = rows.setdefault(person, {"person": person, "count": 0, "oldest": due})
        row["count"] += 1
        row["oldest"] = min(row["oldest"], due)
    return sorted(rows.values(), key=lambda row: (row["oldest"], -row["count"]))
