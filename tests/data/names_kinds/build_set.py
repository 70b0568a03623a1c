"""Write names_kinds.csv (input, expected, kind) from rows.txt (kind|input|expected).

expected: an ISO 3166-1 alpha-3 code (or EUU/XKX); "-" must not match; "?A B" ambiguous with
at least those candidates. Run from this folder: python build_set.py
"""

import csv

rows = [line.rstrip("\n").split("|") for line in open("rows.txt", encoding="utf-8")
        if line.strip() and not line.startswith("#")]
with open("names_kinds.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["input", "expected", "kind"])
    for kind, text, expected in rows:
        w.writerow([text, expected, kind])
print(f"{len(rows)} rows")
