"""Command line: ``python -m analysis <command>`` or the ``hanoi-analysis`` script.

Commands:
    names   normalise country names to ISO codes (arguments, or a CSV column with --csv)
    report  execute the notebooks and write HTML reports into reports/
    update  store a new UNTC snapshot of the Convention's status and print the changes
"""

from __future__ import annotations

__all__ = [
    "build_parser", "main",
]

import argparse
import sys
from collections.abc import Callable, Sequence

Command = Callable[[argparse.Namespace], int]


def _names(args: argparse.Namespace) -> int:
    from analysis import names

    if args.csv:
        import pandas as pd

        from analysis.datafiles import read_table

        table = read_table(args.csv)
        if args.column not in table.columns:
            print(f"error: column {args.column!r} not in {args.csv} "
                  f"(columns: {', '.join(table.columns)})", file=sys.stderr)
            return 2
        result = names.normalise(table[args.column])
        added = result[["iso3", "iso2", "name", "status", "method", "score"]].copy()
        added["candidates"] = result["candidates"].map(" ".join)
        added["reason"] = result["reason"]
        out = pd.concat([table, added.add_prefix(args.prefix)], axis=1)
        out.to_csv(args.output or sys.stdout, index=False)
        counts = result["status"].value_counts().to_dict()
        print("; ".join(f"{k}: {v}" for k, v in sorted(counts.items())), file=sys.stderr)
        return 0
    if not args.values:
        print("error: give names as arguments or --csv FILE", file=sys.stderr)
        return 2
    result = names.normalise(list(args.values))
    table = result[["input", "iso3", "name", "status", "method", "score"]].astype(object)
    table["candidates"] = result["candidates"].map(" ".join)
    table["reason"] = result["reason"]
    print(table.fillna("").to_string(index=False))
    return 0


def _report(args: argparse.Namespace) -> int:
    from analysis import report

    return report.build_all(output_dir=args.output_dir)


def _update(args: argparse.Namespace) -> int:
    from analysis import untc

    try:
        untc.update(args.source, data_dir=args.data_dir, treaty=args.treaty, url=args.url,
                    timeout=args.timeout, accept_changes=args.accept_changes)
    except Exception as exc:  # noqa: BLE001 (one line, never a traceback, for every error)
        # The global --debug flag (added to build_parser) shows the traceback instead.
        if getattr(args, "debug", False):
            raise
        message = " ".join(str(exc).split())[:2000]
        if not isinstance(exc, ValueError | OSError):  # untc.UNTCError is a ValueError
            message = f"unexpected {type(exc).__name__}: {message}"
        if "nothing written" not in message:
            message += "; nothing written, earlier snapshots are untouched"
        print(f"error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if getattr(args, "debug", False):
            raise
        print("interrupted; nothing written, earlier snapshots are untouched", file=sys.stderr)
        return 130
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hanoi-analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("names", help="normalise country names to ISO codes")
    p.add_argument("values", nargs="*", help="names to normalise")
    p.add_argument("--csv", metavar="FILE", help="read names from this CSV file")
    p.add_argument("--column", default="name", help="column holding the names (default: name)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the CSV here (default: stdout)")
    p.add_argument("--prefix", default="", help="prefix for the added columns")
    p.set_defaults(func=_names)

    p = sub.add_parser("report", help="execute the notebooks and write HTML reports")
    p.add_argument("--output-dir", default="reports", help="where to write (default: reports)")
    p.set_defaults(func=_report)

    p = sub.add_parser("update", help="store a new UNTC snapshot and print the changes")
    p.add_argument("--from", dest="source", metavar="FILE_OR_URL", required=True,
                   help="UNTC MTDSG XML or status page (e.g. analysis.untc.UNTC_XML_URL)")
    p.add_argument("--treaty", default=None,
                   help="treaty profile id, alias or MTDSG number (default: the Hanoi "
                        "Convention; see analysis.treaty.ids())")
    p.add_argument("--data-dir", metavar="DIR", default=None,
                   help="data folder to write into (default: ANALYSIS_DATA_DIR or data/)")
    p.add_argument("--url", default=None,
                   help="the URL a local FILE was saved from (recorded in the sidecar)")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="deadline for the whole download, seconds (default: 30)")
    p.add_argument("--accept-changes", action="store_true",
                   help="store a page the plausibility checks refuse (duplicates, odd dates, "
                        "many removals, another title), after reading the printed changes")
    p.set_defaults(func=_update)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    >>> main(["names", "Uni Eropa"])  # doctest: +SKIP
    """
    args = build_parser().parse_args(argv)
    func: Command = args.func
    return func(args)
