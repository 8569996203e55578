"""Move out of the addons folder every addon whose dependency chain reaches a missing module.

The Odoo wheels ship glue addons (website_sale_*, sale_stock, ...) for modules they do not
carry; while those sit on the addons path, Odoo answers every HTTP request with a 500.
Usage: python prune_addons.py ADDONS_DIR PARKING_DIR [EXTRA_ADDONS_DIR ...]
"""
# pylint: disable=print-used  # a command-line tool: stdout is its output, not a log
import ast
import os
import shutil
import sys


def read_depends(addons_dirs):
    depends = {}
    for addons_dir in addons_dirs:
        for name in sorted(os.listdir(addons_dir)):
            manifest = os.path.join(addons_dir, name, "__manifest__.py")
            if os.path.isfile(manifest):
                with open(manifest) as handle:
                    depends[name] = ast.literal_eval(handle.read()).get("depends", [])
    return depends


def orphans(depends):
    """Addons that cannot be installed because a dependency is absent, repeated until stable."""
    present = dict(depends)
    removed = set()
    changed = True
    while changed:
        changed = False
        for name, deps in list(present.items()):
            if any(dep not in present for dep in deps):
                removed.add(name)
                del present[name]
                changed = True
    return removed


def main(addons_dir, parking_dir, *extra_dirs):
    depends = read_depends((addons_dir,) + extra_dirs)
    local = set(read_depends((addons_dir,)))
    to_park = sorted(orphans(depends) & local)
    if to_park:
        os.makedirs(parking_dir, exist_ok=True)
        for name in to_park:
            target = os.path.join(parking_dir, name)
            if os.path.exists(target):
                shutil.rmtree(target)
            shutil.move(os.path.join(addons_dir, name), target)
    print("parked %d orphan addons" % len(to_park))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
