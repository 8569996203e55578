#!/usr/bin/env python3
"""Every test module of our addons runs: Odoo 11 runs only the test modules an addon's
tests/__init__.py imports, so a test_*.py it does not import is a test that can never fail.
Exits 1 naming each one. Usage: test_census.py [ADDONS_DIR]
"""
# pylint: disable=print-used  # a command-line tool: stdout is its output, not a log
import ast
import glob
import os
import sys


def imported_modules(init_path):
    """The module names `from . import x` and `from .x import y` name in an __init__.py."""
    with open(init_path) as handle:
        tree = ast.parse(handle.read(), init_path)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                names.add(node.module.split(".")[0])
            else:
                names.update(alias.name for alias in node.names)
    return names


def unimported(addons_dir):
    missing = []
    for tests_dir in sorted(glob.glob(os.path.join(addons_dir, "*", "tests"))):
        init_path = os.path.join(tests_dir, "__init__.py")
        names = imported_modules(init_path) if os.path.exists(init_path) else set()
        for path in sorted(glob.glob(os.path.join(tests_dir, "test_*.py"))):
            if os.path.splitext(os.path.basename(path))[0] not in names:
                missing.append(path)
    return missing


def main(addons_dir):
    missing = unimported(addons_dir)
    for path in missing:
        print("%s: not imported by its tests/__init__.py, so Odoo never runs it" % path)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "addons"))
