import pytest
from hypothesis import given
from hypothesis import strategies as st

from automotive_presales.lib import link_values
from automotive_presales.lib.link_values import LinkValueError

IDS = st.integers(min_value=1, max_value=link_values.MAX_ID)


@given(IDS)
def test_every_client_shape_of_an_id_is_the_same_int(record_id):
    for shape in (record_id, str(record_id), " %d " % record_id, float(record_id), [record_id, "Name"],
                  (str(record_id), "Name")):
        assert link_values.to_id(shape) == record_id
        assert type(link_values.to_id(shape)) is int


@pytest.mark.parametrize("empty", [None, False, 0, 0.0, "", "  ", "0"])
def test_empty_links(empty):
    assert link_values.to_id(empty) is False


@pytest.mark.parametrize("bad", [True, -1, 57.5, float("nan"), float("inf"), "57a", "5 7", "-3", "0x1f", "1e3",
                                 "٣", link_values.MAX_ID + 1, {"name": "x"}, [1, 2, 3], [1.5, "x"], b"57"])
def test_anything_else_is_refused(bad):
    with pytest.raises(LinkValueError):
        link_values.to_id(bad)


@given(st.one_of(st.text(), st.floats(), st.integers(), st.booleans(), st.none(),
                 st.lists(st.integers(), max_size=3), st.dictionaries(st.text(), st.integers(), max_size=2)))
def test_to_id_answers_an_id_false_or_a_refusal(value):
    try:
        result = link_values.to_id(value)
    except LinkValueError:
        return
    assert result is False or (type(result) is int and 1 <= result <= link_values.MAX_ID)


def test_server_values_pass_unchanged():
    marker = object()
    assert link_values.to_id(marker) is marker
    assert link_values.to_commands([marker]) == [marker]


def test_commands_in_every_shape():
    vals = {"name": "x"}
    commands = link_values.to_commands([
        (4, "57"), [6, False, ["1", 2.0, 0]], (0, "", vals), (1, 9.0, vals), (2, "3", False), [3, 4], (5,), "8", 9,
        ("4", 10)])
    assert commands == [(4, 57), (6, 0, [1, 2]), (0, 0, vals), (1, 9, vals), (2, 3), (3, 4), (5,), (4, 8), (4, 9),
                        (4, 10)]
    assert link_values.linked_ids(commands) == [57, 1, 2, 8, 9, 10]
    assert link_values.to_commands(False) == []


@pytest.mark.parametrize("bad", [
    [(7, 1)], [(4,)], [(4, 0)], [(4, "x")], [(0, 0)], [(0, 0, [1])], [(1, 5)], [(6, 0)], [(6, 0, ["x"])], [()],
    [{"name": "x"}], [(True, 1)], [(4.5, 1)], "1,2", 57, {"a": 1}, [("link", 1)], [(None, 1)]])
def test_bad_commands_are_refused(bad):
    with pytest.raises(LinkValueError):
        link_values.to_commands(bad)


@given(st.lists(st.one_of(
    st.tuples(st.sampled_from([0, 1, 2, 3, 4, 5, 6, "4", 4.0, 9]), st.one_of(IDS, st.text(max_size=3)),
              st.one_of(st.just({}), st.lists(st.integers(), max_size=3), st.none())),
    st.integers(), st.text(max_size=4)), max_size=5))
def test_commands_answer_canonical_commands_or_a_refusal(value):
    try:
        commands = link_values.to_commands(value)
    except LinkValueError:
        return
    for command in commands:
        assert command[0] in range(7)
        if command[0] in (1, 2, 3, 4):
            assert type(command[1]) is int and command[1] > 0
        if command[0] == 6:
            assert all(type(record_id) is int and record_id > 0 for record_id in command[2])


def test_references():
    models = {"res.partner", "crm.lead"}
    assert link_values.to_reference("res.partner, 57 ", models) == "res.partner,57"
    assert link_values.to_reference("res.partner,0", models) is False
    assert link_values.to_reference(False, models) is False
    for bad in ("res.partner", "nope,1", "res.partner,x", "res.partner,57.5", 57, ["res.partner", 57]):
        with pytest.raises(LinkValueError):
            link_values.to_reference(bad, models)


def test_ids_lists():
    assert link_values.to_ids(["1", 2.0, 0, None]) == [1, 2]
    assert link_values.to_ids("57") == [57]
    assert link_values.to_ids(None) == []
    assert link_values.to_ids({3, "4"}) == [3, 4]
    with pytest.raises(LinkValueError):
        link_values.to_ids({"id": 1})
    with pytest.raises(LinkValueError):
        link_values.to_ids(["1", "x"])


def test_context_keys_naming_records():
    context = {"lang": "nl_NL", "active_id": 1, "active_ids": [1], "default_partner_id": 2, "active_model": "x"}
    assert sorted(link_values.context_id_keys(context)) == ["active_id", "active_ids", "default_partner_id"]
