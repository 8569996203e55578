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
_DEMO = "uses Odoo's generic demo records, which our demo archives or removes"
# Our rules (security/*.xml): a salesperson sees their own sales ups, customers and documents;
# Odoo's "Sales / User: own documents" also sees every unassigned lead and order.
_OWN = "expects Odoo's user to read records our ownership rules keep from them"
# Every sales up has five required fields (lib/sales_up.py REQUIRED_ON_CREATE); Odoo's tests make
# leads with a name only.
_REQUIRED = "makes a lead without the five fields every sales up needs (first and last name, lead date, type, status)"

# "class.method" (as pytest-odoo names them: module.Class.test) -> why it contradicts our rules
BY_DESIGN = {
}


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
