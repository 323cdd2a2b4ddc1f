"""Update the golden files of tests/test_docx_golden.py by hand, never from the test itself.

    python tests/update_golden.py            # prints the diff between the golden files and the export now
    python tests/update_golden.py --write    # the same, then writes the files (review the diff first)

Exit code 0: no difference; 1: differences (printed, and written with --write)."""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_docx_golden import YEARS, golden_file, render


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the new golden files after the diff")
    args = parser.parse_args()
    changed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for year in YEARS:
            path = golden_file(year)
            old = path.read_text(encoding="utf-8") if path.exists() else ""
            new = render(year, Path(tmp))
            if new == old:
                print(f"{path.name}: unchanged")
                continue
            changed += 1
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                                       f"{path.name} (golden)", f"{path.name} (export now)"))
            if args.write:
                path.write_text(new, encoding="utf-8")
                print(f"{path.name}: written")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
