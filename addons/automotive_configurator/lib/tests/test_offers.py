from ..offers import colleague_line, counted_offer, is_live

TODAY = "2026-11-30"


def test_live_is_open_and_not_expired():
    assert is_live("sent", "2026-11-30", TODAY)
    assert is_live("draft", "2026-12-30", TODAY)
    assert not is_live("sent", "2026-11-29", TODAY)
    assert not is_live("accepted", "2026-12-30", TODAY)
    assert not is_live("draft", False, TODAY)


def test_the_latest_live_alternative_counts_until_one_is_accepted():
    candidates = [(1, "sent", "2026-12-30"), (2, "draft", "2026-12-30"), (3, "declined", "2026-12-30"),
                  (4, "sent", "2026-11-01")]
    assert counted_offer(candidates, TODAY) == 2
    assert counted_offer(candidates + [(0, "accepted", "2026-10-01")], TODAY) == 0


def test_nothing_counts_without_a_live_or_accepted_offer():
    assert counted_offer([], TODAY) is None
    assert counted_offer([(1, "declined", "2026-12-30"), (2, "sent", "2026-01-01")], TODAY) is None


def test_colleague_line_names_who_and_price_only():
    line = colleague_line("Sales A2", 42586.35, "2026-12-30")
    assert line == "Open offer by Sales A2: EUR 42,586.35, valid until 2026-12-30"
    dutch = colleague_line("Sales A2", 42586.35, "30-12-2026", "Openstaande offerte van %s: %s, geldig tot %s",
                           lambda amount: "€ 42.586,35")
    assert dutch == "Openstaande offerte van Sales A2: € 42.586,35, geldig tot 30-12-2026"
