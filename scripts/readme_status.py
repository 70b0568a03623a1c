#!/usr/bin/env python
"""Write the README's status paragraph from the package, so its numbers are never typed in.

The block between ``<!-- status:begin as_of=YYYY-MM-DD -->`` and ``<!-- status:end -->`` in
README.md becomes :func:`analysis.status.headline` for that date, with the data's freshness.
``tests/test_readme.py`` checks the committed README equals what this script writes.

    python scripts/readme_status.py            # rewrite README.md in place
    python scripts/readme_status.py --check    # exit 1 when README.md is out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- status:begin as_of=(\d{4}-\d{2}-\d{2}) -->\n)(.*?)(<!-- status:end -->)",
                   re.S)


def paragraph(as_of: str) -> str:
    """The README's status paragraph for ``as_of`` (wrapped at 96 characters)."""
    import textwrap

    from analysis import status

    counts = status.counts(as_of)
    label = counts.attrs["data_as_of_label"]
    text = (f"{status.headline(as_of)} The data: {label}. Every figure here is computed by "
            "`analysis.status` (`make figures` rewrites this paragraph).")
    return textwrap.fill(text, width=96) + "\n"


def render(readme: str) -> str:
    """README text with every status block rewritten."""
    if not BLOCK.search(readme):
        raise SystemExit("README.md has no <!-- status:begin as_of=... --> block")
    return BLOCK.sub(lambda m: m.group(1) + paragraph(m.group(2)) + m.group(4), readme)


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in argv:
        if current != wanted:
            print("README.md status paragraph is out of date: run `make figures`",
                  file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    print("wrote the status paragraph of README.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
