"""The command line: stdin/stdout, JSON, encodings, separators, --strict, --version, one-line
errors (and --debug tracebacks), no duplicate columns, and the ``status`` export."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real command, in a subprocess (exit codes, stdin and stdout as a shell sees them)."""
    return subprocess.run([sys.executable, "-m", "analysis", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120)


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``main(args)`` in this process: (exit code, stdout, stderr); argparse exits too."""
    try:
        code = cli.main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def feed(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def one_line_error(err: str) -> str:
    lines = err.strip("\n").splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- names -----------------------------------------------------------------------------------

def test_names_reads_stdin_and_strict_fails_on_an_unmatched_name() -> None:
    proc = run("names", "--csv", "-", "--column", "country", "--strict",
               stdin=b"country,n\nFrance,1\nAtlantis,2\n")
    assert proc.returncode == 1
    out = pd.read_csv(io.BytesIO(proc.stdout), dtype=str, keep_default_na=False)
    assert out["country"].tolist() == ["France", "Atlantis"]  # the table is still written
    assert out["iso3"].tolist() == ["FRA", ""]
    assert "--strict" in proc.stderr.decode().splitlines()[-1]


def test_names_strict_passes_when_everything_matched() -> None:
    proc = run("names", "--csv", "-", "--column", "country", "--strict", "-o", "-",
               stdin="country\nNamibia\nTrung Quốc\n".encode())
    assert proc.returncode == 0, proc.stderr
    out = pd.read_csv(io.BytesIO(proc.stdout), dtype=str, keep_default_na=False)
    assert out["iso2"].tolist() == ["NA", "CN"]


def test_strict_counts_ambiguous_names_in_argument_mode(capsys) -> None:
    code, out, err = call(capsys, "names", "--strict", "Korea")
    assert code == 1 and "ambiguous" in out
    assert one_line_error(err.splitlines()[-1]).startswith("error: --strict")
    code, _, _ = call(capsys, "names", "Korea")
    assert code == 0  # without --strict an unmatched name is reported, not an error


def test_names_historical_and_codes_options_reach_the_normaliser(capsys) -> None:
    code, out, _ = call(capsys, "names", "USSR")
    assert code == 0 and "Russian Federation" not in out and "unmatched" in out
    code, out, _ = call(capsys, "names", "--historical", "successor", "USSR")
    assert code == 0 and "RUS Russian Federation matched" in " ".join(out.split())
    code, out, _ = call(capsys, "names", "--codes", "upper", "fra")
    assert "FRA" not in out
    code, out, _ = call(capsys, "names", "--codes", "any_case", "fra")
    assert "FRA France matched" in " ".join(out.split())


def test_names_json(capsys, monkeypatch) -> None:
    feed(monkeypatch, b"name\nFrance\nAtlantis\n")
    code, out, _ = call(capsys, "names", "--csv", "-", "--json", "--prefix", "std_")
    assert code == 0
    records = json.loads(out)
    assert [r["std_iso3"] for r in records] == ["FRA", None]
    assert [r["std_status"] for r in records] == ["matched", "unmatched"]
    code, out, _ = call(capsys, "names", "--json", "Tiongkok")
    assert json.loads(out)[0]["iso3"] == "CHN"


def test_names_separator_and_encoding(tmp_path: Path, capsys) -> None:
    src = tmp_path / "latin1.csv"
    src.write_bytes("pays;n\nCôte d'Ivoire;1\nAllemagne;2\n".encode("latin-1"))
    code, _, err = call(capsys, "names", "--csv", str(src), "--column", "pays", "--sep", ";")
    assert code != 0
    line = one_line_error(err)
    assert "not valid utf-8" in line and "--encoding" in line
    dst = tmp_path / "out.csv"
    code, _, err = call(capsys, "names", "--csv", str(src), "--column", "pays", "--sep", ";",
                        "--encoding", "latin-1", "-o", str(dst))
    assert code == 0, err
    out = pd.read_csv(dst, sep=";", dtype=str, keep_default_na=False)
    assert out["pays"].tolist() == ["Côte d'Ivoire", "Allemagne"]  # written back as UTF-8
    assert out["iso3"].tolist() == ["CIV", "DEU"]


def test_an_existing_iso3_column_is_never_duplicated(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.csv"
    src.write_text("country,iso3\nFrance,FRA\n", encoding="utf-8")
    code, out, err = call(capsys, "names", "--csv", str(src), "--column", "country")
    assert code == 2 and out == ""
    line = one_line_error(err)
    assert "'iso3'" in line and "--prefix" in line
    code, out, _ = call(capsys, "names", "--csv", str(src), "--column", "country",
                        "--prefix", "std_")
    assert code == 0
    table = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert not table.columns.duplicated().any()
    assert table.loc[0, "iso3"] == "FRA" and table.loc[0, "std_iso3"] == "FRA"


def test_bom_is_not_part_of_the_header(capsys, monkeypatch) -> None:
    feed(monkeypatch, "\ufeffname\nFrance\n".encode())
    code, out, _ = call(capsys, "names", "--csv", "-", "--prefix", "x_")
    assert code == 0 and out.splitlines()[0].startswith("name,")


@pytest.mark.parametrize(("args", "stdin", "expected"), [
    (("names", "--csv", "/nonexistent/in.csv"), None, "no such file"),
    (("names", "--csv", "."), None, "is a directory"),
    (("names", "--csv", "-"), b"", "is empty"),
    (("names", "--csv", "-", "--encoding", "klingon"), b"name\nFrance\n", "unknown encoding"),
    (("names", "--csv", "-"), b"name\n\xe9\xe9\n", "not valid utf-8"),
    (("names", "--csv", "-", "--column", "nope"), b"name\nFrance\n", "not in"),
    (("names",), None, "give names"),
    (("names", "France", "--csv", "-"), b"name\nFrance\n", "not both"),
    (("names", "--bogus"), None, "unrecognized arguments"),
    (("status", "--as-of", "2026"), None, "2026-12-31"),
    (("status", "--as-of", "31/12/2025"), None, "YYYY-MM-DD"),
    (("status", "--format", "xlsx"), None, "invalid choice"),
    (("status", "--sep", ";;"), None, "one character"),
    ((), None, "required"),
])
def test_every_error_is_one_line(args, stdin, expected, capsys, monkeypatch) -> None:
    feed(monkeypatch, stdin or b"")
    monkeypatch.setattr("analysis.status.table", _no_table, raising=False)
    code, _, err = call(capsys, *args)
    assert code != 0
    assert expected in one_line_error(err)


def _no_table(*_args, **_kwargs):
    raise AssertionError("status.table must not be called when the arguments are bad")


def test_debug_shows_the_traceback(capsys) -> None:
    with pytest.raises(cli.CLIError, match="no such file"):
        cli.main(["--debug", "names", "--csv", "/nonexistent/in.csv"])
    with pytest.raises(cli.CLIError, match="no such file"):  # after the command too
        cli.main(["names", "--csv", "/nonexistent/in.csv", "--debug"])
    proc = run("--debug", "names", "--csv", "/nonexistent/in.csv")
    assert proc.returncode != 0 and b"Traceback" in proc.stderr


def test_unexpected_errors_are_one_line_too(capsys, monkeypatch) -> None:
    def boom(*_args, **_kwargs):
        raise RuntimeError("x" * 5000)

    monkeypatch.setattr("analysis.names.normalise", boom)
    code, _, err = call(capsys, "names", "France")
    assert code == 1
    line = one_line_error(err)
    assert "RuntimeError" in line and "--debug" in line and len(line) < 700


def test_messages_quote_at_most_200_characters_of_input(capsys, monkeypatch) -> None:
    long = "Atlantis" * 2_000_000  # 16 MB
    feed(monkeypatch, f"name\n{long}\n".encode())
    code, _, err = call(capsys, "names", "--csv", "-", "--column", long)
    assert code == 2
    line = one_line_error(err)
    assert len(line) < 1000 and f"({len(long)} characters)" in line
    assert cli.quote("x" * 10_000).count("x") == 200


def test_version(capsys) -> None:
    code, out, _ = call(capsys, "--version")
    assert code == 0 and out.split() == ["hanoi-analysis", analysis.__version__]


def test_broken_pipe_is_quiet() -> None:
    # `... | head -1`: the reader leaves early; no traceback from the writer
    cmd = (f"{sys.executable} -m analysis names --json {' '.join(['France'] * 3000)} "
           "| head -c 10")
    proc = subprocess.run(["sh", "-c", cmd], capture_output=True, cwd=ROOT, timeout=120)
    assert b"Traceback" not in proc.stderr and b"BrokenPipe" not in proc.stderr


# --- status --------------------------------------------------------------------------------

def _frame() -> pd.DataFrame:
    frame = pd.DataFrame({
        "iso3": ["FRA", "NAM", "EUU"],
        "iso2": ["FR", "NA", ""],
        "un_name": ["France", "Namibia", "European Union"],
        "region": ["Europe", "Africa", ""],
        "memberships": [["EU", "G7"], [], []],
        "status": pd.Categorical(["signatory", "party", "signatory"],
                                 categories=["signatory", "ratified_domestically", "party",
                                             "withdrawn"], ordered=True),
        "signature_date": pd.to_datetime(["2025-10-25", "2025-10-25", None]),
    })
    frame.attrs = {"as_of": "2026-01-01", "treaty": "un_cybercrime", "sources": ["UNTC"]}
    return frame


@pytest.fixture
def table_calls(monkeypatch) -> list[tuple]:
    calls: list[tuple] = []

    def table(as_of=None, *, treaty=None):
        calls.append((as_of, treaty))
        return _frame()

    monkeypatch.setattr("analysis.status.table", table, raising=False)
    return calls


def test_status_csv_round_trips(capsys, table_calls) -> None:
    code, out, _ = call(capsys, "status", "--as-of", "2026-01-01", "--treaty", "untoc")
    assert code == 0
    assert table_calls == [(pd.Timestamp("2026-01-01"), "untoc")]
    back = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert back["iso3"].tolist() == ["FRA", "NAM", "EUU"]
    assert back["iso2"].tolist()[1] == "NA"
    assert back["memberships"].tolist() == ["EU;G7", "", ""]
    assert back["signature_date"].tolist() == ["2025-10-25", "2025-10-25", ""]
    assert back["status"].tolist() == ["signatory", "party", "signatory"]


def test_status_json_and_separator(capsys, table_calls) -> None:
    code, out, _ = call(capsys, "status", "--format", "json")
    records = json.loads(out)
    assert code == 0 and table_calls == [(None, None)]
    assert records[0]["memberships"] == "EU;G7" and records[2]["signature_date"] is None
    code, out, _ = call(capsys, "status", "--sep", "\\t")  # as typed in a shell: '\t'
    assert out.splitlines()[0].split("\t")[:2] == ["iso3", "iso2"]


def test_status_to_a_file_is_written_whole(tmp_path: Path, capsys, table_calls) -> None:
    dst = tmp_path / "status.csv"
    code, out, _ = call(capsys, "status", "-o", str(dst))
    assert code == 0 and out == ""
    assert pd.read_csv(dst, dtype=str, keep_default_na=False).shape == (3, 7)
    assert [p.name for p in tmp_path.iterdir()] == ["status.csv"]  # no temporary file left
    code, _, err = call(capsys, "status", "-o", str(tmp_path / "no" / "such" / "dir.csv"))
    assert code != 0 and "does not exist" in one_line_error(err)
    code, _, err = call(capsys, "status", "-o", str(tmp_path))
    assert code != 0 and "is a directory" in one_line_error(err)


def test_status_parquet(tmp_path: Path, capsys, table_calls) -> None:
    pytest.importorskip("pyarrow", reason="pyarrow is in the maps extra")
    dst = tmp_path / "status.parquet"
    code, _, err = call(capsys, "status", "--format", "parquet", "-o", str(dst))
    assert code == 0, err
    back = pd.read_parquet(dst)
    assert back["iso3"].tolist() == ["FRA", "NAM", "EUU"]
    assert back["iso2"].tolist()[1] == "NA"
    assert back["status"].tolist() == ["signatory", "party", "signatory"]


def test_status_parquet_names_the_missing_package(tmp_path: Path, capsys, table_calls,
                                                  monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyarrow" else real(name, *a))
    dst = tmp_path / "status.parquet"
    code, _, err = call(capsys, "status", "--format", "parquet", "-o", str(dst))
    assert code != 0
    line = one_line_error(err)
    assert "pyarrow" in line and "pip install" in line and "maps" in line
    assert not dst.exists()


def test_status_export_of_the_real_data_reads_back() -> None:
    # The check, end to end on the bundled data: CSV out, read back, every row an ISO
    # code with a region; the counts match status.counts() for the same date.
    from analysis import status

    proc = run("status", "--as-of", "2026-12-07", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(io.BytesIO(proc.stdout), dtype=str, keep_default_na=False)
    assert table["iso3"].str.fullmatch(r"[A-Z]{3}").all() and "region" in table.columns
    assert table["iso2"].eq("NA").sum() == table["iso3"].eq("NAM").sum()  # Namibia stays NA
    counts = status.counts("2026-12-07")
    assert table["signature_date"].ne("").sum() == counts.signatories
    assert table["status"].eq("party").sum() == counts.parties
    assert table["status"].eq("ratified_domestically").sum() >= counts.domestic_pending
    assert run("status", "--as-of", "2026").returncode != 0  # a bare year is not a date
