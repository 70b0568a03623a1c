"""Command line: ``python -m analysis <command>`` or the ``hanoi-analysis`` script.

Commands:
    names   normalise country names to ISO codes (arguments, or a CSV column with --csv)
    status  the Convention's status, one row per participant, as CSV, JSON or Parquet
    report  execute the notebooks and write HTML reports into reports/
    notebook  write a report notebook's copy for a treaty, parameters set, to open in Jupyter
    update  store a new UNTC snapshot of the Convention's status and print the changes

Unix-friendly: ``-`` is stdin for ``--csv`` and stdout for ``-o``; tables go to stdout and
messages to stderr; every error is one line on stderr with a non-zero exit (``--debug`` shows
the traceback instead); Ctrl-C exits 130.
"""

from __future__ import annotations

__all__ = [
    "build_parser", "main",
]

import argparse
import io
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import pandas as pd

Command = Callable[[argparse.Namespace], int]

#: Most characters of user input an error message quotes.
MAX_QUOTE = 200
#: Columns ``names --csv`` adds beside the input's columns.
NAMES_ADDED = ("iso3", "iso2", "name", "status", "method", "score", "candidates", "reason")
#: Output formats of ``status``.
STATUS_FORMATS = ("csv", "json", "parquet")


class CLIError(Exception):
    """An error the command line reports as one line (``error: ...``) with exit ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def quote(value: Any, limit: int = MAX_QUOTE) -> str:
    """``repr`` of user input, cut to ``limit`` characters (a 15 MB name stays one short line).

    >>> quote("x" * 500)[-30:]
    "xxxxxxxx... (500 characters)'"
    >>> quote("France")
    "'France'"
    """
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return repr(f"{text[:limit]}... ({len(text)} characters)")


def one_line(text: str, limit: int = 2 * MAX_QUOTE + 100) -> str:
    """A message on one line, at most about ``limit`` characters.

    >>> one_line("a\\nb")
    'a b'
    """
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else f"{flat[:limit]}... ({len(flat)} characters)"


# --- input and output ----------------------------------------------------------------------

def read_bytes(path: str) -> tuple[bytes, str]:
    """The bytes of ``path`` (``-`` = stdin) and a label for messages."""
    if path == "-":
        return sys.stdin.buffer.read(), "stdin"
    p = Path(path)
    label = quote(path)
    if not p.exists():
        raise CLIError(f"no such file: {label}", 2)
    if p.is_dir():
        raise CLIError(f"{label} is a directory, not a CSV file", 2)
    try:
        return p.read_bytes(), label
    except OSError as exc:
        raise CLIError(f"cannot read {label}: {exc.strerror or exc}") from exc


def decode(data: bytes, encoding: str, label: str) -> str:
    """Text of ``data``; an unknown encoding or undecodable bytes is a one-line error."""
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise CLIError(f"unknown encoding {quote(encoding)} (e.g. utf-8, latin-1, cp1252)",
                       2) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CLIError(
            f"{label} is not valid {encoding} (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); pass its encoding, e.g. --encoding latin-1", 2) from None
    return text.removeprefix("\ufeff")  # a UTF-8 BOM (Excel) is not part of the header


def read_csv(path: str, *, encoding: str = "utf-8", sep: str = ",") -> pd.DataFrame:
    """A CSV file or stdin (``-``) as text cells, "NA" kept (Namibia); errors are one line."""
    import pandas as pd

    from analysis.datafiles import read_table

    data, label = read_bytes(path)
    text = decode(data, encoding, label)
    if not text.strip():
        raise CLIError(f"{label} is empty: expected a CSV with a header row", 2)
    try:
        return read_table(io.StringIO(text), sep=sep)
    except (pd.errors.ParserError, ValueError) as exc:
        raise CLIError(f"{label} is not a readable CSV (separator {sep!r}): "
                       f"{one_line(str(exc), MAX_QUOTE)}", 2) from None


def write_output(payload: str | bytes, output: str | None) -> None:
    """Write to stdout (``None`` or ``-``) or atomically to a file (temporary file + rename)."""
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    if output in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    if target.is_dir():
        raise CLIError(f"{quote(output)} is a directory: give a file name for -o", 2)
    if not target.parent.is_dir():
        raise CLIError(f"folder {quote(str(target.parent))} does not exist (for -o)", 2)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as a plain write would, not mkstemp's 0600
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Cells as plain values: dates as ISO days, categories as text, lists joined by ``;``."""
    import pandas as pd

    out = table.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            out[col] = s.astype(object).where(s.notna(), None)
        elif s.dtype.kind == "M":
            out[col] = s.dt.strftime("%Y-%m-%d").astype(object).where(s.notna(), None)
        elif s.dtype == object and s.map(lambda v: isinstance(v, list | tuple | set)).any():
            out[col] = s.map(lambda v: ";".join(map(str, v))
                             if isinstance(v, list | tuple | set) else v)
    return out


def to_csv_text(table: pd.DataFrame, sep: str = ",") -> str:
    """A table as CSV text (no index; missing values as empty cells)."""
    return _plain(table).to_csv(index=False, sep=sep, lineterminator="\n")


def to_json_text(table: pd.DataFrame) -> str:
    """A table as a JSON array of records (dates as ``YYYY-MM-DD``, missing as ``null``)."""
    import json

    plain = _plain(table).astype(object)
    plain = plain.where(plain.notna(), None)
    records = plain.to_dict(orient="records")
    return json.dumps(records, ensure_ascii=False, indent=1, default=_json_default) + "\n"


def _json_default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    return str(value)


def to_parquet_bytes(table: pd.DataFrame) -> bytes:
    """A table as Parquet bytes; needs pyarrow (a one-line error names it when missing)."""
    import importlib.util

    if importlib.util.find_spec("pyarrow") is None:
        raise CLIError("--format parquet needs the package pyarrow, which is not installed: "
                       "pip install pyarrow (or install this package with its 'maps' extra)")
    buffer = io.BytesIO()
    frame = table.copy()
    frame.attrs = {}  # provenance goes in the CSV/JSON sidecar of the user's choice, not here
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


# --- commands --------------------------------------------------------------------------------

def _not_matched(status: pd.Series) -> int:
    return int((status != "matched").sum())


def _names(args: argparse.Namespace) -> int:
    from analysis import names

    if args.csv and args.values:
        raise CLIError("give names as arguments or a CSV with --csv, not both", 2)
    if args.csv:
        import pandas as pd

        table = read_csv(args.csv, encoding=args.encoding, sep=args.sep)
        if args.column not in table.columns:
            raise CLIError(f"column {quote(args.column)} not in {quote(args.csv)} (columns: "
                           f"{one_line(', '.join(map(str, table.columns)), MAX_QUOTE)})", 2)
        added_names = [f"{args.prefix}{c}" for c in NAMES_ADDED]
        clash = [c for c in added_names if c in table.columns]
        if clash:
            hint = "another --prefix" if args.prefix else "--prefix, e.g. --prefix std_"
            raise CLIError(f"the input already has column(s) {', '.join(map(quote, clash))}: "
                           f"pass {hint}, so the added columns do not duplicate them", 2)
        result = names.normalise(table[args.column], codes=args.codes,
                                 historical=args.historical)
        added = result[["iso3", "iso2", "name", "status", "method", "score"]].copy()
        added["candidates"] = result["candidates"].map(" ".join)
        added["reason"] = result["reason"]
        out = pd.concat([table, added.add_prefix(args.prefix)], axis=1)
    else:
        if not args.values:
            raise CLIError("give names as arguments or a CSV with --csv FILE (- for stdin)", 2)
        result = names.normalise(list(args.values), codes=args.codes,
                                 historical=args.historical)
        out = result[["input", "iso3", "name", "status", "method", "score"]].astype(object)
        out["candidates"] = result["candidates"].map(" ".join)
        out["reason"] = result["reason"]
    if args.json:
        write_output(to_json_text(out), args.output)
    elif args.csv or args.output:
        write_output(to_csv_text(out, args.sep), args.output)
    else:
        write_output(out.fillna("").to_string(index=False) + "\n", None)
    counts = result["status"].value_counts().to_dict()
    print("; ".join(f"{k}: {v}" for k, v in sorted(counts.items())), file=sys.stderr)
    missed = _not_matched(result["status"])
    if args.strict and missed:
        raise CLIError(f"--strict: {missed} of {len(result)} name(s) not matched "
                       "(unmatched, ambiguous or invalid)")
    return 0


def _status(args: argparse.Namespace) -> int:
    from analysis import dates, status

    fmt = "json" if args.json else args.format
    as_of = dates.parse_as_of(args.as_of) if args.as_of is not None else None
    if fmt == "parquet" and args.output in (None, "-") and sys.stdout.isatty():
        raise CLIError("Parquet is binary: write it to a file with -o FILE (or pipe it)", 2)
    table = status.table(as_of, treaty=args.treaty)
    if fmt == "csv":
        payload: str | bytes = to_csv_text(table, args.sep)
    elif fmt == "json":
        payload = to_json_text(table)
    else:
        payload = to_parquet_bytes(table)
    write_output(payload, args.output)
    return 0


def _parameters(args: argparse.Namespace) -> dict[str, str]:
    """The notebook parameters of ``-p NAME VALUE``, ``--as-of`` and ``--treaty`` (as text;
    checked later against the notebooks' ``parameters`` cells)."""
    parameters: dict[str, str] = {}
    for name, value in args.parameters or []:
        if name in parameters:
            raise CLIError(f"parameter {quote(name)} given twice", 2)
        parameters[name] = value
    for name, value in (("as_of", args.as_of), ("treaty", args.treaty)):
        if value is not None:
            if name in parameters:
                raise CLIError(f"give {name} once: --{name.replace('_', '-')} or -p {name}", 2)
            parameters[name] = value
    return parameters


def _report(args: argparse.Namespace) -> int:
    from analysis import report

    parameters = _parameters(args)
    folder = Path(args.notebooks_dir) if args.notebooks_dir else None
    try:
        return report.build_all(output_dir=args.output_dir, parameters=parameters,
                                folder=folder)
    except report.ReportError as exc:
        raise CLIError(str(exc), exc.code) from None
    except KeyboardInterrupt:
        print(flush=True)  # end the progress line
        raise CLIError(f"interrupted: nothing published, the previous reports in "
                       f"{quote(args.output_dir)} are left in place", 130) from None


def bundled_notebook(name: str, folder: Path | None = None) -> Path:
    """The notebook ``name`` names: an existing file, else the numbered notebook of
    ``folder`` (default the bundled ones, :func:`analysis.report.notebooks`) whose name
    starts with it (``01``, ``01_participation``, ``01_participation.ipynb``).

    >>> bundled_notebook("01").name
    '01_participation.ipynb'
    """
    from analysis import report

    path = Path(name)
    if path.is_file():
        return path
    found = report.notebooks(folder)
    stem = name.removesuffix(".ipynb")
    matches = [p for p in found if p.stem == stem] or [p for p in found
                                                       if p.stem.startswith(stem)]
    if len(matches) == 1 and stem:
        return matches[0]
    names = ", ".join(p.stem for p in found) or "none"
    what = ("names more than one bundled notebook" if len(matches) > 1 and stem
            else "is neither a file nor a bundled notebook")
    raise CLIError(f"{quote(name)} {what} (give a path, or the number or name of one of: "
                   f"{names})", 2)


def _notebook(args: argparse.Namespace) -> int:
    import shlex

    from analysis import notebook_cells

    source = bundled_notebook(args.notebook)
    target = Path(args.output)
    if target.is_dir():
        raise CLIError(f"{quote(args.output)} is a directory: give a file name for --output", 2)
    if not target.parent.is_dir():
        raise CLIError(f"folder {quote(str(target.parent))} does not exist (for --output)", 2)
    if target.exists() and not args.force:
        raise CLIError(f"{quote(args.output)} exists: pass --force to overwrite it", 2)
    if target.resolve() == source.resolve():
        raise CLIError(f"{quote(args.output)} is the notebook itself: write the copy "
                       "elsewhere", 2)
    parameters = _parameters(args)
    try:
        out = notebook_cells.write_for_treaty(source, parameters, target)
    except ImportError as exc:
        raise CLIError(f"the notebook command needs papermill ({exc}): install this "
                       "package with its 'reports' extra") from None
    except ValueError as exc:  # ParameterError, a bad date, an unknown treaty, a bad day
        raise CLIError(str(exc), 2) from None
    set_ = ", ".join(f"{k}={v}" for k, v in parameters.items()) or "no parameters"
    print(f"wrote {out} ({source.name} with {set_}); open it with: "
          f"jupyter lab {shlex.quote(str(out))}")
    return 0


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


# --- parser ----------------------------------------------------------------------------------

class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (``prog: error: ... (see --help)``, exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")


def _version() -> str:
    from analysis import __version__

    return f"hanoi-analysis {__version__}"


def _add_global(p: argparse.ArgumentParser, *, top: bool) -> None:
    # On the subcommands too, so `hanoi-analysis names --debug ...` works; SUPPRESS keeps a
    # subparser from resetting a flag given before the command.
    default = False if top else argparse.SUPPRESS
    p.add_argument("--debug", action="store_true", default=default,
                   help="show the full traceback on errors")
    p.add_argument("--version", action="version", version=_version())


def separator(text: str) -> str:
    r"""A ``--sep`` value: one character; ``\t`` (typed as two characters) and ``tab``
    mean a tab.

    >>> separator(";"), separator("\\t"), separator("tab")
    (';', '\t', '\t')
    """
    value = {"\\t": "\t", "tab": "\t"}.get(text, text)
    if len(value) != 1 or value in ('"', "\n", "\r"):
        raise argparse.ArgumentTypeError(
            f"--sep takes one character (e.g. ';' or '\\t'), not {quote(text)}")
    return value


def _add_table_io(p: argparse.ArgumentParser) -> None:
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write here (default and '-': stdout); written atomically")
    p.add_argument("--json", action="store_true", help="write JSON records instead of CSV")
    p.add_argument("--sep", default=",", type=separator,
                   help="CSV field separator, one character; '\\t' for tab (default: ,)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``hanoi-analysis``.

    >>> build_parser().parse_args(["names", "--strict", "France"]).strict
    True
    """
    parser = _Parser(prog="hanoi-analysis", description=__doc__.splitlines()[0])
    _add_global(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("names", help="normalise country names to ISO codes")
    p.add_argument("values", nargs="*", help="names to normalise")
    p.add_argument("--csv", metavar="FILE", help="read names from this CSV file ('-': stdin)")
    p.add_argument("--column", default="name", help="column holding the names (default: name)")
    p.add_argument("--encoding", default="utf-8", help="encoding of the input CSV (default: "
                   "utf-8; output is always UTF-8)")
    p.add_argument("--prefix", default="", help="prefix for the added columns (needed when the "
                   "input already has a column of the same name, e.g. iso3)")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any name is not matched (unmatched, ambiguous, invalid)")
    p.add_argument("--codes", choices=("auto", "upper", "any_case"), default="auto",
                   help="which cells are ISO codes: auto (default: lower-case codes only when "
                   "the whole column is codes), upper (capitals only) or any_case")
    p.add_argument("--historical", choices=("keep", "successor"), default="keep",
                   help="dissolved states: keep (default: unmatched, successors in the reason) "
                   "or successor (the state that continues them)")
    _add_table_io(p)
    p.set_defaults(func=_names)

    p = sub.add_parser("status", help="status table, one row per participant")
    p.add_argument("--as-of", metavar="DATE", default=None,
                   help="ISO date YYYY-MM-DD (default: all the data)")
    p.add_argument("--format", choices=STATUS_FORMATS, default="csv",
                   help="csv (default), json or parquet (needs pyarrow)")
    p.add_argument("--treaty", default=None,
                   help="treaty profile id (default: the Hanoi Convention; e.g. untoc)")
    _add_table_io(p)
    p.set_defaults(func=_status)

    p = sub.add_parser("report", help="execute the notebooks and write HTML reports")
    p.add_argument("--output-dir", default="reports", help="where to write (default: reports)")
    p.add_argument("--as-of", metavar="DATE", default=None, help="as-of date (YYYY-MM-DD)")
    p.add_argument("--treaty", default=None, help="treaty profile id, e.g. untoc")
    p.add_argument("-p", "--parameter", dest="parameters", nargs=2, action="append",
                   metavar=("NAME", "VALUE"), help="notebook parameter, as with papermill")
    p.add_argument("--notebooks-dir", metavar="DIR", default=None,
                   help="build the numbered notebooks of this folder instead")
    p.set_defaults(func=_report)

    p = sub.add_parser("notebook", help="write a report notebook's copy for a treaty, with "
                       "its parameters set, to open in Jupyter")
    p.add_argument("notebook", metavar="NOTEBOOK",
                   help="a notebook file, or the number or name of a bundled one (e.g. 01)")
    p.add_argument("--output", "-o", metavar="FILE", required=True,
                   help="the notebook to write (refused when it exists, unless --force)")
    p.add_argument("--treaty", default=None, help="treaty profile id, e.g. untoc")
    p.add_argument("--as-of", metavar="DATE", default=None, help="as-of date (YYYY-MM-DD)")
    p.add_argument("-p", "--parameter", dest="parameters", nargs=2, action="append",
                   metavar=("NAME", "VALUE"), help="notebook parameter, as with papermill")
    p.add_argument("--force", action="store_true", help="overwrite FILE when it exists")
    p.set_defaults(func=_notebook)

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

    for command in sub.choices.values():
        _add_global(command, top=False)
    return parser


def _fail(message: str, code: int) -> int:
    print(f"error: {one_line(message)}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (errors: one line on stderr).

    >>> main(["names", "--strict", "Atlantis"])  # doctest: +SKIP
    """
    args = build_parser().parse_args(argv)
    func: Command = args.func
    if args.debug:
        return func(args)
    try:
        return func(args)
    except CLIError as exc:
        return _fail(str(exc), exc.code)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): not an error worth a message
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except ValueError as exc:  # bad input reported by the library (dates, treaty ids, ...)
        return _fail(str(exc), 2)
    except Exception as exc:  # anything else: still one line; --debug shows where
        return _fail(f"{type(exc).__name__}: {one_line(str(exc), 2 * MAX_QUOTE)} "
                     "(--debug shows the traceback)", 1)
