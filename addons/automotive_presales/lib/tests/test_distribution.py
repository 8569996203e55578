import pytest

from automotive_presales.lib import distribution
from automotive_presales.lib.distribution import LeadFacts, Rule


def rule(key, sequence=10, team=None, lead_type=None, lang=None, make=None,
         users=("ann", "bob", "cid"), available=None):
    return Rule(key, sequence, team, lead_type, lang, make, tuple(users),
                frozenset(users if available is None else available))


WEB_VOLVO_NL = LeadFacts(team=1, lead_type="web", lang="nl_NL", makes=["Volvo", "Polestar"])


def test_empty_criteria_take_any_sales_up():
    assert distribution.rule_matches(rule("any"), WEB_VOLVO_NL)
    assert distribution.rule_matches(rule("any"), LeadFacts(None, None, None, []))


def test_each_set_criterion_must_fit():
    assert distribution.rule_matches(rule("r", team=1, lead_type="web", lang="nl_NL", make="volvo"), WEB_VOLVO_NL)
    assert not distribution.rule_matches(rule("r", team=2), WEB_VOLVO_NL)
    assert not distribution.rule_matches(rule("r", lead_type="walk_in"), WEB_VOLVO_NL)
    assert not distribution.rule_matches(rule("r", lang="en_US"), WEB_VOLVO_NL)
    assert not distribution.rule_matches(rule("r", make="BMW"), WEB_VOLVO_NL)


def test_make_is_compared_without_case_or_extra_spaces():
    lead = LeadFacts(None, None, None, ["  Land   Rover "])
    assert distribution.rule_matches(rule("r", make="land rover"), lead)
    assert not distribution.rule_matches(rule("r", make="Volvo"), LeadFacts(None, None, None, []))


def test_a_sales_up_without_branch_may_go_to_a_branch_rule():
    assert distribution.rule_matches(rule("r", team=2), LeadFacts(None, "web", None, []))


def test_first_matching_rule_by_sequence_wins():
    rules = [rule("late", sequence=20, users=("zoe",)),
             rule("bmw", sequence=5, make="BMW", users=("bob",)),
             rule("volvo", sequence=10, make="Volvo", users=("ann",))]
    assert distribution.choose_assignee(rules, WEB_VOLVO_NL) == ("volvo", "ann")


def test_round_robin_continues_after_the_last_assigned():
    rules = [rule("r")]
    assert distribution.choose_assignee(rules, WEB_VOLVO_NL, {"r": "ann"}).user == "bob"
    assert distribution.choose_assignee(rules, WEB_VOLVO_NL, {"r": "cid"}).user == "ann"
    assert distribution.choose_assignee(rules, WEB_VOLVO_NL).user == "ann"


def test_unavailable_salespeople_are_skipped():
    rules = [rule("r", available=("ann", "cid"))]
    assert distribution.choose_assignee(rules, WEB_VOLVO_NL, {"r": "ann"}).user == "cid"


def test_someone_who_left_the_rule_restarts_the_turn_at_the_top():
    assert distribution.next_in_turn(("ann", "bob"), {"ann", "bob"}, last="eve") == "ann"


def test_a_rule_with_nobody_available_passes_the_sales_up_on():
    rules = [rule("holiday", sequence=1, users=("ann",), available=()),
             rule("backup", sequence=2, users=("bob",))]
    assert distribution.choose_assignee(rules, WEB_VOLVO_NL) == ("backup", "bob")


def test_no_rule_no_assignee():
    assert distribution.choose_assignee([rule("bmw", make="BMW")], WEB_VOLVO_NL) is None
    assert distribution.choose_assignee([], WEB_VOLVO_NL) is None


def test_spread_deals_items_out_evenly_in_order():
    shares = distribution.spread([1, 2, 3, 4, 5], ["ann", "bob"])
    assert shares == {"ann": [1, 3, 5], "bob": [2, 4]}
    assert distribution.spread([1], ["ann", "bob"]) == {"ann": [1]}


def test_spread_needs_somebody():
    with pytest.raises(ValueError):
        distribution.spread([1], [])
