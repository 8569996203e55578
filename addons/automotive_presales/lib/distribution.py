"""Who gets a new sales up: assignment rules and round-robin among available salespeople.

A rule says which sales ups it takes (branch, lead type, customer language, vehicle make; an
empty criterion takes anything) and which salespeople share them. The first matching rule in
sequence order that has somebody available wins; inside a rule the sales ups go round: the next
available salesperson after the one who got the rule's previous sales up.

Records are referred to by plain keys (database ids in the addon) so this module needs no ORM.
"""
from collections import namedtuple

# team, lead_type, lang: a key or None; makes: the vehicle makes the customer asks about.
LeadFacts = namedtuple("LeadFacts", "team lead_type lang makes")

# users: every salesperson of the rule in rotation order; available: those who may get work now.
Rule = namedtuple("Rule", "key sequence team lead_type lang make users available")

Choice = namedtuple("Choice", "rule user")


def normalise_make(make):
    """'  Volvo ' and 'VOLVO' are the same make."""
    return " ".join((make or "").split()).casefold()


def rule_matches(rule, lead):
    """A rule takes a sales up when every criterion it sets fits.

    A sales up without branch (a central web form, the importer) may go to a branch rule: the
    rule then decides the branch. A make rule needs the make among the makes asked about.
    """
    if rule.team is not None and lead.team is not None and rule.team != lead.team:
        return False
    if rule.lead_type and rule.lead_type != lead.lead_type:
        return False
    if rule.lang and rule.lang != lead.lang:
        return False
    if rule.make:
        wanted = normalise_make(rule.make)
        if wanted not in {normalise_make(make) for make in lead.makes or ()}:
            return False
    return True


def next_in_turn(users, available, last=None):
    """The next available user after `last` in the rotation, wrapping round; None if nobody is.

    When `last` left the rotation (or there is none yet) the turn starts at the top.
    """
    users = list(users)
    available = set(available)
    if not users:
        return None
    start = users.index(last) + 1 if last in users else 0
    for offset in range(len(users)):
        candidate = users[(start + offset) % len(users)]
        if candidate in available:
            return candidate
    return None


def choose_assignee(rules, lead, last_by_rule=None):
    """The rule and salesperson for a sales up, or None when no rule can take it.

    :param rules: iterable of Rule; inactive rules are left out by the caller
    :param lead: LeadFacts of the sales up
    :param last_by_rule: {rule key: user key who got that rule's previous sales up}
    """
    last_by_rule = last_by_rule or {}
    for rule in sorted(rules, key=lambda rule: (rule.sequence, rule.key)):
        if not rule_matches(rule, lead):
            continue
        user = next_in_turn(rule.users, rule.available, last_by_rule.get(rule.key))
        if user is not None:
            return Choice(rule.key, user)
    return None


def spread(items, users, start=0):
    """Deal `items` out over `users` in turn, as evenly as possible, keeping the items' order.

    Returns {user: [items]}; users who get nothing are left out. Used to hand over the work
    of a salesperson who leaves to several colleagues.
    """
    users = list(users)
    if not users:
        raise ValueError("Nobody to hand the work over to.")
    shares = {}
    for index, item in enumerate(items):
        shares.setdefault(users[(start + index) % len(users)], []).append(item)
    return shares
