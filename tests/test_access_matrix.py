"""The ownership promise of issue 7, tried over JSON-RPC as every demo role.

Roles: sales1, sales2 (made second salesperson on one of sales1's sales ups first), sales3 (other
branch), manager1 (Amsterdam), manager2 (Utrecht), director. For every model in MODELS the
test tries search_read, read_group, name_search, export_data, write, create-with-foreign-links
and unlink on a record of each category, prints the matrix (role x model x operation: expected /
got) and fails on any difference.

Categories (records hang off these sales ups, or are them):
  S1   sales1's sales up on which sales2 is second salesperson (Amsterdam)
  S1X  another sales up of sales1 (Amsterdam)
  S2   sales2's sales up (Amsterdam)
  S3   sales3's sales up (Utrecht, the other branch)
  UN   an unassigned sales up of Amsterdam
Branch-bound models (stock) use the branches AMS and UTR; global ones (templates, aliases,
sources, configuration) a single record ANY.

A new model joins with one `Spec(...)` line in MODELS. Fixture records are created by the
director over RPC (or found, for models nobody creates by hand) and removed again at the end.
"""
# pylint: disable=print-used  # the issue asks for the matrix printed (pytest shows it with -s or on failure)
import base64
import csv
import datetime
import glob
import itertools
import os
import threading
import time

from .support import ROOT, RpcError

ROLES = ("sales1", "sales2", "sales3", "manager1", "manager2", "director")
LEAD_CATEGORIES = ("S1", "S1X", "S2", "S3", "UN")
BRANCH_CATEGORIES = ("AMS", "UTR")
OPERATIONS = ("search_read", "read_group", "name_search", "export_data", "write", "create", "unlink")
READS = OPERATIONS[:4]

# What each role may see of the sales ups and of what hangs off them (the promise of issue 7).
SEES = {
    "sales1": {"S1", "S1X"},
    "sales2": {"S1", "S2"},
    "sales3": {"S3"},
    "manager1": {"S1", "S1X", "S2", "UN"},
    "manager2": {"S3"},
    "director": set(LEAD_CATEGORIES),
}
# Orders, invoices and the pipeline analysis are the salesperson's own documents: a second
# salesperson works the sales up but does not share its owner's orders or figures.
OWNS = {
    "sales1": {"S1", "S1X"},
    "sales2": {"S2"},
    "sales3": {"S3"},
    "manager1": SEES["manager1"],
    "manager2": SEES["manager2"],
    "director": SEES["director"],
}
BRANCH_OF = {"sales1": "AMS", "sales2": "AMS", "sales3": "UTR", "manager1": "AMS", "manager2": "UTR"}
MANAGERS = {"manager1", "manager2", "director"}
# Answers that mean "refused"; anything else unexpected shows as an error in the matrix.
REFUSALS = ("odoo.exceptions.AccessError", "odoo.exceptions.UserError", "odoo.exceptions.ValidationError",
            "odoo.exceptions.except_orm")


# ----------------------------------------------------------------------------- expectations

def follows_sales_up(write="sees", create="sees", unlink="sees", portfolio=()):
    """Records that hang off a sales up: seen by whoever sees the sales up.

    write/create/unlink: "sees" (same as reading), "managers" (branch managers on what they see and
    the director), "director" or "nobody".
    portfolio: the operations where the unassigned sales up's customer (nobody's portfolio: the
    company portfolio) counts as seen by every branch manager.
    """
    def expected(role, operation):
        rule = {"write": write, "create": create, "unlink": unlink}.get(operation, "sees")
        if rule == "sees":
            if operation in portfolio and role in MANAGERS:
                return set(SEES[role]) | {"UN"}
            return set(SEES[role])
        if rule == "managers":
            return set(SEES[role]) if role in MANAGERS else set()
        if rule == "director":
            return set(LEAD_CATEGORIES) if role == "director" else set()
        return set()
    return expected


def stock_rules(role, operation):
    """Stock is shared: everyone reads it; managers change their branch's, only the director deletes."""
    if operation in READS or role == "director":
        return set(BRANCH_CATEGORIES)
    if operation in ("write", "create") and role in MANAGERS:
        return {BRANCH_OF[role]}
    return set()


def everyone_reads(writers, deleters=()):
    """Configuration every employee reads and only `writers` change (and `deleters` delete)."""
    def expected(role, operation):
        if operation == "unlink":
            return {"ANY"} if role in deleters else set()
        return {"ANY"} if operation in READS or role in writers else set()
    return expected


def readers_only(readers):
    """Read-only for `readers` (reports, ledgers); nobody writes, creates or deletes over RPC."""
    def expected(role, operation):
        return {"ANY"} if operation in READS and role in readers else set()
    return expected


def report_follows_sales_up(role, operation):
    return set(SEES[role]) if operation in READS else set()


def own_report(role, operation):
    return set(OWNS[role]) if operation in READS else set()


def own_documents(unlink):
    """Orders and invoices: the salesperson's own, the branch for its managers, all for the director."""
    def expected(role, operation):
        if operation == "unlink":
            return set(LEAD_CATEGORIES) if unlink == "director" and role == "director" else set()
        # creating makes the creator's own order for a customer they may read: the second salesperson
        # writes up the deal of the sales up they work on (the partner rule is what limits it)
        if operation == "create":
            return set(SEES[role]) | ({"UN"} if role in MANAGERS else set())
        return set(OWNS[role])
    return expected


def sources_rules(role, operation):
    """Lead sources: everyone creates them (Odoo's tracking creates them as the visitor's user);
    managers rename them; deleting is for administrators."""
    if operation in READS or operation == "create":
        return {"ANY"}
    if operation == "write" and role in MANAGERS:
        return {"ANY"}
    return set()


def logs_rules(role, operation):
    """The assignment log: branch managers read their branch's, the director may also delete."""
    if role == "director" and (operation in READS or operation == "unlink"):
        return set(BRANCH_CATEGORIES)
    return {BRANCH_OF[role]} if role in MANAGERS and operation in READS else set()


def director_only(role, operation):
    return {"ANY"} if role == "director" else set()


def managers_read_director_writes(role, operation):
    return {"ANY"} if (operation in READS and role in MANAGERS) or role == "director" else set()


DIRECTOR = {"director"}


# ----------------------------------------------------------------------------- the specs

def in_future(fixture, category, hours=0):
    """A distinct slot per record, far from the demo's bookings."""
    start = datetime.datetime(2031, 1, 6, 8) + datetime.timedelta(hours=next(fixture.hours) * 3 + hours)
    return start.strftime("%Y-%m-%d %H:%M:%S")


class Spec:
    """One model of the matrix.

    kind: "lead" (categories S1..UN), "branch" (AMS, UTR) or "global" (ANY).
    values(fixture, category) -> vals: what each role tries to create, linked to the category's
        records (the create-with-foreign-links cell); the director makes the fixture records with
        it too, unless `make` or `find` says otherwise.
    make(fixture, category) -> id: how the director makes a fixture record another way.
    find(fixture, category) -> domain: the fixture record is found (demo data, the sales up itself).
    group_field: what read_group groups by (a field whose value tells the categories apart).
    write_field: a field every role rewrites with its current value (the write cell).
    operations: the operations that make sense for the model; the others print as n/a.
    """

    def __init__(self, model, kind, expected, values=None, make=None, find=None, group_field=None,
                 write_field="display_name", operations=OPERATIONS, context=None, tidy=False):
        self.model = model
        self.kind = kind
        self.expected = expected
        self.values = values
        self.make = make
        self.find = find
        self.group_field = group_field or {"lead": "lead_id", "branch": "team_id", "global": "create_uid"}[kind]
        self.write_field = write_field
        self.operations = tuple(operation for operation in operations if operation != "create" or values)
        self.export_field = self.group_field
        self.context = context or {}
        # remove what each role made before the next one tries (records unique per sales up)
        self.tidy = tidy

    @property
    def categories(self):
        return {"lead": LEAD_CATEGORIES, "branch": BRANCH_CATEGORIES, "global": ("ANY",)}[self.kind]


def lead_of(fixture, category):
    return [("lead_id", "=", fixture.lead(category))]


def the_sales_up(fixture, category):
    return [("id", "=", fixture.lead(category))]


def its_customer(fixture, category):
    return [("id", "=", fixture.anchors[category]["partner"])]


def anything(fixture, category):
    return []


def new_sales_up(fixture, category):
    anchor = fixture.anchors[category]
    return {"name": "Matrix sales up", "type": "opportunity", "lead_type": "walk_in", "lead_status": "warm",
            "partner_id": anchor["partner"]}


def new_partner(fixture, category):
    return {"name": "Matrix contact", "parent_id": fixture.anchors[category]["partner"], "type": "contact"}


def new_moment(fixture, category):
    anchor = fixture.anchors[category]
    return {"lead_id": anchor["lead"], "partner_id": anchor["partner"], "kind": "call", "summary": "Matrix call"}


def make_moment(fixture, category):
    """The director logs a moment for the sales up's owner (moments follow their sales up)."""
    values = dict(new_moment(fixture, category), user_id=fixture.anchors[category]["user"] or fixture.uids[
        "director"], team_id=fixture.anchors[category]["team"])
    return fixture.create_as(fixture.director, "presales.contact.moment", values)


def new_step(fixture, category):
    return {"lead_id": fixture.lead(category), "step": fixture.free_step(category)}


def new_drive(fixture, category):
    anchor = fixture.anchors[category]
    return {"lead_id": anchor["lead"], "partner_id": anchor["partner"], "licence_number": "NL-MATRIX-1",
            "licence_expiry": "2099-01-01", "start_datetime": in_future(fixture, category),
            "stop_datetime": in_future(fixture, category, 1)}


def make_drive(fixture, category):
    values = dict(new_drive(fixture, category), user_id=fixture.anchors[category]["user"] or fixture.uids["director"])
    return fixture.create_as(fixture.director, "presales.test.drive", values)


def new_desired(fixture, category):
    return {"lead_id": fixture.lead(category), "make": "Skoda", "model": "Octavia"}


def new_trade_in(fixture, category):
    return {"lead_id": fixture.lead(category), "make": "Opel", "model": "Astra"}


def new_quote(fixture, category):
    return {"lead_id": fixture.lead(category), "kind": "cash", "vehicle_price": 20000.0}


def vin(number):
    """A VIN with a valid North-American check digit (position 9), distinct per number."""
    body = "1HGCM826%s3A%06d" % ("0", number % 1000000)
    values = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
    weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
    total = sum((int(char) if char.isdigit() else values[char]) * weight for char, weight in zip(body, weights))
    check = "X" if total % 11 == 10 else str(total % 11)
    return body[:8] + check + body[9:]


def new_stock(fixture, category):
    number = next(fixture.slots)
    return {"stock_number": "MX%06d" % number, "vin": vin(number), "make": "Volkswagen",
            "model": "Golf", "team_id": fixture.teams[category]}


def new_event(fixture, category):
    anchor = fixture.anchors[category]
    return {"name": "Matrix appointment", "opportunity_id": anchor["lead"], "res_model_id": fixture.crm_lead_model,
            "res_id": anchor["lead"], "start": in_future(fixture, category), "stop": in_future(fixture, category, 1)}


def new_message(fixture, category):
    return {"model": "crm.lead", "res_id": fixture.lead(category), "body": "Matrix note", "message_type": "comment"}


def new_activity(fixture, category):
    anchor = fixture.anchors[category]
    return {"res_model_id": fixture.crm_lead_model, "res_id": anchor["lead"], "summary": "Matrix to-do",
            "activity_type_id": fixture.activity_type, "date_deadline": "2031-01-06"}


def make_activity(fixture, category):
    values = dict(new_activity(fixture, category), user_id=fixture.anchors[category]["user"] or fixture.uids[
        "director"])
    return fixture.create_as(fixture.director, "mail.activity", values)


def make_done_activity(fixture, category):
    """A done activity: the message the activity report shows."""
    activity = make_activity(fixture, category)
    return fixture.director.call("mail.activity", "action_feedback", [activity], feedback="Matrix done")


def new_follower(fixture, category):
    # a contact who is no customer (a colleague at a supplier): anyone may name them
    partner = fixture.create_as(fixture.director, "res.partner", {"name": "Matrix follower", "customer": False})
    return {"res_model": "crm.lead", "res_id": fixture.lead(category), "partner_id": partner}


def new_attachment(fixture, category):
    return {"res_model": "crm.lead", "res_id": fixture.lead(category), "name": "matrix.txt",
            "datas": base64.b64encode(b"matrix").decode()}


def new_mail(fixture, category):
    return {"model": "crm.lead", "res_id": fixture.lead(category), "subject": "Matrix mail",
            "body_html": "<p>Matrix</p>", "email_to": "matrix@example.com", "state": "cancel"}


def new_order(fixture, category):
    return {"partner_id": fixture.anchors[category]["partner"]}


def make_order(fixture, category):
    """The director's order for the sales up's customer, in the name of its salesperson and branch."""
    anchor = fixture.anchors[category]
    return fixture.create_as(fixture.director, "sale.order", dict(
        new_order(fixture, category), user_id=anchor["user"], team_id=anchor["team"]))


def new_invoice(fixture, category):
    return {"partner_id": fixture.anchors[category]["partner"], "type": "out_invoice"}


def make_invoice(fixture, category):
    anchor = fixture.anchors[category]
    return fixture.create_as(fixture.director, "account.invoice", dict(
        new_invoice(fixture, category), user_id=anchor["user"], team_id=anchor["team"]))


def new_template(fixture, category):
    return {"name": "Matrix template", "model_id": fixture.crm_lead_model, "subject": "Matrix"}


def new_alias(fixture, category):
    return {"alias_name": "matrix-%d" % next(fixture.slots), "alias_model_id": fixture.crm_lead_model}


def new_source(fixture, category):
    return {"name": "Matrix source %d" % next(fixture.slots)}


def new_rule(fixture, category):
    return {"name": "Matrix rule %d" % next(fixture.slots), "team_id": fixture.teams["AMS"], "active": False,
            "user_ids": [(6, 0, [fixture.uids["sales1"]])]}


def new_cost(fixture, category):
    return {"source_id": fixture.source, "date_from": "2031-01-01", "date_to": "2031-01-31", "amount": 100.0}


def new_backend(fixture, category):
    number = next(fixture.slots)
    return {"name": "Matrix DMS %d" % number, "code": "matrix-%d" % number}


def found(fixture, model, domain):
    ids = fixture.director.call(model, "search", domain, limit=1, context=INACTIVE_TOO)
    return ids and ids[0]


def make_phase_stay(fixture, category):
    """A moment on the sales up (the unassigned one has none in the demo): its stay in a phase."""
    make_moment(fixture, category)
    return found(fixture, "sales_monitor.phase.time.report", lead_of(fixture, category))


def activity_report_rules(role, operation):
    """The report pack's activity list follows the activity's owner and the owner's branch
    (report_pack_security.xml), not the sales up: the unassigned sales up's activity is the
    director's own (make_activity), so no branch manager sees it."""
    if operation not in READS:
        return set()
    return set(OWNS[role]) if role == "director" else set(OWNS[role]) - {"UN"}


def make_activity_row(fixture, category):
    """A planned activity of the sales up's owner: its line in the report pack's activity list."""
    activity = make_activity(fixture, category)
    return found(fixture, "sales_monitor.activity.report", [("lead_id", "=", fixture.lead(category)),
                                                            ("source", "=", "activity"), ("id", "=", activity * 4)])


def make_lost_sales_up(fixture, category):
    """A lost sales up with the category's owner, second salesperson and branch: its loss line."""
    anchor = fixture.anchors[category]
    values = dict(new_sales_up(fixture, category), user_id=anchor["user"], team_id=anchor["team"])
    if category == "S1":
        values["second_user_id"] = fixture.uids["sales2"]
    lead = fixture.create_as(fixture.director, "crm.lead", values)
    # a lost sales up says why (Mark Lost's dialog writes the reason first)
    reason = fixture.director.call("crm.lost.reason", "search", [], limit=1)[0]
    fixture.director.call("crm.lead", "write", [lead], {"user_id": anchor["user"], "team_id": anchor["team"],
                                                        "lost_reason": reason})
    fixture.director.call("crm.lead", "action_set_lost", [lead])
    return found(fixture, "sales_monitor.loss.report", [("lead_id", "=", lead)])


def customer_row(fixture, category):
    return [("partner_id", "=", fixture.anchors[category]["partner"])]


def new_postcode(fixture, category):
    return {"country_code": "NL", "postcode": "9%03d MX" % (next(fixture.slots) % 1000), "latitude": 52.0,
            "longitude": 5.0}


def new_target(fixture, category):
    number = next(fixture.slots)
    return {"user_id": fixture.anchors[category]["user"], "leads": number,
            "month": "%d-%02d-01" % (2040 + number % 60, number // 60 % 12 + 1)}


def make_target(fixture, category):
    """A target of the category's salesperson (the unassigned sales up has none: not tried)."""
    if not fixture.anchors[category]["user"]:
        return False
    return fixture.create_as(fixture.director, "sales_monitor.target", new_target(fixture, category))


def target_rules(role, operation):
    """Targets are per salesperson (not per sales up): a salesperson reads their own, a branch
    manager their branch's and writes them, the director all (sales_monitor_security.xml)."""
    own = OWNS[role] - {"UN"}
    if operation in READS or role in MANAGERS:
        return set(own)
    return set()


def new_configuration(fixture, category):
    return {"lead_id": fixture.lead(category)}


def new_offer(fixture, category):
    return {"lead_id": fixture.lead(category)}


def make_project_group(fixture, category):
    """An offer files the customer under a project group: the group of the category's customer."""
    offer = fixture.create_as(fixture.director, "presales.offer", new_offer(fixture, category))
    group = fixture.director.call("presales.offer", "read", [offer], ["project_group_id"])[0]["project_group_id"]
    return group and group[0]


def new_project_group(fixture, category):
    """One group per customer (the fixture's offer made the customer's): a contact of the customer."""
    with fixture.lock:
        partner = fixture.contacts.get(category)
    if not partner:
        partner = fixture.create_as(fixture.director, "res.partner", new_partner(fixture, category))
        fixture.contacts[category] = partner
    return {"name": "Matrix project", "partner_id": partner}


def project_group_rules(role, operation):
    """Seen by who sees an offer on it (its sales up); only the director changes groups."""
    if operation in READS:
        return set(SEES[role])
    return set(LEAD_CATEGORIES) if role == "director" else set()


def make_sub_project(fixture, category):
    """The director splits the category customer's deal: a sub-project for the category's sales up."""
    return fixture.create_as(fixture.director, "presales.sub.project", {
        "name": "Matrix part", "project_group_id": make_project_group(fixture, category),
        "lead_id": fixture.lead(category)})


def new_make(fixture, category):
    return {"name": "Matrix make %d" % next(fixture.slots)}


def new_model(fixture, category):
    return {"name": "Matrix model %d" % next(fixture.slots), "make_id": fixture.director.ref(
        "automotive_configurator.make_vw")}


def dms_backend(fixture):
    if not fixture.backend:
        fixture.backend = fixture.create_as(fixture.director, "dms.backend", new_backend(fixture, "ANY"))
    return fixture.backend


def new_moment_type(fixture, category):
    return {"backend_id": dms_backend(fixture), "code": "MATRIX%d" % next(fixture.slots), "kind": "lead",
            "phase_id": fixture.director.ref("automotive_presales.phase_lead_importer")}


def new_site_map(fixture, category):
    return {"backend_id": dms_backend(fixture), "site_code": "MX%d" % next(fixture.slots),
            "team_id": fixture.teams["AMS"]}


def new_user_map(fixture, category):
    return {"backend_id": dms_backend(fixture), "dms_user": "mx%d" % next(fixture.slots),
            "user_id": fixture.uids["sales1"]}


def new_file_import(fixture, category):
    return {"backend_id": dms_backend(fixture), "name": "matrix.csv",
            "content": base64.b64encode(b"id;name\n").decode()}


def by_admin(model, values):
    """Records only the connector makes (nobody creates them over RPC): the administrator does."""
    def make(fixture, category):
        return fixture.create_as(fixture.admin, model, values(fixture, category))
    return make


def dms_record(fixture, category):
    return {"backend_id": dms_backend(fixture), "external_id": "MX%d" % next(fixture.slots), "payload": "{}"}


def quarantine_values(fixture, category):
    return dict(dms_record(fixture, category), kind="moment", reason="Matrix: unknown customer")


def new_column_map(fixture, category):
    return {"backend_id": dms_backend(fixture), "header": "Matrix %d" % next(fixture.slots), "field": "vin"}


def outbound_values(fixture, category):
    return {"backend_id": dms_backend(fixture), "event": "status", "res_model": "crm.lead",
            "res_id": fixture.lead("S1"), "name": "Matrix sales up", "payload": "{}",
            "event_time": "2026-11-02 10:00:00", "dedupe_key": "matrix:%d" % next(fixture.slots)}


def director_reads_and_writes(role, operation):
    """The connector's outbox: only the director reads it and sends a message again (write)."""
    return {"ANY"} if role == "director" and operation in READS + ("write",) else set()


def reconciliation_values(fixture, category):
    return dict(dms_record(fixture, category), customer_name="Matrix customer", team_id=fixture.teams[category])


def binding_values(odoo_id):
    def values(fixture, category):
        record = dms_record(fixture, category)
        del record["payload"]
        return dict(record, odoo_id=odoo_id(fixture))
    return values


def reconciliation_rules(role, operation):
    """A branch manager decides their branch's matches, the director all; only the connector
    creates or deletes them."""
    if operation in READS or operation == "write":
        if role == "director":
            return set(BRANCH_CATEGORIES)
        return {BRANCH_OF[role]} if role in MANAGERS else set()
    return set()


def make_attribution_change(fixture, category):
    """The director credits the matrix's own sales up to another source: one ledger line."""
    wizard = fixture.director.call("presales.attribution.change.wizard", "create", {
        "lead_id": fixture.lead("UN"), "new_source_id": fixture.new_source(),
        "reason": "Matrix: the customer came through another channel"})
    fixture.director.call("presales.attribution.change.wizard", "action_apply", [wizard])
    return fixture.director.call("presales.attribution.change", "search", [("lead_id", "=", fixture.lead("UN"))],
                                 limit=1)[0]


def new_consent(fixture, category):
    """A statement on the category's customer; each at its own time (the ledger keeps a statement once)."""
    when = datetime.datetime(2030, 1, 1) + datetime.timedelta(seconds=next(fixture.slots))
    return {"partner_id": fixture.anchors[category]["partner"], "channel": "post", "purpose": "survey",
            "state": "given", "source": "in_person", "reason": "Matrix", "given_at": when.strftime("%Y-%m-%d %H:%M:%S")}


def make_privacy_log(fixture, category):
    """A consent statement by the director: its line in the privacy log."""
    values = new_consent(fixture, "UN")
    fixture.create_as(fixture.director, "dealer.consent", values)
    return found(fixture, "dealer.privacy.log", [("partner_id", "=", values["partner_id"]), ("event", "=", "consent")])


def retention_values(fixture, category):
    return {"partner_id": fixture.anchors["UN"]["partner"], "state": "review", "erase_on": "2031-01-01"}


def retention_rules(role, operation):
    """The retention list: made by the cron, reviewed (written) by the director only."""
    return {"ANY"} if role == "director" and operation in READS + ("write",) else set()


def new_privacy_activity(fixture, category):
    return {"name": "Matrix processing %d" % next(fixture.slots)}


def new_privacy_request(fixture, category):
    """OCA privacy_consent's request to the category's customer for a processing activity of its own."""
    activity = fixture.create_as(fixture.director, "privacy.activity", new_privacy_activity(fixture, category))
    return {"partner_id": fixture.anchors[category]["partner"], "activity_id": activity}


def privacy_request_rules(role, operation):
    """OCA's consent requests: the Data Protection Manager's, which the director is (dealer_privacy)."""
    return set(LEAD_CATEGORIES) if role == "director" else set()


INACTIVE_TOO = {"active_test": False}
SALES_UP = follows_sales_up()

# fmt: off
MODELS = [
    # our addons
    Spec("crm.lead", "lead", follows_sales_up(unlink="director", portfolio=("create",)), new_sales_up,
         find=the_sales_up, group_field="partner_id", write_field="description"),
    Spec("presales.contact.moment", "lead", follows_sales_up(unlink="managers"), new_moment, make=make_moment,
         write_field="summary"),
    Spec("presales.sales.step", "lead", follows_sales_up(unlink="managers"), new_step, write_field="done_at",
         tidy=True),
    Spec("presales.test.drive", "lead", follows_sales_up(unlink="managers"), new_drive, make=make_drive,
         write_field="feedback"),
    Spec("presales.desired.vehicle", "lead", SALES_UP, new_desired, write_field="trim"),
    Spec("presales.trade.in", "lead", SALES_UP, new_trade_in, write_field="make"),
    Spec("presales.finance.quote", "lead", SALES_UP, new_quote, write_field="vehicle_price"),
    Spec("presales.sales.step.report", "lead", report_follows_sales_up, find=lead_of, operations=READS),
    Spec("sales_monitor.moment.report", "lead", report_follows_sales_up, find=lead_of, operations=READS),
    Spec("presales.assignment.log", "branch", logs_rules, find=lambda fixture, category: [
        ("lead_id.team_id", "=", fixture.teams[category])], write_field="assigned_at"),
    Spec("presales.stock.vehicle", "branch", stock_rules, new_stock, write_field="colour"),
    Spec("presales.funnel.phase", "global", everyone_reads(DIRECTOR), find=anything, write_field="name",
         operations=READS + ("write",)),
    # the rest of the funnel's vocabulary: every employee reads it, the director changes it
    Spec("presales.funnel.block", "global", everyone_reads(DIRECTOR), find=anything, write_field="name",
         operations=READS + ("write",)),
    Spec("presales.moment.kind", "global", everyone_reads(DIRECTOR), find=anything, write_field="name",
         operations=READS + ("write",)),
    Spec("presales.moment.type", "global", everyone_reads(DIRECTOR), find=anything, write_field="name",
         operations=READS + ("write",)),
    Spec("presales.first.contact.rule", "global", everyone_reads(DIRECTOR), find=anything, write_field="counts",
         operations=READS + ("write",)),
    Spec("presales.sales.process", "global", everyone_reads(DIRECTOR), find=anything, write_field="name",
         operations=READS + ("write",)),
    Spec("presales.assignment.rule", "global", managers_read_director_writes, new_rule, write_field="name"),
    Spec("presales.source.cost", "global", director_only, new_cost, write_field="amount"),
    Spec("presales.source.report", "global", readers_only(DIRECTOR), find=anything, group_field="source_id",
         operations=READS),
    Spec("presales.attribution.change", "global", readers_only(DIRECTOR), make=make_attribution_change,
         write_field="reason"),
    Spec("dms.backend", "global", director_only, new_backend, write_field="name"),
    # sales_monitor: the reports follow the sales up like the moment report
    Spec("sales_monitor.opportunity.report", "lead", report_follows_sales_up, find=lead_of, operations=READS),
    Spec("sales_monitor.conversion.report", "lead", report_follows_sales_up, find=lead_of, operations=READS),
    Spec("sales_monitor.phase.time.report", "lead", report_follows_sales_up, make=make_phase_stay,
         operations=READS),
    Spec("sales_monitor.loss.report", "lead", report_follows_sales_up, make=make_lost_sales_up, operations=READS),
    Spec("sales_monitor.activity.report", "lead", activity_report_rules, make=make_activity_row,
         operations=READS),
    # the customer's line: like res.partner, the company portfolio (no salesperson) is every manager's
    Spec("sales_monitor.client.report", "lead", follows_sales_up(portfolio=READS), find=customer_row,
         group_field="partner_id", operations=READS),
    Spec("sales_monitor.acquisition.report", "global", readers_only(DIRECTOR), find=anything,
         group_field="source_id", operations=READS),
    Spec("sales_monitor.postcode", "global", everyone_reads(DIRECTOR, DIRECTOR), new_postcode,
         write_field="latitude"),
    Spec("sales_monitor.target", "lead", target_rules, new_target, make=make_target, group_field="leads",
         write_field="test_drives"),
    # automotive_configurator
    Spec("presales.vehicle.configuration", "lead", SALES_UP, new_configuration, write_field="quantity"),
    Spec("presales.offer", "lead", follows_sales_up(unlink="managers"), new_offer, write_field="validity_date"),
    Spec("presales.project.group", "lead", project_group_rules, new_project_group, make=make_project_group,
         group_field="partner_id", write_field="name"),
    # a sub-project holds one sales up (unique), so no second one is created over RPC
    Spec("presales.sub.project", "lead", project_group_rules, make=make_sub_project, group_field="lead_id",
         write_field="name", operations=READS + ("write", "unlink")),
    Spec("presales.catalog.make", "global", everyone_reads(DIRECTOR, DIRECTOR), new_make, write_field="name"),
    Spec("presales.catalog.model", "global", everyone_reads(DIRECTOR, DIRECTOR), new_model, write_field="name"),
    # dms_connector: configuration and the connector's ledgers are the director's; the
    # reconciliation queue is decided per branch
    Spec("dms.moment.type", "global", director_only, new_moment_type, write_field="name"),
    Spec("dms.site.map", "global", director_only, new_site_map, write_field="site_code"),
    Spec("dms.user.map", "global", director_only, new_user_map, write_field="dms_user"),
    Spec("dms.file.import", "global", director_only, new_file_import, write_field="name"),
    Spec("dms.quarantine", "global", director_only, make=by_admin("dms.quarantine", quarantine_values),
         write_field="reason", operations=READS + ("write",)),
    Spec("dms.reconciliation", "branch", reconciliation_rules,
         make=by_admin("dms.reconciliation", reconciliation_values), write_field="customer_name",
         operations=READS + ("write",)),
    Spec("dms.moment.binding", "global", readers_only(DIRECTOR), make=by_admin("dms.moment.binding", binding_values(
        lambda fixture: found(fixture, "presales.contact.moment", []))), operations=READS),
    Spec("dms.partner.binding", "global", readers_only(DIRECTOR), make=by_admin("dms.partner.binding",
         binding_values(lambda fixture: fixture.anchors["S1"]["partner"])), operations=READS),
    Spec("dms.lead.binding", "global", readers_only(DIRECTOR), make=by_admin("dms.lead.binding", binding_values(
        lambda fixture: fixture.lead("S1"))), operations=READS),
    # dealer_privacy: the ledger follows the customer and is never changed; the log and the
    # retention list are the director's; OCA privacy's activities and requests too
    Spec("dealer.consent", "lead", follows_sales_up(write="nobody", unlink="nobody", portfolio=READS + ("create",)),
         new_consent, group_field="partner_id", write_field="reason"),
    Spec("dealer.privacy.log", "global", readers_only(DIRECTOR), make=make_privacy_log, group_field="event",
         operations=READS),
    Spec("dealer.privacy.retention", "global", retention_rules,
         make=by_admin("dealer.privacy.retention", retention_values), group_field="state", write_field="keep_reason",
         operations=READS + ("write",)),
    Spec("privacy.activity", "global", director_only, new_privacy_activity, write_field="name"),
    Spec("privacy.consent", "lead", privacy_request_rules, new_privacy_request, group_field="partner_id",
         write_field="accepted"),
    Spec("dms.column.map", "global", director_only, new_column_map, write_field="header"),
    Spec("dms.outbound.message", "global", director_reads_and_writes,
         make=by_admin("dms.outbound.message", outbound_values), write_field="external_id",
         operations=READS + ("write",)),
    # core models that carry our data
    Spec("res.partner", "lead", follows_sales_up(unlink="nobody", portfolio=OPERATIONS), new_partner,
         find=its_customer,
         group_field="name", write_field="comment"),
    Spec("calendar.event", "lead", SALES_UP, new_event, group_field="opportunity_id",
         write_field="description", context=INACTIVE_TOO),
    Spec("mail.message", "lead", SALES_UP, new_message,
         group_field="res_id", write_field="body"),
    Spec("mail.activity", "lead", SALES_UP, new_activity, make=make_activity, group_field="res_id",
         write_field="note"),
    # followers and queued mails are deleted by administrators only (core ACL): unsubscribe is the way
    Spec("mail.followers", "lead", follows_sales_up(write="nobody", unlink="nobody"), new_follower,
         group_field="res_id", write_field="res_id"),
    Spec("ir.attachment", "lead", SALES_UP, new_attachment, group_field="res_id", write_field="description"),
    Spec("mail.mail", "lead", follows_sales_up(unlink="nobody"), new_mail,
         group_field="res_id", write_field="subject"),
    Spec("crm.activity.report", "lead", report_follows_sales_up, make=make_done_activity, operations=READS),
    Spec("crm.opportunity.report", "lead", own_report, find=the_sales_up, group_field="partner_id",
         operations=READS),
    Spec("sale.order", "lead", own_documents(unlink="director"), new_order,
         make=make_order, group_field="partner_id", write_field="note"),
    Spec("account.invoice", "lead", own_documents(unlink="director"), new_invoice,
         make=make_invoice, group_field="partner_id", write_field="comment"),
    # deleting templates and sources is for administrators (the director archives or edits them)
    Spec("mail.template", "global", everyone_reads(DIRECTOR), new_template, write_field="subject"),
    Spec("mail.alias", "global", everyone_reads(DIRECTOR, DIRECTOR), new_alias, write_field="alias_contact"),
    Spec("utm.source", "global", sources_rules, new_source, write_field="name"),
]
# fmt: on


# ----------------------------------------------------------------------------- the fixture

class Fixture:
    """The records of every category, made or found by the director, and removed at the end."""

    def __init__(self, director, admin):
        self.director = director
        self.slots = itertools.count(int(time.time()) % 10000 * 100)
        self.hours = itertools.count(int(time.time()) % 1000)
        self.lock = threading.Lock()
        self.created = {}          # model -> ids made by anyone during the run, removed at the end
        self.records = {}          # model -> category -> the record tried
        self.current = {}          # model -> record id -> the value of its write_field
        self.problems = []
        self.untested = []
        self.timings = []
        self.groups = {}           # model -> group_field value -> category
        self.steps_taken = {}
        self.backend = None
        self.contacts = {}         # category -> a contact of its customer (project groups)
        self.lead_fields = None    # crm.lead's fields_get, for the x2many command cells
        self.link_cells = 0
        self.admin = admin
        self.uids = {login: director.call("res.users", "search", [("login", "=", login)])[0] for login in ROLES}
        self.teams = {"AMS": director.ref("automotive_presales.branch_amsterdam"),
                      "UTR": director.ref("automotive_presales.branch_utrecht")}
        self.crm_lead_model = director.call("ir.model", "search", [("model", "=", "crm.lead")])[0]
        self.activity_type = director.call("mail.activity.type", "search", [], limit=1)[0]
        self.follower_partner = director.call("res.users", "read", [self.uids["sales2"]], ["partner_id"])[0][
            "partner_id"][0]
        self.source = director.ref("utm.utm_source_search_engine")
        leads = {"S1": "sales_up_01", "S1X": "sales_up_07", "S2": "sales_up_02", "S3": "sales_up_03"}
        self.anchors = {}
        for category, xmlid in leads.items():
            self.anchors[category] = self._anchor(director.ref("automotive_presales." + xmlid))
        self.second_before = director.call("crm.lead", "read", [self.anchors["S1"]["lead"]],
                                           ["second_user_id"])[0]["second_user_id"]
        director.call("crm.lead", "write", [self.anchors["S1"]["lead"]], {"second_user_id": self.uids["sales2"]})
        self.anchors["UN"] = self._anchor(self._unassigned_sales_up())

    def _anchor(self, lead_id):
        lead = self.director.call("crm.lead", "read", [lead_id], ["partner_id", "user_id", "team_id"])[0]
        return {"lead": lead_id, "partner": lead["partner_id"] and lead["partner_id"][0],
                "user": lead["user_id"] and lead["user_id"][0], "team": lead["team_id"] and lead["team_id"][0]}

    def _unassigned_sales_up(self):
        partner = self.create_as(self.director, "res.partner", {"name": "Matrix unassigned customer",
                                                                "customer": True})
        lead = self.create_as(self.director, "crm.lead", {
            "name": "Matrix unassigned sales up", "type": "opportunity", "lead_type": "walk_in",
            "lead_status": "warm", "partner_id": partner, "team_id": self.teams["AMS"], "user_id": False})
        # distribution may have picked someone: unassigned means no owner
        self.director.call("crm.lead", "write", [lead], {"user_id": False, "team_id": self.teams["AMS"]})
        return lead

    def lead(self, category):
        return self.anchors[category]["lead"]

    def create_as(self, client, model, values, context=None):
        try:
            record_id = client.call(model, "create", values, context=context or {})
        except RpcError as error:
            # two models of the matrix subscribing the director to one record at the same moment
            if "cannot follow twice" not in error.message:
                raise
            record_id = client.call(model, "create", values, context=context or {})
        with self.lock:
            self.created.setdefault(model, []).append(record_id)
        return record_id

    def make(self, spec, category):
        if spec.find:
            found = self.director.call(spec.model, "search", spec.find(self, category), limit=1,
                                       context=dict(INACTIVE_TOO, **spec.context))
            return found and found[0]
        if spec.make:
            return spec.make(self, category)
        return self.create_as(self.director, spec.model, spec.values(self, category), spec.context)

    def prepare(self, spec):
        """One record per category (made by the director, or found), the value its write rewrites
        and the value of its group_field (how read_group answers are told apart)."""
        records = {}
        for category in spec.categories:
            try:
                record_id = self.make(spec, category)
            except RpcError as error:
                self.problems.append("%s %s: the director cannot make the fixture: %s" % (
                    spec.model, category, error.message.splitlines()[0] if error.message else error.name))
                continue
            if record_id:
                records[category] = record_id
            else:
                self.untested.append("%s %s: no record to try in the demo data" % (spec.model, category))
        self.records[spec.model] = records
        self.current[spec.model] = {}
        self.groups[spec.model] = {}
        fields = [spec.group_field] + ([spec.write_field] if "write" in spec.operations else [])
        rows = self.director.call(spec.model, "read", list(records.values()), fields,
                                  context=dict(INACTIVE_TOO, **spec.context)) if records else []
        category_of = {record_id: category for category, record_id in records.items()}
        for row in rows:
            value = row[spec.group_field]
            self.groups[spec.model][value[0] if isinstance(value, list) else value] = category_of[row["id"]]
            if "write" in spec.operations:
                value = row[spec.write_field]
                self.current[spec.model][row["id"]] = value[0] if isinstance(value, list) else value
        return records

    def free_step(self, category):
        """A sales-process step the sales up has not reached yet (each is reached once)."""
        lead = self.lead(category)
        with self.lock:
            if lead not in self.steps_taken:
                self.steps_taken[lead] = {row["step"] for row in self.director.call(
                    "presales.sales.step", "search_read", [("lead_id", "=", lead)], ["step"])}
            free = [step for step in STEP_KEYS if step not in self.steps_taken[lead]]
            step = free[0] if free else STEP_KEYS[0]
            self.steps_taken[lead].add(step)
        return step

    def tidy(self, spec, ids):
        left = self.director.call(spec.model, "search", [("id", "in", list(ids))])
        if left:
            self.director.call(spec.model, "unlink", left)
        with self.lock:
            self.steps_taken.clear()

    def new_source(self):
        return self.create_as(self.director, "utm.source", {"name": "Matrix source %d" % next(self.slots)})

    def replace(self, spec, category):
        """A role deleted the record the others still have to try: the director makes another."""
        if not spec.find:
            old_id = self.records[spec.model][category]
            try:
                new_id = self.make(spec, category)
            except RpcError as error:
                self.problems.append("%s %s: the director cannot replace the record a role deleted: %s" % (
                    spec.model, category, error.message.splitlines()[0] if error.message else error.name))
                return
            self.records[spec.model][category] = new_id
            self.current[spec.model][new_id] = self.current[spec.model].get(old_id)

    def cleanup(self, admin):
        """The administrator removes what the run made (some of it only an administrator may)."""
        for model, ids in reversed(list(self.created.items())):
            left = admin.call(model, "search", [("id", "in", ids)], context=INACTIVE_TOO)
            try:
                if left:
                    admin.call(model, "unlink", left)
            except RpcError as error:
                print("cleanup: %s %s stay: %s" % (model, left, error.message.splitlines()[0]))
        self.director.call("crm.lead", "write", [self.anchors["S1"]["lead"]],
                           {"second_user_id": self.second_before and self.second_before[0]})


# ----------------------------------------------------------------------------- the run

STEP_KEYS = ("greeting", "needs_analysis", "phone_up", "appointment_set", "appointment_shown",
             "vehicle_presented", "demo", "write_up", "signed")


def _refusal(error):
    """False when the server refused (the answer the matrix expects), else the error in short."""
    if error.name in REFUSALS:
        return False
    return "%s: %s" % (error.name.rsplit(".", 1)[-1], error.message.splitlines()[0][:120] if error.message else "")


class Attempts:
    """What one role did to one model: per operation the categories tried, done and the errors."""

    def __init__(self, spec):
        self.tried = {operation: set() for operation in spec.operations}
        self.done = {operation: set() for operation in spec.operations}
        self.errors = {operation: [] for operation in spec.operations}
        self.mine = {}             # category -> the record this role created

    def batch(self, operation, categories, call):
        """One call over several categories; `call()` returns the categories it reached, or None
        when it is all or nothing (then a refusal tells nothing about each one: try them singly)."""
        categories = set(categories)
        if not categories:
            return True
        try:
            reached = call()
        except RpcError as error:
            refusal = _refusal(error)
            if refusal:
                self.tried[operation] |= categories
                self.errors[operation].append(refusal)
            return False
        self.tried[operation] |= categories
        self.done[operation] |= categories if reached is None else reached
        return True

    def single(self, operation, category, call):
        """One call for one category: done unless refused."""
        self.tried[operation].add(category)
        try:
            call()
        except RpcError as error:
            refusal = _refusal(error)
            if refusal:
                self.errors[operation].append("%s: %s" % (category, refusal))
            return False
        self.done[operation].add(category)
        return True


def try_role(role, client, fixture, spec):
    """Every operation of one role on one model. Calls are batched where the answer is per record
    (search_read, read_group, name_search) or expected to be yes for the whole batch; a record
    expected to be refused is tried on its own, so that each refusal is proven."""
    attempts = Attempts(spec)
    try_reads(client, fixture, spec, attempts)
    try_changes(role, client, fixture, spec, attempts)
    return attempts


def try_reads(client, fixture, spec, attempts):
    records = fixture.records[spec.model]
    by_id = {record_id: category for category, record_id in records.items()}
    probes = [("id", "in", list(by_id))]
    context = dict(INACTIVE_TOO, **spec.context)
    operations = spec.operations
    if "search_read" in operations:
        attempts.batch("search_read", records, lambda: {by_id[row["id"]] for row in client.call(
            spec.model, "search_read", probes, ["id"], context=context)})
    if "read_group" in operations:
        groups = fixture.groups[spec.model]

        def grouped():
            reached = set()
            for group in client.call(spec.model, "read_group", probes, [spec.group_field], [spec.group_field],
                                     lazy=False, context=context):
                value = group[spec.group_field]
                value = value[0] if isinstance(value, (list, tuple)) else value
                if group["__count"] and value in groups:
                    reached.add(groups[value])
            return reached
        attempts.batch("read_group", records, grouped)
    if "name_search" in operations:
        attempts.batch("name_search", records, lambda: {by_id[pair[0]] for pair in client.call(
            spec.model, "name_search", "", probes, "ilike", 1000, context=context)})


def try_changes(role, client, fixture, spec, attempts):
    records = fixture.records[spec.model]
    context = dict(INACTIVE_TOO, **spec.context)
    operations = spec.operations
    current = fixture.current[spec.model]

    def ids(categories):
        return [records[category] for category in sorted(categories)]

    def per_record(operation, call, batch=True):
        """call(categories): the ones the role may use in one call (when `batch`), the others one by
        one so that each refusal is proven; a refused batch is retried one by one."""
        expected = spec.expected(role, operation) & set(records)
        singly = set(records) - expected
        try:
            if expected and batch:
                call(expected)
                attempts.tried[operation] |= expected
                attempts.done[operation] |= expected
            else:
                singly |= expected
        except RpcError:
            singly |= expected
        for category in singly:
            attempts.single(operation, category, lambda: call({category}))

    if "export_data" in operations:
        per_record("export_data", lambda categories: client.call(
            spec.model, "export_data", ids(categories), [spec.export_field], context=context))
    if "write" in operations:
        # rewrite what is there: one call when the records hold the same value
        per_record("write", lambda categories: client.call(
            spec.model, "write", ids(categories), {spec.write_field: current[ids(categories)[0]]}, context=context),
            batch=len({repr(value) for value in current.values()}) == 1)
    mine = attempts.mine
    expected = spec.expected(role, "create")
    if "create" in operations:
        # creating is slow (mail, computes): one category the role may use proves it can, and every
        # category it may not is tried
        allowed = sorted(expected & set(records))[:1]
        for category in allowed + sorted(set(records) - expected):
            values = spec.values(fixture, category)
            attempts.single("create", category, lambda: mine.__setitem__(
                category, fixture.create_as(client, spec.model, values, spec.context)))
    if "unlink" in operations:
        # where the role may delete: what it just made on that sales up (the director's record stays
        # for the roles after this one); elsewhere the director's record, which must survive
        expected = spec.expected(role, "unlink")
        allowed = [category for category in sorted(expected & set(records)) if category in mine]
        if not allowed and "create" not in operations:
            allowed = sorted(expected & set(records))
        for category in allowed + sorted(set(records) - expected):
            victim = mine.get(category) if category in expected else None
            if attempts.single("unlink", category, lambda: client.call(
                    spec.model, "unlink", [victim or records[category]], context=context)) and not victim:
                fixture.replace(spec, category)
    return attempts


# ----------------------------------------------------------------------------- link cells in every form

# The fields through which a record names what it belongs to; a write that changes one moves it.
LINK_FIELDS = ("lead_id", "opportunity_id", "res_id", "partner_id", "parent_id")


def link_forms(value):
    """The shapes a client can give a record id in (issue 16, hole 1): the int is the matrix's own
    create cell; these must be answered the same way."""
    return [("string", str(value)), ("float", float(value))]


def sales_up_collections(fixture, model):
    """The one2many fields of a sales up that hold records of `model` (x2many command cells)."""
    with fixture.lock:
        if fixture.lead_fields is None:
            fixture.lead_fields = fixture.director.call("crm.lead", "fields_get", attributes=["type", "relation"])
    return [name for name, field in fixture.lead_fields.items()
            if field["type"] == "one2many" and field.get("relation") == model]


def try_link_forms(role, client, fixture, spec):
    """Every link a role may not make, tried in every other form: the create cell's values with
    the link as a string, a float and a `default_` of the context; a write of the role's own record
    that moves its link there (int and string); the foreign record put into the role's own sales up
    with x2many commands (4, id) and (6, 0, ids). Returns (cells tried, differences)."""
    records = fixture.records[spec.model]
    tried, problems = 0, []
    context = dict(INACTIVE_TOO, **spec.context)
    refused = sorted(set(records) - spec.expected(role, "create")) if "create" in spec.operations else []

    def expect_refusal(label, call):
        nonlocal tried
        tried += 1
        try:
            call()
        except RpcError as error:
            refusal = _refusal(error)
            if refusal:
                problems.append("%s: %s" % (label, refusal))
            return
        problems.append("%s: accepted" % label)

    if refused and spec.values:
        category = refused[0]
        values = spec.values(fixture, category)
        link = next((name for name in LINK_FIELDS if isinstance(values.get(name), int) and values[name]), None)
        if link:
            for form, value in link_forms(values[link]):
                expect_refusal("create %s %s as %s" % (category, link, form), lambda: client.call(
                    spec.model, "create", dict(values, **{link: value}), context=context))
            rest = {name: value for name, value in values.items() if name != link}
            default = dict(context, **{"default_%s" % link: values[link]})
            expect_refusal("create %s %s as default_%s" % (category, link, link), lambda: client.call(
                spec.model, "create", rest, context=default))
    if "write" in spec.operations and spec.values:
        writable = sorted(spec.expected(role, "write") & set(records))
        foreign = sorted(set(records) - spec.expected(role, "create"))
        if writable and foreign:
            own, category = records[writable[0]], foreign[0]
            target = spec.values(fixture, category)
            for link in (name for name in LINK_FIELDS if isinstance(target.get(name), int) and target[name]):
                for form, value in [("int", target[link])] + link_forms(target[link])[:1]:
                    expect_refusal("write %s %s to %s as %s" % (writable[0], link, category, form), lambda: client.call(
                        spec.model, "write", [own], {link: value}, context=context))
    collections = sales_up_collections(fixture, spec.model) if spec.kind == "lead" else []
    if collections:
        own = sorted(spec.expected(role, "write") & set(records) & SEES[role])
        foreign = sorted(set(records) - SEES[role])
        if own and foreign:
            for collection in collections:
                for command in ([(4, records[foreign[0]])], [(6, 0, [records[foreign[0]]])]):
                    expect_refusal("sales up %s %s %s" % (own[0], collection, command[0][0]), lambda: client.call(
                        "crm.lead", "write", [fixture.lead(own[0])], {collection: command}, context=context))
    return tried, problems


def fmt(categories):
    return " ".join(sorted(categories)) or "-"


def check_model(spec, fixture, clients):
    """The matrix lines of one model: (role, model, operation, expected, got, status)."""
    started = time.time()
    fixture.prepare(spec)
    lines = []
    for role in ROLES:
        attempts = try_role(role, clients[role], fixture, spec)
        if spec.tidy:
            fixture.tidy(spec, attempts.mine.values())
        tried, problems = try_link_forms(role, clients[role], fixture, spec)
        fixture.link_cells += tried
        if problems:
            lines.append((role, spec.model, "link forms", "refused", "%d differ" % len(problems),
                          "DIFF " + "; ".join(problems)))
        for operation in OPERATIONS:
            if operation not in spec.operations:
                lines.append((role, spec.model, operation, "n/a", "n/a", ""))
                continue
            expected = spec.expected(role, operation) & attempts.tried[operation]
            got = attempts.done[operation]
            errors = attempts.errors[operation]
            status = "" if expected == got and not errors else "DIFF"
            lines.append((role, spec.model, operation, fmt(expected), fmt(got), " ".join([status] + errors).strip()))
    fixture.timings.append("%s %.1f s" % (spec.model, time.time() - started))
    return lines


def test_access_matrix(odoo_server, rpc, capsys):
    started = time.time()
    clients = {login: rpc(login) for login in ROLES}
    admin = rpc("admin")
    fixture = Fixture(clients["director"], admin)
    try:
        # one model after the other: in parallel they wait on each other's locks on the same
        # sales ups and customers, which costs more than it saves
        results = [check_model(spec, fixture, clients) for spec in MODELS]
    finally:
        fixture.cleanup(admin)
    lines = [line for model_lines in results for line in model_lines]
    mismatches = [line for line in lines if line[5].startswith("DIFF")]
    with capsys.disabled():
        width = max(len(spec.model) for spec in MODELS)
        print("\naccess matrix: role x model x operation: expected / got "
              "(S1 sales1's shared with sales2, S1X sales1's, S2 sales2's, S3 sales3's other branch, "
              "UN unassigned; AMS/UTR branches; ANY a global record)")
        for role, model, operation, expected, got, status in lines:
            print("%-9s %-*s %-12s %-20s %-20s %s" % (role, width, model, operation, expected, got, status))
        for problem in fixture.problems:
            print("fixture: " + problem)
        for untested in fixture.untested:
            print("untested: " + untested)
        print("time per model: " + ", ".join(fixture.timings))
        print("%d cells, %d link cells in other forms, %d differ, %.0f s" % (
            len(lines), fixture.link_cells, len(mismatches), time.time() - started))
    assert not fixture.problems, fixture.problems
    assert not mismatches, "\n".join("%s %s %s: expected %s, got %s %s" % cell for cell in mismatches)


# Models our addons grant access to that the matrix does not try, and why.
NOT_IN_MATRIX = {
    # reference data and lines of documents the matrix does try; who reads them is proven per role
    # by the census (tests/test_access_census.py), what they may change by the addons' tests named
    "presales.bpm.tariff": "the year's BPM tariff: every salesperson reads it, only the director changes it "
                           "(ACL); automotive_configurator test_price_on_the_road",
    "presales.bpm.tariff.bracket": "the brackets of a BPM tariff, as their tariff",
    "presales.road.ready.cost": "road-ready costs: read by salespeople, changed by the director (ACL)",
    "presales.finance.provider": "lease and finance providers: read by salespeople, changed by the director (ACL)",
    "presales.finance.rate": "the providers' rates, as their provider",
    "presales.offer.payment.option": "lines of an offer's payment grid, computed with their offer (presales.offer "
                                     "is in the matrix); rules in configurator_security.xml",
    "presales.deposit": "deposits follow their offer or order (configurator_security.xml); automotive_configurator "
                        "test_offer_desking",
    "presales.showroom.visit": "showroom visits of dealer_floor: own, branch, all (floor_security.xml); "
                               "dealer_floor test_showroom_visit, and the census per role",
    "sales_monitor.replacement.radar": "a read-only report of the salesperson's customers (report_pack_security.xml); "
                                       "sales_monitor test_replacement_radar",
    "fleet.vehicle": "Odoo's fleet, read-only for salespeople (make and model lists)",
    "fleet.vehicle.model": "Odoo's fleet, read-only for salespeople (make and model lists)",
    "fleet.vehicle.model.brand": "Odoo's fleet, read-only for salespeople (make and model lists)",
    "dms.file.import.line": "the lines of a dms.file.import, the director's only, like their import",
    "dms.reconciliation.candidate": "read-only lines of a dms.reconciliation, for its branch's manager and the "
                                    "director (dms_connector_security.xml); proven per role in dms_connector's "
                                    "test_dms_formats.py TestAccess",
    "dms.customer.vehicle": "a customer's cars from the DMS, following the customer rules on partner_id "
                            "(dms_connector_security.xml); proven per role in dms_connector's test_dms_formats.py "
                            "TestAccess",
}


def test_every_model_our_addons_grant_access_to_is_in_the_matrix():
    """A new model (a report of sales_monitor, a DMS table...) cannot skip the matrix: every
    model of an `ir.model.access.csv` line of our addons has a Spec, or a reason above."""
    in_matrix = {"model_" + spec.model.replace(".", "_") for spec in MODELS}
    exempt = {"model_" + model.replace(".", "_") for model in NOT_IN_MATRIX}
    missing = set()
    for path in glob.glob(os.path.join(ROOT, "addons", "*", "security", "ir.model.access.csv")):
        with open(path, newline="") as lines:
            for line in csv.DictReader(lines):
                model = line["model_id:id"].split(".")[-1]
                if model not in in_matrix | exempt:
                    missing.add("%s (%s)" % (model, os.path.relpath(path, ROOT)))
    assert not missing, "models without a Spec in MODELS: %s" % ", ".join(sorted(missing))
    reports = [spec.model for spec in MODELS if spec.model.startswith("sales_monitor.")]
    assert {"sales_monitor.moment.report", "sales_monitor.conversion.report", "sales_monitor.phase.time.report",
            "sales_monitor.loss.report"} <= set(reports)
