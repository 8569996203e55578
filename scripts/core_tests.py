#!/usr/bin/env python3
"""Odoo 11's own test suites (crm, sale, calendar, mail, account) on a database with our addons.

`scripts/stack.sh core-tests` runs them with pytest-odoo and hands the junit file to this script,
which compares the failures with BY_DESIGN: a core test that contradicts our rules on purpose is
listed there once, with the reason. Every other core test must pass; a listed test that passes
again must leave the list. Exit status 1 on either.

Usage: core_tests.py JUNIT_XML PYTEST_EXIT_STATUS
"""
# pylint: disable=print-used  # a command-line tool: stdout is its output, not a log
import sys
import xml.etree.ElementTree as ElementTree

# Odoo's demo data these tests use is archived or removed by our demo (generic_demo_cleanup.xml:
# Odoo's demo companies, leads, sales teams and the demo user do not belong in a dealer's screens).
_DEMO = "uses Odoo's generic demo records (its leads, Agrolait), which our demo removes or archives"
# Our rules (security/customer_security.xml, base_link_guard.py): an employee sees their own
# customers and those of the sales ups they may see; a record links only what its user may read.
_LINK = ("links a customer or document the acting employee may not read (a recipient, a follower, "
         "a lead's customer, a meeting's document): our customer rule shows an employee without "
         "dealer role only their own customers, and a link to what one cannot read is refused")
# Every sales up has five required fields (lib/sales_up.py REQUIRED_ON_CREATE); Odoo's tests make
# leads with a name only (or, as a website form, without the medium that tells the lead type).
_REQUIRED = "makes a lead without the five fields every sales up needs (first and last name, lead date, type, status)"
# security/mail_security.xml: an alias is an address the outside world reaches; only the director
# and administrators make or name one (a sales team's, a document's); employees keep Discuss's.
_ALIAS = "makes a mail alias (a sales team's, a document's) as a user who is not sales director or administrator"
# mail_followers.py: whoever follows a document of dealer data may read it.
_FOLLOW = "makes a user without dealer role follow a customer they may not read"
# security (ir.attachment): a file of no document belongs to its maker only.
_FILE = "reads a file of no document made by someone else (attached to a message addressed to them)"
# dealer_privacy (wizards/mail_compose_message.py): a mass mailing is marketing e-mail, sent only to
# recipients whose consent allows it; a record left without one gets no mail and no message.
_CONSENT = "sends a mass mailing to recipients without marketing consent, which dealer_privacy drops"
# Odoo 11's own inconsistency: account_cash_basis_base_account (auto-installed with account) adds
# a field to taxes and none to tax templates; not ours, and not ours to patch.
_UPSTREAM = ("fails on Odoo 11 itself: account_cash_basis_base_account (auto-installed) adds a tax field "
             "without a template field")

# "addon.tests.module.Class.test" -> why it contradicts our rules
BY_DESIGN = {
    "account.tests.test_templates_consistency.AccountingTestTemplConsistency.test_account_tax_fields": _UPSTREAM,
    "calendar.tests.test_calendar.TestCalendar.test_event_activity": _LINK,
    "calendar.tests.test_calendar.TestCalendar.test_event_activity_timezone": _DEMO,
    "calendar.tests.test_calendar.TestCalendar.test_event_allday_activity_timezone": _DEMO,
    "crm.tests.test_crm_activity.TestCrmMailActivity.test_crm_activity_next_action": _REQUIRED,
    "crm.tests.test_crm_activity.TestCrmMailActivity.test_crm_activity_recipients": _REQUIRED,
    "crm.tests.test_crm_lead.TestCRMLead.test_crm_lead_cancel": _ALIAS,
    "crm.tests.test_crm_lead.TestCRMLead.test_crm_lead_copy": _DEMO,
    "crm.tests.test_crm_lead.TestCRMLead.test_crm_lead_merge": _LINK,
    "crm.tests.test_crm_lead.TestCRMLead.test_crm_lead_unlink": _DEMO,
    "crm.tests.test_crm_lead.TestCRMLead.test_find_stage": _REQUIRED,
    "crm.tests.test_lead2opportunity.TestLead2opportunity2win.test_lead2opportunity2win": _DEMO,
    "crm.tests.test_lead2opportunity.TestLead2opportunity2win.test_lead2opportunity_assign_salesmen": _REQUIRED,
    "crm.tests.test_new_lead_notification.NewLeadNotification.test_new_lead_notification": _REQUIRED,
    "mail.tests.test_invite.TestInvite.test_invite_email": _LINK,
    "mail.tests.test_ir_actions.TestServerActionsEmail.test_followers_action": _FOLLOW,
    "mail.tests.test_mail_features.TestMessagePost.test_message_compose": _LINK,
    "mail.tests.test_mail_features.TestMessagePost.test_message_compose_mass_mail": _LINK,
    "mail.tests.test_mail_features.TestMessagePost.test_message_compose_mass_mail_active_domain": _CONSENT,
    "mail.tests.test_mail_features.TestMessagePost.test_message_compose_mass_mail_no_active_domain": _CONSENT,
    "mail.tests.test_mail_features.TestMessagePost.test_post_answer": _LINK,
    "mail.tests.test_mail_features.TestMessagePost.test_post_no_subscribe_recipients": _LINK,
    "mail.tests.test_mail_features.TestMessagePost.test_post_notifications": _LINK,
    "mail.tests.test_mail_features.TestMessagePost.test_post_portal": _LINK,
    "mail.tests.test_mail_features.TestMessagePost.test_post_subscribe_recipients": _LINK,
    "mail.tests.test_mail_features.TestMessagePost.test_post_subscribe_recipients_partial": _LINK,
    "mail.tests.test_mail_gateway.TestMailgateway.test_message_process_alias_user_id": _ALIAS,
    "mail.tests.test_mail_gateway.TestMailgateway.test_private_discussion": _LINK,
    "mail.tests.test_mail_message.TestMailMessageAccess.test_mail_message_access_read_notification": _FILE,
    "mail.tests.test_mail_template.TestMailTemplate.test_composer_template_mass_mailing": _CONSENT,
}

# Still failing on 2026-12-07 and not listed, not yet decided: account test_customer_invoice (an
# Odoo billing user without dealer role cannot read the invoice's customer: our customer rule; the
# choice is which customers a dealer's accounting staff read). mail's
# test_mail_message_access_create_reply and test_portal's test_mail_compose_access_rights pass
# since messages of Discuss channels keep Odoo's rules (automotive_presales/models/mail_message.py).


def failures(junit_path):
    """{test id: message} of the failed and errored tests, and the number of tests run."""
    tree = ElementTree.parse(junit_path)
    failed, count = {}, 0
    for case in tree.iter("testcase"):
        count += 1
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is not None:
            # pytest names a test by its path from the repository root (.venv.lib...odoo.addons.crm
            # .tests...): the list names it from the addon on (crm.tests.test_crm_lead.Class.test)
            classname = case.get("classname") or ""
            test_id = "%s.%s" % (classname.split("odoo.addons.", 1)[-1], case.get("name"))
            failed[test_id] = (problem.get("message") or "").splitlines()[0][:160] if problem.get("message") else ""
    return failed, count


def main(junit_path, status):
    try:
        failed, count = failures(junit_path)
    except (OSError, ElementTree.ParseError) as error:
        print("core tests: no result (%s); pytest exit status %s" % (error, status))
        return 1
    unexpected = {test: message for test, message in failed.items() if test not in BY_DESIGN}
    stale = sorted(test for test in BY_DESIGN if test not in failed)
    print("core tests: %d run, %d failed, %d of them by design (listed in scripts/core_tests.py)" % (
        count, len(failed), len(failed) - len(unexpected)))
    for test in sorted(set(failed) & set(BY_DESIGN)):
        print("  by design: %s: %s" % (test, BY_DESIGN[test]))
    for test, message in sorted(unexpected.items()):
        print("  FAILED: %s: %s" % (test, message))
    for test in stale:
        print("  PASSES NOW, remove it from BY_DESIGN: %s" % test)
    if count == 0:
        return 1
    return 1 if unexpected or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "?"))
