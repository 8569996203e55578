"""bench/LOAD.md's section of one run (the plain run or the fault run) and its latency plot."""
import datetime
import os
import platform

import loadlib

PLOT_GROUPS = (
    ("interactive (worst kind per 30 s)", None),
    ("report downloads", loadlib.REPORT_KINDS),
    ("DMS push", ("dms_push",)),
)
HEADER = """# Load run: a dealer group's working day (`make load`)

Written by `make load` (load/run.py); each run rewrites its own section. The figures are wall-clock
on a 2-core machine that other work shares: the load average before, during and after each run
stands next to them. How to run it against your own server: README, "Load test".
"""


def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        cpu += " (no /proc/cpuinfo)"
    return "%s, %d cores, Python %s" % (cpu, os.cpu_count(), platform.python_version())


def plot(recorder, path, title):
    """Latency over time: p95 per 30 s of every interactive kind (the worst), of the report
    downloads and of the DMS push, with the faults marked. None when matplotlib is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as pyplot
    except ImportError:
        return None
    interactive = [kind for kind in recorder.kinds()
                   if kind not in loadlib.REPORT_KINDS and kind not in loadlib.MACHINE_KINDS]
    figure, axes = pyplot.subplots(figsize=(10, 4.5))
    worst = {}
    for kind in interactive:
        for start, value in recorder.series((kind,)):
            worst[start] = max(worst.get(start, 0), value)
    series = [("interactive, worst kind", sorted(worst.items()))] + [
        (label, recorder.series(kinds)) for label, kinds in PLOT_GROUPS[1:]]
    for label, points in series:
        if points:
            axes.plot([start / 60 for start, _value in points], [value for _start, value in points], label=label,
                      marker=".")
    axes.axhline(loadlib.INTERACTIVE_TARGET_MS, color="grey", linestyle="--", linewidth=0.8)
    axes.axhline(loadlib.REPORT_TARGET_MS, color="grey", linestyle=":", linewidth=0.8)
    for at, name in recorder.faults:
        axes.axvline(at / 60, color="red", linewidth=0.8)
        axes.annotate(name, (at / 60, axes.get_ylim()[1] * 0.95), color="red", fontsize=8, rotation=90,
                      va="top")
    axes.set_xlabel("minutes into the run")
    axes.set_ylabel("p95 per 30 s (ms)")
    axes.set_yscale("log")
    axes.set_title(title)
    axes.legend(loc="upper left", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    pyplot.close(figure)
    return path


def section(args, recorder, figures, load_before, loads, load_after, outcomes, plot_name):
    name = "fault run (`make load FAULTS=1`)" if outcomes is not None else "plain run (`make load`)"
    during = [value for _at, value in loads]
    lines = [
        "## %s" % name[0].upper() + name[1:],
        "",
        "- Date: %s UTC; %s minutes; %d people (40 salespeople, 8 branch managers, 2 directors) and 4 DMS "
        "pushers at 50 moments/s; ODOO_WORKERS=4 with the job runner and the crons" % (
            datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), args.minutes, figures.get("users", 0)),
        "- Machine: %s" % machine(),
        "- Load average (1 min): before %.2f, during %s, after %.2f" % (
            load_before[0], ("%.2f-%.2f" % (min(during), max(during))) if during else "-", load_after[0]),
        "",
        "| request kind | requests | errors | p50 ms | p95 ms | p99 ms | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += ["| %s | %s | %s | %s | %s | %s | %s | %s |" % row for row in recorder.rows()]
    lines += ["", "| figure | value |", "|---|---|"]
    lines += ["| %s | %s |" % (key, "-" if figures[key] is None else figures[key]) for key in sorted(figures)
              if not key.startswith("p99_") and (not key.startswith("p95_ms_") or key.endswith("_worst"))]
    if outcomes is not None:
        lines += ["", "| fault | at (s) | survived | what was seen |", "|---|---|---|---|"]
        lines += ["| %s | %s | %s | %s |" % (fault, at, "yes" if survived else "NO", detail)
                  for fault, at, survived, detail in outcomes]
    failed = loadlib.targets_met(figures, faults=outcomes is not None)
    lines += ["", "Targets: %s" % ("all met." if not failed else "NOT met: " + "; ".join(failed) + ".")]
    if plot_name:
        lines += ["", "![latency over time](%s)" % plot_name]
    else:
        lines += ["", "(no plot: matplotlib is not installed)"]
    return "\n".join(lines)


def write(args, recorder, figures, load_before, loads, load_after, outcomes):
    folder = os.path.dirname(os.path.abspath(args.output))
    plot_name = "load_latency%s.png" % ("_faults" if outcomes is not None else "")
    drawn = plot(recorder, os.path.join(folder, plot_name),
                 "make load%s: p95 latency per 30 s" % (" FAULTS=1" if outcomes is not None else ""))
    text = section(args, recorder, figures, load_before, loads, load_after, outcomes, drawn and plot_name)
    document = HEADER
    if os.path.exists(args.output):
        with open(args.output) as handle:
            document = handle.read()
    document = loadlib.replace_section(document, "faults" if outcomes is not None else "plain", text)
    with open(args.output, "w") as handle:
        handle.write(document)
