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
import concurrent.futures
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


_SALES_UP = "follows its sales up: own or second salesperson, the branch's manager, the director"
_OWN_DOCS = "the salesperson's own (no unassigned), the branch's for its manager, all for the director"
_CONFIG = "configuration every employee needs to work; changed by managers or administrators only"

# fmt: off
CENSUS = [
    # --- what a sales up is made of (our addons; rules in addons/*/security/*.xml)
    Census("crm.lead", DEALER, "sales ups: " + _SALES_UP + " (sales_up_security.xml)"),
    Census("crm.opportunity.report", DEALER, "pipeline analysis: " + _OWN_DOCS),
    Census("crm.activity.report", DEALER, "activity analysis: " + _SALES_UP),
    Census("presales.contact.moment", DEALER, "contact moments: " + _SALES_UP + "; without sales up the "
           "portfolio's (contact_moment_security.xml)"),
    Census("presales.sales.step", DEALER, "sales-process steps: " + _SALES_UP),
    Census("presales.sales.step.report", DEALER, "drop-off report: " + _SALES_UP),
    Census("presales.test.drive", DEALER, "test drives: " + _SALES_UP + "; without sales up the one who runs it"),
    Census("presales.desired.vehicle", DEALER, "desired vehicles: " + _SALES_UP),
    Census("presales.trade.in", DEALER, "trade-ins: " + _SALES_UP),
    Census("presales.finance.quote", DEALER, "finance quotes: " + _SALES_UP),
    Census("presales.vehicle.configuration", DEALER, "configurations: " + _SALES_UP),
    Census("presales.offer", DEALER, "offers: " + _SALES_UP),
    Census("presales.project.group", DEALER, "project groups: seen through an offer or sub-project one may see"),
    Census("presales.sub.project", DEALER, "fleet sub-projects: " + _SALES_UP),
    Census("presales.stock.vehicle", DEALER, "the stock every salesperson sells from; for whom a car is reserved "
           "is a director-only field"),
    Census("presales.catalog.make", DEALER, "the vehicle catalog"),
    Census("presales.catalog.model", DEALER, "the vehicle catalog"),
    Census("presales.funnel.phase", DEALER, "the funnel's phases (the director changes them)"),
    Census("presales.assignment.rule", MANAGERS, "distribution rules: branch managers read, the director changes"),
    Census("presales.assignment.log", MANAGERS, "assignment log: the branch's for its manager, all for the director"),
    Census("presales.attribution.change", DIRECTOR, "source attribution ledger: the director's"),
    Census("presales.source.cost", DIRECTOR, "lead source spend: the director's"),
    Census("presales.source.report", DIRECTOR, "cost per lead and sale: the director's"),
    Census("sales_monitor.moment.report", DEALER, "monitor report: " + _SALES_UP),
    Census("sales_monitor.opportunity.report", DEALER, "monitor report: " + _SALES_UP),
    Census("sales_monitor.conversion.report", DEALER, "monitor report: " + _SALES_UP),
    Census("sales_monitor.phase.time.report", DEALER, "monitor report: " + _SALES_UP),
    Census("sales_monitor.loss.report", DEALER, "monitor report: " + _SALES_UP),
    Census("sales_monitor.activity.report", DEALER, "follow-up discipline: the activity owner's, their branch's "
           "for its manager (report_pack_security.xml)"),
    Census("sales_monitor.client.report", DEALER, "client list: the customers one may see, figures of the sales ups "
           "and orders one may see"),
    Census("sales_monitor.acquisition.report", DIRECTOR, "client acquisition per source: the director's"),
    Census("sales_monitor.target", DEALER, "targets: own, the branch's for its manager"),
    Census("sales_monitor.postcode", DEALER, "postcode centres for the customer map (public geography)"),
    Census("dms.backend", DIRECTOR, "DMS link: the director's"),
    Census("dms.moment.type", DIRECTOR, "DMS mapping: the director's"),
    Census("dms.site.map", DIRECTOR, "DMS mapping: the director's"),
    Census("dms.user.map", DIRECTOR, "DMS mapping: the director's"),
    Census("dms.file.import", DIRECTOR, "DMS file imports: the director's"),
    Census("dms.file.import.line", DIRECTOR, "DMS file imports: the director's"),
    Census("dms.quarantine", DIRECTOR, "DMS quarantine: the director's"),
    Census("dms.reconciliation", MANAGERS, "DMS reconciliation queue: the branch's for its manager"),
    Census("dms.moment.binding", DIRECTOR, "DMS bindings: the director's"),
    Census("dms.partner.binding", DIRECTOR, "DMS bindings: the director's"),
    Census("dms.lead.binding", DIRECTOR, "DMS bindings: the director's"),
    Census("dms.column.map", DIRECTOR, "DMS stock-file columns: the director's"),
    Census("dms.outbound.message", DIRECTOR, "messages sent back to the DMS: the director's"),
    Census("dms.reconciliation.candidate", MANAGERS, "candidates of a reconciliation item: its branch's manager, "
           "the director (dms_connector_security.xml)"),
    Census("dms.customer.vehicle", DEALER, "a customer's cars from the DMS: follow the customer "
           "(dms_connector_security.xml)"),
    # --- the rest of the funnel's vocabulary and the sales processes (the director changes them)
    Census("presales.funnel.block", DEALER, "the funnel's blocks"),
    Census("presales.moment.kind", DEALER, "the contact-moment kinds"),
    Census("presales.moment.type", DEALER, "the standard moment types"),
    Census("presales.first.contact.rule", DEALER, "what counts as first contact"),
    Census("presales.sales.process", DEALER, "the sales processes and their stages"),
    # --- offers (automotive_configurator)
    Census("presales.bpm.tariff", DEALER, "the year's BPM tariff (public law; the director keeps it)"),
    Census("presales.bpm.tariff.bracket", DEALER, "the brackets of the BPM tariff"),
    Census("presales.road.ready.cost", DEALER, "road-ready costs every offer adds (the director keeps them)"),
    Census("presales.finance.provider", DEALER, "lease and finance providers (the director keeps them)"),
    Census("presales.finance.rate", DEALER, "the providers' rates (the director keeps them)"),
    Census("presales.offer.payment.option", DEALER, "an offer's payment grid: follows its offer, " + _SALES_UP
           + " (configurator_security.xml)"),
    Census("presales.deposit", DEALER, "deposits: follow their offer or order, " + _SALES_UP
           + " (configurator_security.xml)"),
    # --- the floor, the monitor's radar, privacy
    Census("presales.showroom.visit", DEALER, "showroom visits: own sales ups and own visits without one, the "
           "branch's for its manager, all for the director (dealer_floor floor_security.xml)"),
    Census("sales_monitor.replacement.radar", DEALER, "replacement radar: the salesperson's customers, the "
           "branch's for its manager (report_pack_security.xml)"),
    Census("dealer.consent", DEALER, "consent ledger: follows the customer: own portfolio and sales ups, the "
           "branch's for its manager (dealer_privacy_security.xml)"),
    Census("dealer.privacy.log", DIRECTOR, "privacy log: the director's"),
    Census("dealer.privacy.retention", DIRECTOR, "retention list: the director's"),
    Census("privacy.activity", DIRECTOR, "OCA privacy activities: the director's"),
    Census("privacy.consent", DEALER, "OCA privacy requests: follow the customer, as the ledger"),
    # --- core models our data flows into
    Census("res.partner", EVERYONE, "customers: own portfolio and those of own sales ups, the branch and company "
           "portfolio for managers (customer_security.xml); other partners (colleagues, companies, suppliers); a "
           "portal user their own"),
    Census("res.partner.bank", EMPLOYEES, "bank accounts: of the partners one may read (presales_partner_bound.py)"),
    Census("res.users", EVERYONE, "internal users and oneself; portal users for user administrators and the "
           "director (res_users_security.xml)"),
    Census("res.users.log", EVERYONE, "login log: one's own"),
    Census("sale.order", DEALER, "orders: " + _OWN_DOCS + " (sales_documents_security.xml)"),
    Census("sale.order.line", DEALER, "order lines: as their order"),
    Census("sale.report", DEALER, "sales analysis: " + _OWN_DOCS),
    Census("report.all.channels.sales", DEALER, "sales by channel: " + _OWN_DOCS + "; read-only"),
    Census("account.invoice", DEALER, "invoices: " + _OWN_DOCS + "; an employee without dealer role their own"),
    Census("account.invoice.line", DEALER, "invoice lines: as their invoice"),
    Census("account.invoice.tax", DEALER, "invoice taxes: as their invoice"),
    Census("account.invoice.report", DEALER, "invoice analysis: " + _OWN_DOCS),
    Census("account.move.line", DEALER, "journal items: of the invoices one may see; others for billing staff"),
    Census("account.analytic.account", EMPLOYEES, "analytic accounts: without partner, or of a partner one may read"),
    Census("fleet.vehicle", DEALER, "demo cars for test drives; a car driven by a customer as that customer"),
    Census("calendar.event", DEALER, "the agenda: entries of sales ups as their sales up, test drives and to-dos "
           "as theirs, own plain events (agenda_security.xml)"),
    Census("calendar.attendee", DEALER, "attendees: as their event (calendar_attendee.py)"),
    Census("calendar.contacts", EMPLOYEES, "'my calendars': one's own list"),
    Census("mail.message", EVERYONE, "messages: of documents one may read, authored or received (Odoo), a portal "
           "user no internal notes; digests are mails of no document"),
    Census("mail.mail", EMPLOYEES, "queued mails: as their message (mail_mail.py)"),
    Census("mail.followers", EVERYONE, "followers: of documents one may read, and one's own rows (mail_followers.py)"),
    Census("mail.activity", DEALER, "activities: of documents one may read, and one's own "
           "(mail_activity_visibility.py)"),
    Census("mail.notification", EVERYONE, "notifications: one's own"),
    Census("ir.attachment", EVERYONE, "files: of documents one may read, one's own files without document, public "
           "files (web assets)"),
    Census("mail.channel", EMPLOYEES, "Discuss channels: public ones and those one is member of (Odoo)"),
    Census("mail.channel.partner", EVERYONE, "Discuss memberships (Odoo; a portal user chats too): names of "
           "colleagues, no dealer data"),
    Census("mail.alias", EVERYONE, "the addresses mail comes in on (Odoo shows them as reply-to); changed by the "
           "director and administrators (mail_security.xml)"),
    Census("mail.template", EMPLOYEES, "mail templates, rendered by the composer; changed by the director and "
           "administrators"),
    Census("mail.activity.type", EMPLOYEES, _CONFIG),
    Census("mail.message.subtype", EVERYONE, _CONFIG),
    Census("mail.shortcode", EVERYONE, "chat shortcodes and emoji (Odoo)"),
    Census("crm.team", EMPLOYEES, "the branches"),
    Census("crm.stage", EVERYONE, "pipeline stages (a portal user sees the stage of their own documents)"),
    Census("crm.lead.tag", EMPLOYEES, _CONFIG),
    Census("crm.lost.reason", EMPLOYEES, _CONFIG),
    Census("calendar.alarm", EMPLOYEES, _CONFIG),
    Census("calendar.event.type", EMPLOYEES, _CONFIG),
    Census("utm.campaign", EVERYONE, "tracking campaigns (Odoo's tracking cookie creates them as the visitor)"),
    Census("utm.medium", EVERYONE, "tracking media"),
    Census("utm.source", EVERYONE, "lead sources; renamed by managers (utm_security.xml)"),
    Census("res.partner.category", EMPLOYEES, "partner tags; a tag lists partner ids, the partners stay unreadable"),
    Census("res.partner.industry", EMPLOYEES, _CONFIG),
    Census("res.partner.title", EVERYONE, "titles (Mr, Mrs)"),
    Census("res.bank", EMPLOYEES, "banks (names and BICs, not accounts)"),
    Census("sale.layout_category", DEALER, "order section titles"),
    Census("fleet.vehicle.model", DEALER, "makes and models of the demo cars"),
    Census("fleet.vehicle.model.brand", DEALER, "makes and models of the demo cars"),
    # --- products, prices, accounting set-up: what an order or invoice is made of
    Census("product.product", EMPLOYEES, "products (the catalog's versions and services)"),
    Census("product.template", EMPLOYEES, "products (the catalog's versions and services)"),
    Census("product.category", EMPLOYEES, _CONFIG),
    Census("product.attribute", EMPLOYEES, _CONFIG),
    Census("product.attribute.value", EMPLOYEES, _CONFIG),
    Census("product.attribute.line", EMPLOYEES, _CONFIG),
    Census("product.attribute.price", EMPLOYEES, _CONFIG),
    Census("product.price.history", EMPLOYEES, "products' cost history (Odoo: every employee)"),
    Census("product.pricelist", EMPLOYEES, "price lists"),
    Census("product.pricelist.item", EMPLOYEES, "price lists"),
    Census("product.supplierinfo", EMPLOYEES, "vendors' prices of products: names a supplier, no customer data"),
    Census("product.uom", EMPLOYEES, "units of measure"),
    Census("product.uom.categ", EMPLOYEES, "units of measure"),
    Census("account.account", EMPLOYEES, "the chart of accounts (Odoo: every employee)"),
    Census("account.journal", DEALER, "journals (an order's invoice names one)"),
    Census("account.tax", EMPLOYEES, "taxes"),
    Census("account.tax.group", EMPLOYEES, "taxes"),
    Census("account.payment.term", EMPLOYEES, "payment terms"),
    Census("account.payment.term.line", EMPLOYEES, "payment terms"),
    Census("account.analytic.tag", DEALER, "analytic tags"),
    Census("account.fiscal.position", EMPLOYEES, "fiscal positions"),
    Census("payment.acquirer", EVERYONE, "payment methods (Odoo's portal pays with them)"),
    Census("payment.icon", EVERYONE, "payment methods' icons"),
    Census("resource.calendar", EMPLOYEES, "working hours"),
    Census("resource.calendar.attendance", EMPLOYEES, "working hours"),
    # --- the application itself: reference data and technical records, no business data
    Census("res.company", EVERYONE, "the dealer group's company"),
    Census("res.country", EVERYONE, "reference data"),
    Census("res.country.state", EVERYONE, "reference data"),
    Census("res.country.group", EVERYONE, "reference data"),
    Census("res.currency", EVERYONE, "reference data"),
    Census("res.currency.rate", EVERYONE, "reference data"),
    Census("res.lang", EVERYONE, "reference data"),
    Census("decimal.precision", EVERYONE, "technical: number formats"),
    Census("res.groups", EMPLOYEES, "technical: the groups (who has them is the user administrators')"),
    Census("res.request.link", EVERYONE, "technical"),
    Census("report.paperformat", EVERYONE, "technical: report layouts"),
    Census("web.planner", EVERYONE, "technical: Odoo's set-up planners"),
    Census("ir.actions.actions", EVERYONE, "technical: menus' actions"),
    Census("ir.actions.act_window", EVERYONE, "technical: menus' actions"),
    Census("ir.actions.act_window.view", EVERYONE, "technical: menus' actions"),
    Census("ir.actions.act_window_close", EVERYONE, "technical: menus' actions"),
    Census("ir.actions.act_url", EVERYONE, "technical: menus' actions"),
    Census("ir.actions.client", EVERYONE, "technical: menus' actions"),
    Census("ir.actions.report", EVERYONE, "technical: report definitions (printing checks the document)"),
    Census("ir.actions.server", EVERYONE, "technical: menus' actions"),
    Census("ir.ui.view", EVERYONE, "technical: screens"),
    Census("ir.ui.menu", EVERYONE, "technical: the menus of one's groups"),
    Census("ir.model", EMPLOYEES, "technical: the models"),
    Census("ir.model.fields", EMPLOYEES, "technical: the fields"),
    Census("ir.model.data", EMPLOYEES, "technical: external ids of records loaded from data files (a name and an id)"),
    Census("ir.translation", EMPLOYEES, "technical: translations"),
    Census("ir.sequence", EMPLOYEES, "technical: number sequences"),
    Census("ir.sequence.date_range", EMPLOYEES, "technical: number sequences"),
    Census("ir.filters", EMPLOYEES, "saved searches: one's own and the shared ones (Odoo)"),
    Census("ir.default", EVERYONE, "technical: default values (one's own and the shared ones)"),
    Census("ir.property", EVERYONE, "technical: company defaults and per-record settings of company-dependent "
           "fields (accounts, payment terms, price lists): ids and a setting, no names"),
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


def registry_models(admin):
    """{model: {"count": records (ir.model's own count), "transient": bool}} of every model of the registry."""
    rows = admin.call("ir.model", "search_read", [], ["model", "count", "transient"], context=INACTIVE_TOO)
    return {row["model"]: row for row in rows}


def model_counts(admin):
    """{model: number of records} of every model of the registry with records."""
    return {model: row["count"] for model, row in registry_models(admin).items() if row["count"]}


def acl_readable(data, uid):
    """The models whose access rights (ir.model.access) let the user read, as Odoo 11 decides it
    (ir.model.access.check): the rows of the user's groups when there are any, else the global
    rows. Odoo refuses the others before any record rule, so the census asks the server only
    about these (and about every model for ASK_EVERY_MODEL, which proves the shortcut)."""
    groups = {row[0] for row in data.rows("SELECT gid FROM res_groups_users_rel WHERE uid = %s", (uid,))}
    by_group, by_all = collections.defaultdict(list), collections.defaultdict(list)
    for model, group, perm_read in data.rows(
            "SELECT m.model, a.group_id, a.perm_read FROM ir_model_access a JOIN ir_model m ON m.id = a.model_id "
            "WHERE a.active"):
        if group is None:
            by_all[model].append(perm_read)
        elif group in groups:
            by_group[model].append(perm_read)
    return {model for model in set(by_group) | set(by_all)
            if (any(by_group[model]) if model in by_group else any(by_all[model]))}


# the role asked about every model, access rights or not: a model that answers without them fails
ASK_EVERY_MODEL = "portal1"


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


# the roles are asked side by side: each waits mostly on the server, which serves them in threads
PARALLEL_ROLES = 4


def per_role(work):
    """{role: work(role)}, the roles side by side."""
    with concurrent.futures.ThreadPoolExecutor(PARALLEL_ROLES) as pool:
        return dict(zip(ROLES, pool.map(work, ROLES)))


@pytest.fixture(scope="module")
def census(odoo_server, clients):
    started = time.time()
    models = registry_models(clients["admin"])
    counts = {model: row["count"] for model, row in models.items() if row["count"]}
    data = Data(odoo_server.db)
    try:
        acl = {role: acl_readable(data, clients[role].uid) for role in ROLES}
        asked = {role: sorted(counts) if role == ASK_EVERY_MODEL else sorted(set(counts) & acl[role])
                 for role in ROLES}
        # wizards (transient models): the rows each role made itself, which is all Odoo shows it
        own_wizards = {role: {model: data.rows('SELECT count(*) FROM "%s" WHERE create_uid = %%s' % model.replace(
            ".", "_"), (clients[role].uid,))[0][0] for model in asked[role] if models[model]["transient"]}
            for role in ROLES}
    finally:
        data.close()
    answers = per_role(lambda role: readable_counts(clients[role], asked[role]))
    return {"models": models, "counts": counts, "own_wizards": own_wizards, "acl": acl,
            "readable": {role: answer[0] for role, answer in answers.items()},
            "errors": {role: answer[1] for role, answer in answers.items()},
            "asked": sum(len(models) for models in asked.values()), "seconds": time.time() - started}


@pytest.fixture(scope="module")
def foreign(odoo_server, clients):
    started = time.time()
    data = Data(odoo_server.db)
    try:
        schema = Schema(data, model_counts(clients["admin"]))
    finally:
        data.close()

    def work(role):
        role_data = Data(odoo_server.db)
        try:
            return census_foreign(clients[role], role_data, schema, clients[role].uid, role)
        finally:
            role_data.close()
    answers = per_role(work)
    return {"leaks": {role: answer[0] for role, answer in answers.items()},
            "anchors": {role: answer[1:] for role, answer in answers.items()}, "seconds": time.time() - started}


def test_every_model_a_role_reads_is_declared(census, capsys):
    declared = _declarations()
    problems = []
    for role in ROLES:
        for model, count in sorted(census["readable"][role].items()):
            line = declared.get(model)
            if census["models"][model]["transient"]:
                # a wizard is its opener's: no declaration, the role finds exactly the ones it made
                if count != census["own_wizards"][role].get(model, 0):
                    problems.append("%s reads %d %s wizards but made %d" % (
                        role, count, model, census["own_wizards"][role].get(model, 0)))
            elif line is None:
                problems.append("%s reads %d of %d %s: not declared in CENSUS" % (
                    role, count, census["counts"][model], model))
            elif line.readers not in CIRCLES[role]:
                problems.append("%s reads %d of %d %s, declared for %s only (%s)" % (
                    role, count, census["counts"][model], model, line.readers, line.reason))
        problems.extend("%s: %s" % (role, error) for error in census["errors"][role])
    problems.extend("%s is declared but is no model of the registry: remove its line" % line.model
                    for line in CENSUS if line.model not in census["models"])
    # the shortcut (asking only about models a role has access rights to) holds: the role asked
    # about every model reads none beyond its access rights
    beyond = sorted(set(census["readable"][ASK_EVERY_MODEL]) - census["acl"][ASK_EVERY_MODEL])
    problems.extend("%s reads %s without an access right: the census must ask every role about every model" % (
        ASK_EVERY_MODEL, model) for model in beyond)
    with capsys.disabled():
        print("\naccess census: %d models in the registry, %d with records; %d questions, %.0f s; models each "
              "role reads:" % (len(census["models"]), len(census["counts"]), census["asked"], census["seconds"]))
        print("  " + ", ".join("%s %d" % (role, len(census["readable"][role])) for role in ROLES))
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
