"""Sum up a test run: Odoo's test log and pytest's junit files.

Prints the offending lines and exits non-zero on any failing test, any ERROR/CRITICAL line in
the Odoo log, a non-zero exit of the Odoo run, and for each pytest run a non-zero exit status, a
missing or unreadable junit file or no test run at all (a crash is never a pass).
Usage: python test_report.py [--no-odoo-tests] [--server-log=LOG ...] ODOO_LOG ODOO_EXIT_STATUS
       [LABEL=JUNIT_XML:PYTEST_EXIT_STATUS ...]
(--no-odoo-tests: the Odoo run only updated the modules, pytest-odoo ran their tests;
--server-log: the log of an Odoo server the acceptance tests drove, held to the same rule.)
"""
# pylint: disable=print-used  # a command-line tool: stdout is its output, not a log
import re
import sys
import xml.etree.ElementTree as ElementTree

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) ")
RAN = re.compile(r": Ran (\d+) tests? in ")
MODULE_FAILED = re.compile(r"Module \S+: (\d+) failures, (\d+) errors")


def odoo_counts(log_path):
    ran = failed = 0
    bad_lines = []
    with open(log_path, errors="replace") as handle:
        for line in handle:
            match = LOG_LINE.match(line)
            if match and match.group("level") in ("ERROR", "CRITICAL"):
                bad_lines.append(line.rstrip())
            ran_match = RAN.search(line)
            if ran_match:
                ran += int(ran_match.group(1))
            failed_match = MODULE_FAILED.search(line)
            if failed_match:
                failed += int(failed_match.group(1)) + int(failed_match.group(2))
    return ran, failed, bad_lines


def pytest_counts(xml_path):
    root = ElementTree.parse(xml_path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    total = sum(int(suite.get("tests", 0)) for suite in suites)
    failed = sum(int(suite.get("failures", 0)) + int(suite.get("errors", 0)) for suite in suites)
    skipped = sum(int(suite.get("skipped", 0)) for suite in suites)
    return total - skipped, failed, skipped


def pytest_run(spec):
    """`LABEL=XML:STATUS` -> (label, ran, failed, problems)."""
    label, _sep, rest = spec.partition("=")
    xml_path, _sep, status = rest.rpartition(":")
    problems = []
    ran = failed = skipped = 0
    try:
        ran, failed, skipped = pytest_counts(xml_path)
    except (OSError, ElementTree.ParseError) as error:
        problems.append("%s: no readable junit file %s (%s): pytest crashed or never ran" % (
            label, xml_path, error))
    print("%s: %d run, %d failed, %d skipped (%s)" % (label, ran, failed, skipped, xml_path))
    if status != "0" and not failed:
        problems.append("%s: pytest exited with status %s" % (label, status))
    if not problems and ran == 0:
        problems.append("%s: no test ran" % label)
    return ran, failed, problems


def main(log_path, odoo_status="0", *pytest_runs, odoo_tests=True, server_logs=()):
    odoo_ran, odoo_failed, bad_lines = odoo_counts(log_path)
    for server_log in server_logs:
        bad_lines.extend("%s: %s" % (server_log, line) for line in odoo_counts(server_log)[2])
    if odoo_tests:
        print("Odoo tests: %d run, %d failed (log: %s)" % (odoo_ran, odoo_failed, log_path))
    ran = odoo_ran
    problems = []
    failed = odoo_failed
    for spec in pytest_runs:
        py_ran, py_failed, py_problems = pytest_run(spec)
        ran += py_ran
        failed += py_failed
        problems.extend(py_problems)
    if bad_lines:
        problems.append("%d ERROR/CRITICAL lines in the Odoo log:" % len(bad_lines))
        problems.extend("  " + line for line in bad_lines[:60])
    if odoo_status != "0":
        problems.append("the Odoo run exited with status %s" % odoo_status)
    if odoo_ran == 0 and odoo_tests:
        problems.append("no Odoo test ran")
    for problem in problems:
        print(problem)
    print("%d passed, %d failed" % (ran - failed, failed))
    return 1 if (failed or problems) else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    arguments = sys.argv[1:]
    with_odoo_tests = "--no-odoo-tests" not in arguments
    servers = [argument.partition("=")[2] for argument in arguments if argument.startswith("--server-log=")]
    sys.exit(main(*[argument for argument in arguments if not argument.startswith("--")],
                  odoo_tests=with_odoo_tests, server_logs=servers))
