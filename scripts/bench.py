"""Run the benchmarks in bench/bench_*.py against a database and rewrite bench/RESULTS.md.

Each benchmark module has `run(env)` yielding (name, value, unit) tuples; its docstring says
what it measures. Every figure prints as `BENCH <name> <value> <unit>`.
Usage: python bench.py --config "$(bin/odoo --print-config)" --database DB [--only NAME]
"""
# pylint: disable=print-used  # a command-line tool: stdout is its output, not a log
import argparse
import datetime
import importlib.util
import os
import platform
import sys

import odoo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_DIR = os.path.join(ROOT, "bench")


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
    return "%s, %d cores, %s, Python %s" % (cpu, os.cpu_count(), platform.platform(), platform.python_version())


def load(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return name[len("bench_"):], module


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--only")
    args = parser.parse_args()
    odoo.tools.config.parse_config([
        "-c", args.config, "-d", args.database,
        "--logfile", os.path.join(ROOT, ".local", "log", "bench.log")])
    paths = sorted(
        os.path.join(BENCH_DIR, name) for name in os.listdir(BENCH_DIR)
        if name.startswith("bench_") and name.endswith(".py"))
    benches = [load(path) for path in paths]
    if args.only:
        benches = [(name, module) for name, module in benches if name == args.only]
        if not benches:
            sys.exit("no benchmark named %s in bench/" % args.only)
    else:
        # the long ones (ON_REQUEST: a 10-million-moment group) run only when named
        benches = [(name, module) for name, module in benches if not getattr(module, "ON_REQUEST", False)]
    rows = []
    registry = odoo.registry(args.database)
    for name, module in benches:
        # each benchmark works in a transaction that is rolled back: the database stays as installed
        with odoo.api.Environment.manage(), registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
            for figure, value, unit in module.run(env):
                print("BENCH %s %s %s" % (figure, value, unit), flush=True)
                rows.append((name, figure, value, unit, (module.__doc__ or "").strip().splitlines()[0]))
            cr.rollback()
    write_results(rows, keep_others=True)


def previous_rows(names):
    """Rows of RESULTS.md from benchmarks other than `names` (kept when only some ran)."""
    path = os.path.join(BENCH_DIR, "RESULTS.md")
    if not os.path.exists(path):
        return []
    rows = []
    with open(path) as handle:
        for line in handle:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) == 5 and cells[0] not in names and cells[0] not in ("benchmark", "---"):
                rows.append(tuple(cells))
    return rows


def write_results(rows, keep_others=False):
    if keep_others:
        rows = previous_rows({row[0] for row in rows}) + rows
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (scripts/bench.py); do not edit by hand.",
        "",
        "- Date: %s" % datetime.date.today().isoformat(),
        "- Machine: %s" % machine(),
        "",
        "| benchmark | figure | value | unit | what it measures |",
        "|---|---|---|---|---|",
    ]
    lines += ["| %s | %s | %s | %s | %s |" % row for row in rows]
    with open(os.path.join(BENCH_DIR, "RESULTS.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
