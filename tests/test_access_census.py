"""The access census of issue 16: every model of the registry, read as every role.

The access matrix (test_access_matrix.py) proves what it lists; a model our data flows into
and nobody listed (journal items, bank accounts, notifications...) escaped it. This test lists
nothing up front: it enumerates.

Roles: sales1, sales2, sales3 (salespeople), manager1, manager2 (branch managers), director, a
plain internal user without a dealer role (`employee`) and a portal user (`portal1`, a customer
of sales1).

1. Readable models (`test_every_model_a_role_reads_is_declared`): for every model of the
   registry that has records, each role asks the server how many it can find (archived ones
   included). A model a role finds any record of must be declared in CENSUS, once, with who may
   read it and the rule or reason that bounds what they read; a model found by a role outside
   its declared readers, or not declared at all, fails the test. A declaration nobody needs any
   more fails too, so the table stays true.
2. Foreign data (`test_nobody_reads_what_hangs_off_what_they_may_not_see`): per role, the sales
   ups and customers the role may not see (the promise of the README restated from the data:
   own or second salesperson, the branch for its manager, everything for the director, nothing
   for the employee and the portal user), then every record of every model that points at them
   (any stored many2one or many2many, a model name with a record id), then what points at
   those, three steps deep. The role must find none of them through a field it may read.

A new model needs one line in CENSUS (see Census below); a model our data flows into needs none:
the second proof finds it.
"""
# pylint: disable=print-used  # the census prints what each role reads (pytest shows it with -s or on failure)
import collections
import time

import pytest

from .support import RpcError, database

ROLES = ("sales1", "sales2", "sales3", "manager1", "manager2", "director", "employee", "portal1")
# who may read a declared model, from the widest circle to the narrowest
EVERYONE = "everyone"        # portal users and employees
EMPLOYEES = "employees"      # every internal user, also without a dealer role
DEALER = "dealer"            # salespeople, branch managers, the director
MANAGERS = "managers"        # branch managers and the director
DIRECTOR = "director"
CIRCLES = {
    "portal1": {EVERYONE},
    "employee": {EVERYONE, EMPLOYEES},
    "sales1": {EVERYONE, EMPLOYEES, DEALER},
    "sales2": {EVERYONE, EMPLOYEES, DEALER},
    "sales3": {EVERYONE, EMPLOYEES, DEALER},
    "manager1": {EVERYONE, EMPLOYEES, DEALER, MANAGERS},
    "manager2": {EVERYONE, EMPLOYEES, DEALER, MANAGERS},
    "director": {EVERYONE, EMPLOYEES, DEALER, MANAGERS, DIRECTOR},
}
INACTIVE_TOO = {"active_test": False}
REFUSED = ("odoo.exceptions.AccessError", "odoo.exceptions.except_orm")


class Census:
    """One line of the census: `model` is read by `readers` (a circle above), bounded by `reason`.

    The reason says which rule limits what they read, or why every record is theirs to read.
    """

    def __init__(self, model, readers, reason):
        self.model = model
        self.readers = readers
        self.reason = reason


# fmt: off
CENSUS = [
]
# fmt: on


def _refused(error):
    return error.name in REFUSED


def _declarations():
    seen = collections.Counter(line.model for line in CENSUS)
    twice = sorted(model for model, count in seen.items() if count > 1)
    assert not twice, "declared more than once: %s" % ", ".join(twice)
    return {line.model: line for line in CENSUS}


# ----------------------------------------------------------------------------- the database as it is

class Data:
    """What exists, read with the database's own eyes (not any role's)."""

    def __init__(self, db):
        self.connection = database(db)
        self.connection.set_session(readonly=True, autocommit=True)

    def rows(self, query, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall()

    def close(self):
        self.connection.close()


def model_counts(admin):
    """{model: number of records} of every model of the registry with records (ir.model's own count)."""
    models = admin.call("ir.model", "search_read", [], ["model", "count"], context=INACTIVE_TOO)
    return {row["model"]: row["count"] for row in models if row["count"]}


# ----------------------------------------------------------------------------- 1. readable models

def readable_counts(client, models):
    """{model: number of records the role finds} for the models it finds any record of, and the
    answers that were neither a number nor a refusal."""
    found, errors = {}, []
    for model in models:
        try:
            count = client.call(model, "search_count", [], context=INACTIVE_TOO)
        except RpcError as error:
            if not _refused(error):
                errors.append("%s: %s %s" % (model, error.name, (error.message or "").splitlines()[:1]))
            continue
        if count:
            found[model] = count
    return found, errors


# ----------------------------------------------------------------------------- 2. foreign data

# Links the census does not follow: who made or last changed a record names a user, not data.
BOOKKEEPING = {"create_uid", "write_uid"}
# Records that name a foreign one without holding its data, read by design. (model, field): why.
FOREIGN_OK = {
    ("ir.model.data", "res_id"): "external ids of records loaded from data files: a name and an id, no data",
    ("res.partner.category", "partner_ids"): "a tag lists the ids of the partners it is on; those partners "
                                             "stay unreadable (res.partner rules)",
    ("res.partner", "meeting_ids"): "a colleague's partner lists the ids of the meetings they attend; the "
                                    "meetings stay unreadable (agenda_security.xml)",
    ("mail.channel", "channel_partner_ids"): "a Discuss channel lists the ids of its members; customers among "
                                             "them stay unreadable",
    ("product.supplierinfo", "name"): "a product's vendor price list names its vendor (a supplier, which "
                                      "Odoo's demo companies also are besides customers): no customer data",
}
# Records whose parts belong to them: the message of a queued mail, the files of a message. What
# points the other way (the part names its whole in no field) is followed here.
PARTS = (
    ("mail.mail", "mail_message_id", "mail.message"),
    ("mail.message", "attachment_ids", "ir.attachment"),
)
# Models the census does not follow onwards: a user's account names a customer (portal login),
# and everything a user made names the user.
LEAVES = {"res.users"}
DEPTH = 3


class Schema:
    """The stored links of every model, from the database: many2one columns, many2many tables,
    (model name, record id) pairs."""

    def __init__(self, data, models):
        tables = {row[0] for row in data.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}
        columns = collections.defaultdict(set)
        for table, column in data.rows(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"):
            columns[table].add(column)
        self.table = {model: model.replace(".", "_") for model in models if model.replace(".", "_") in tables}
        self.many2one = collections.defaultdict(list)      # comodel -> [(model, field)]
        self.many2many = collections.defaultdict(list)     # comodel -> [(model, field, relation, column1, column2)]
        for model, name, ttype, relation, relation_table, column1, column2 in data.rows(
                "SELECT model, name, ttype, relation, relation_table, column1, column2 FROM ir_model_fields "
                "WHERE ttype IN ('many2one', 'many2many') AND store AND name NOT IN %s", (tuple(BOOKKEEPING),)):
            if model not in self.table:
                continue
            if ttype == "many2one" and name in columns[self.table[model]]:
                self.many2one[relation].append((model, name))
            elif ttype == "many2many" and relation_table in tables and {column1, column2} <= columns[relation_table]:
                self.many2many[relation].append((model, name, relation_table, column1, column2))
        self.documents = []                                  # [(model, model name column)]
        for model, table in self.table.items():
            for name_column in ("res_model", "model"):
                if {"res_id", name_column} <= columns[table]:
                    self.documents.append((model, name_column))
                    break


def pointing_at(data, schema, frontier):
    """{model: {field: ids}} of the records that point at the records of `frontier` ({model: ids})."""
    hits = collections.defaultdict(lambda: collections.defaultdict(set))
    for comodel, ids in frontier.items():
        ids = sorted(ids)
        if not ids:
            continue
        for model, field in schema.many2one.get(comodel, ()):
            for (record_id,) in data.rows('SELECT id FROM "%s" WHERE "%s" = ANY(%%s)' % (schema.table[model], field),
                                          (ids,)):
                hits[model][field].add(record_id)
        for model, field, relation, column1, column2 in schema.many2many.get(comodel, ()):
            for (record_id,) in data.rows('SELECT DISTINCT "%s" FROM "%s" WHERE "%s" = ANY(%%s)' % (
                    column1, relation, column2), (ids,)):
                hits[model][field].add(record_id)
        for model, name_column in schema.documents:
            for (record_id,) in data.rows('SELECT id FROM "%s" WHERE "%s" = %%s AND res_id = ANY(%%s)' % (
                    schema.table[model], name_column), (comodel, ids)):
                hits[model]["res_id"].add(record_id)
        for whole, field, part in PARTS:
            if whole != comodel:
                continue
            if field == "mail_message_id":
                query = 'SELECT mail_message_id FROM mail_mail WHERE id = ANY(%s) AND mail_message_id IS NOT NULL'
            else:
                query = "SELECT attachment_id FROM message_attachment_rel WHERE message_id = ANY(%s)"
            for (record_id,) in data.rows(query, (ids,)):
                hits[part]["(part of %s)" % whole].add(record_id)
    return hits


def foreign_anchors(data, uid, role):
    """({lead ids}, {customer ids}) the role may not see, by the promise (README, who sees what)."""
    leads = data.rows("SELECT id, user_id, second_user_id, team_id, partner_id FROM crm_lead")
    branch = {row[0] for row in data.rows(
        "SELECT id FROM crm_team WHERE user_id = %s UNION SELECT sale_team_id FROM res_users WHERE id = %s "
        "AND sale_team_id IS NOT NULL", (uid, uid))}
    if role == "director":
        return set(), set()
    if role.startswith("sales"):
        visible = {lead for lead, user, second, _team, _partner in leads if uid in (user, second)}
    elif role.startswith("manager"):
        visible = {lead for lead, _user, _second, team, _partner in leads if team in branch}
    else:
        visible = set()
    partners = data.rows("SELECT id, user_id, team_id, commercial_partner_id, customer FROM res_partner")
    family = {partner: commercial or partner for partner, _user, _team, commercial, _customer in partners}
    seen_families = {family.get(partner) for lead, _u, _s, _t, partner in leads if lead in visible and partner}
    own_partner = data.rows("SELECT partner_id FROM res_users WHERE id = %s", (uid,))[0][0]
    seen_families.add(family.get(own_partner))
    branch_users = {row[0] for row in data.rows("SELECT id FROM res_users WHERE sale_team_id = ANY(%s)",
                                                (sorted(branch) or [0],))}
    for partner, user, team, _commercial, customer in partners:
        if role.startswith("sales") and user == uid:
            seen_families.add(family[partner])
        if role.startswith("manager") and (user is None or user in branch_users or team in branch):
            seen_families.add(family[partner])
    foreign_customers = {partner for partner, _user, _team, _commercial, customer in partners
                         if customer and family[partner] not in seen_families}
    return {lead for lead, *_rest in leads} - visible, foreign_customers


def found_by(client, model, ids):
    try:
        return set(client.call(model, "search", [("id", "in", sorted(ids))], context=INACTIVE_TOO))
    except RpcError as error:
        if _refused(error):
            return set()
        raise


def field_readable(client, model, ids, field):
    """True when the role reads `field` of `ids` (a field with groups it lacks is refused)."""
    if field.startswith("("):
        return True
    try:
        client.call(model, "read", sorted(ids)[:20], [field], context=INACTIVE_TOO)
    except RpcError as error:
        if _refused(error):
            return False
        raise
    return True


def census_foreign(client, data, schema, uid, role):
    """[(model, field, depth, ids)] of the records the role finds that hang off what it may not see."""
    leads, customers = foreign_anchors(data, uid, role)
    frontier = {"crm.lead": leads, "res.partner": customers}
    seen = {model: set(ids) for model, ids in frontier.items()}
    leaks = []
    for depth in range(1, DEPTH + 1):
        hits = pointing_at(data, schema, frontier)
        frontier = {}
        for model, by_field in hits.items():
            # a declared link names the foreign record without holding its data: not followed
            by_field = {field: ids for field, ids in by_field.items() if (model, field) not in FOREIGN_OK}
            if not by_field:
                continue
            new = set().union(*by_field.values()) - seen.setdefault(model, set())
            if not new:
                continue
            seen[model] |= new
            found = found_by(client, model, new)
            for field, ids in by_field.items():
                readable = found & ids
                if readable and field_readable(client, model, readable, field):
                    leaks.append((model, field, depth, sorted(readable)))
            # onwards from what the role may not find: what it finds is reported above (or
            # declared), and what hangs off that is its own business
            if model not in LEAVES:
                frontier[model] = new - found
    return leaks, len(leads), len(customers)


# ----------------------------------------------------------------------------- the run

@pytest.fixture(scope="module")
def clients(odoo_server):
    from .support import RpcClient
    clients = {role: RpcClient(odoo_server.url, odoo_server.db, role) for role in ROLES}
    clients["admin"] = RpcClient(odoo_server.url, odoo_server.db, "admin")
    return clients


@pytest.fixture(scope="module")
def census(odoo_server, clients):
    started = time.time()
    counts = model_counts(clients["admin"])
    result = {"counts": counts, "readable": {}, "errors": {}}
    for role in ROLES:
        result["readable"][role], result["errors"][role] = readable_counts(clients[role], sorted(counts))
    result["seconds"] = time.time() - started
    return result


@pytest.fixture(scope="module")
def foreign(odoo_server, clients):
    started = time.time()
    data = Data(odoo_server.db)
    try:
        schema = Schema(data, model_counts(clients["admin"]))
        result = {"leaks": {}, "anchors": {}}
        for role in ROLES:
            leaks, leads, customers = census_foreign(clients[role], data, schema, clients[role].uid, role)
            result["leaks"][role] = leaks
            result["anchors"][role] = (leads, customers)
    finally:
        data.close()
    result["seconds"] = time.time() - started
    return result


def test_every_model_a_role_reads_is_declared(census, capsys):
    declared = _declarations()
    problems = []
    for role in ROLES:
        for model, count in sorted(census["readable"][role].items()):
            line = declared.get(model)
            if line is None:
                problems.append("%s reads %d of %d %s: not declared in CENSUS" % (
                    role, count, census["counts"][model], model))
            elif line.readers not in CIRCLES[role]:
                problems.append("%s reads %d of %d %s, declared for %s only (%s)" % (
                    role, count, census["counts"][model], model, line.readers, line.reason))
        problems.extend("%s: %s" % (role, error) for error in census["errors"][role])
    needed = {model for role in ROLES for model in census["readable"][role]}
    problems.extend("%s is declared but no role reads any of it: remove its line" % line.model
                    for line in CENSUS if line.model not in needed)
    with capsys.disabled():
        print("\naccess census: %d models with records; readable per role (%.0f s):" % (
            len(census["counts"]), census["seconds"]))
        for role in ROLES:
            print("  %-9s %3d models" % (role, len(census["readable"][role])))
    assert not problems, "\n".join(problems)


def test_nobody_reads_what_hangs_off_what_they_may_not_see(foreign, capsys):
    problems = []
    with capsys.disabled():
        print("\naccess census: what hangs off the sales ups and customers a role may not see (%.0f s)" % (
            foreign["seconds"]))
        for role in ROLES:
            leads, customers = foreign["anchors"][role]
            leaks = foreign["leaks"][role]
            print("  %-9s may not see %3d sales ups, %3d customers: %d readable records hang off them" % (
                role, leads, customers, sum(len(ids) for *_rest, ids in leaks)))
            for model, field, depth, ids in leaks:
                problems.append("%s reads %d %s through %s (step %d): ids %s" % (
                    role, len(ids), model, field, depth, ids[:8]))
    assert not problems, "\n".join(problems)
