"""The load run's bookkeeping, plain Python: what counts as an error, the percentiles per request
kind, the `LOAD <name> <value>` lines, bench/LOAD.md's sections, and the bounded loops every
load-generating loop runs in (load/tests/test_loadlib.py)."""
import math
import re
import time

# expected answers of a JSON-RPC call: the user was refused something (a record of another branch,
# a rule of the business); any other error, and any 5xx, is an error of the run
EXPECTED_ERRORS = ("odoo.exceptions.AccessError", "odoo.exceptions.UserError", "odoo.exceptions.ValidationError",
                   "odoo.exceptions.AccessDenied", "odoo.exceptions.MissingError")
# request kinds measured against the targets: report downloads p95 <= 3 s, everything a user waits
# for on screen p95 <= 1 s; the DMS push, the long poll (held open by design) and the file import
# are machine traffic, reported but not a user's wait
REPORT_KINDS = ("report_offer_pdf", "report_xlsx")
MACHINE_KINDS = ("dms_push", "longpolling", "file_import")
INTERACTIVE_TARGET_MS = 1000
REPORT_TARGET_MS = 3000
LOAD_NAME = re.compile(r"^[a-z0-9_]+$")


def classify(status, payload=None):
    """'ok', 'expected' (an AccessError/UserError answered to a user) or 'error' for an HTTP
    status and, for JSON-RPC, the decoded answer."""
    if status is None or status >= 500:
        return "error"
    if status >= 400:
        return "error"
    if isinstance(payload, dict) and payload.get("error"):
        name = ((payload["error"] or {}).get("data") or {}).get("name") or ""
        return "expected" if name in EXPECTED_ERRORS else "error"
    return "ok"


def percentile(values, fraction):
    """The nearest-rank percentile (0 < fraction <= 1) of values, None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(math.ceil(fraction * len(ordered))))
    return ordered[min(rank, len(ordered)) - 1]


class Recorder(object):
    """Every request of the run: (seconds since start, kind, milliseconds, outcome, user)."""

    def __init__(self, clock=time.time):
        self.clock = clock
        self.started = clock()
        self.samples = []
        self.faults = []  # (seconds since start, name)

    def add(self, kind, milliseconds, outcome, user=None, at=None):
        at = self.clock() - self.started if at is None else at
        self.samples.append((at, kind, float(milliseconds), outcome, user))

    def mark(self, name):
        self.faults.append((self.clock() - self.started, name))

    def kinds(self):
        return sorted({sample[1] for sample in self.samples})

    def times(self, kind, since=None, until=None):
        return [ms for at, sample_kind, ms, outcome, _user in self.samples
                if sample_kind == kind and outcome != "error" and (since is None or at >= since)
                and (until is None or at < until)]

    def errors(self, since=None, until=None):
        return [sample for sample in self.samples if sample[3] == "error"
                and (since is None or sample[0] >= since) and (until is None or sample[0] < until)]

    def summary(self):
        """The figures of the run, by kind and overall (the LOAD lines' values)."""
        figures = {"requests": len(self.samples), "errors": len(self.errors()),
                   "expected_errors": sum(1 for sample in self.samples if sample[3] == "expected")}
        interactive, reports = [], []
        for kind in self.kinds():
            times = self.times(kind)
            p95, p99 = percentile(times, 0.95), percentile(times, 0.99)
            figures["p95_ms_%s" % kind] = round(p95) if p95 is not None else None
            figures["p99_ms_%s" % kind] = round(p99) if p99 is not None else None
            if p95 is None or kind in MACHINE_KINDS:
                continue
            (reports if kind in REPORT_KINDS else interactive).append(p95)
        figures["p95_ms_interactive_worst"] = round(max(interactive)) if interactive else None
        figures["p95_ms_reports_worst"] = round(max(reports)) if reports else None
        return figures

    def rows(self):
        """One row per kind for bench/LOAD.md: kind, requests, errors, p50, p95, p99, target, met."""
        rows = []
        for kind in self.kinds():
            times = self.times(kind)
            count = sum(1 for sample in self.samples if sample[1] == kind)
            errors = sum(1 for sample in self.samples if sample[1] == kind and sample[3] == "error")
            p50, p95, p99 = (percentile(times, fraction) for fraction in (0.5, 0.95, 0.99))
            target = None if kind in MACHINE_KINDS else (
                REPORT_TARGET_MS if kind in REPORT_KINDS else INTERACTIVE_TARGET_MS)
            met = "" if target is None or p95 is None else ("yes" if p95 <= target and not errors else "NO")
            rows.append((kind, count, errors, _ms(p50), _ms(p95), _ms(p99),
                         "p95 <= %d ms" % target if target else "(machine traffic)", met))
        return rows

    def series(self, kinds, window=30.0):
        """(window start in seconds, p95 in ms) of the given kinds per window, for the plot."""
        buckets = {}
        for at, kind, ms, outcome, _user in self.samples:
            if kind in kinds and outcome != "error":
                buckets.setdefault(int(at // window), []).append(ms)
        return [(index * window, percentile(values, 0.95)) for index, values in sorted(buckets.items())]


def _ms(value):
    return "" if value is None else "%d" % round(value)


def load_lines(figures):
    """`LOAD <name> <value>` lines, in a stable order; a missing value prints as `-`."""
    lines = []
    for name in sorted(figures):
        if not LOAD_NAME.match(name):
            raise ValueError("not a LOAD name: %r" % name)
        value = figures[name]
        lines.append("LOAD %s %s" % (name, "-" if value is None else value))
    return lines


def parse_load_lines(text):
    """The figures of `LOAD <name> <value>` lines in text (other lines are ignored): ints where
    they are ints, None for `-`."""
    figures = {}
    for line in text.splitlines():
        parts = line.strip().split()
        if len(parts) != 3 or parts[0] != "LOAD" or not LOAD_NAME.match(parts[1]):
            continue
        value = parts[2]
        if value == "-":
            figures[parts[1]] = None
        elif re.match(r"^-?\d+$", value):
            figures[parts[1]] = int(value)
        elif re.match(r"^-?\d+\.\d+$", value):
            figures[parts[1]] = float(value)
        else:
            figures[parts[1]] = value
    return figures


def targets_met(figures, faults=False):
    """The targets of the run that failed (an empty list when every one is met)."""
    failed = []
    if figures.get("errors"):
        failed.append("errors %s (target 0)" % figures["errors"])
    if figures.get("pushed") != figures.get("stored"):
        failed.append("pushed %s != stored %s" % (figures.get("pushed"), figures.get("stored")))
    if figures.get("db_deadlocks"):
        failed.append("db_deadlocks %s (target 0)" % figures["db_deadlocks"])
    worst = figures.get("p95_ms_interactive_worst")
    if worst is None or worst > INTERACTIVE_TARGET_MS:
        failed.append("p95_ms_interactive_worst %s (target <= %d)" % (worst, INTERACTIVE_TARGET_MS))
    worst = figures.get("p95_ms_reports_worst")
    if worst is None or worst > REPORT_TARGET_MS:
        failed.append("p95_ms_reports_worst %s (target <= %d)" % (worst, REPORT_TARGET_MS))
    if faults:
        if figures.get("faults_survived") != 4:
            failed.append("faults_survived %s (target 4)" % figures.get("faults_survived"))
        if figures.get("lost_after_faults"):
            failed.append("lost_after_faults %s (target 0)" % figures["lost_after_faults"])
    return failed


class Bounded(object):
    """A loop bound in count and time: `while bound.next():` runs at most `count` times and stops
    once `seconds` have passed since the bound was made (or `stop()` was called)."""

    def __init__(self, count, seconds, clock=time.time):
        self.count, self.left, self.clock = count, count, clock
        self.deadline = clock() + seconds
        self.stopped = False

    def next(self):
        if self.stopped or self.left <= 0 or self.clock() >= self.deadline:
            return False
        self.left -= 1
        return True

    def remaining(self):
        return max(0.0, self.deadline - self.clock())

    def stop(self):
        self.stopped = True


def replace_section(document, name, section):
    """document (bench/LOAD.md) with the section between `<!-- run:name -->` markers replaced by
    section (appended when it is not there yet); the other runs' sections stay as they are."""
    start, end = "<!-- run:%s -->" % name, "<!-- /run:%s -->" % name
    block = "%s\n%s\n%s" % (start, section.strip("\n"), end)
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(document):
        return pattern.sub(lambda _match: block, document)
    return document.rstrip("\n") + ("\n\n" if document.strip() else "") + block + "\n"
