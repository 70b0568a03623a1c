"""Smoke test of an installed wheel, run by .ci/run from a folder outside the clone.

    python smoke.py CLONE_DIR WORK_DIR

Checks that the package imported is the installed one (not the clone), that names, status
and (when the ``forecast`` extra is installed) the forecast answer from the bundled data,
and that ``hanoi-analysis report`` builds pages (``reports`` extra) and fails with a clear
message and a non-zero exit when it finds no notebooks. Prints one line per check; exits 1
on the first failure.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def check(label: str, ok: bool, detail: str = "") -> None:
    print(f"  {'ok  ' if ok else 'FAIL'} {label}{': ' + detail if detail else ''}", flush=True)
    if not ok:
        sys.exit(1)


def main(clone: Path, work: Path) -> None:
    start = time.perf_counter()
    import analysis
    from analysis import datafiles, names, status

    installed = Path(analysis.__file__).resolve()
    check("imports the installed package", clone.resolve() not in installed.parents,
          str(installed))
    check("data ship inside the package", installed.parent in datafiles.data_dir().parents,
          str(datafiles.data_dir()))
    check("notebooks ship inside the package",
          any(datafiles.notebooks_dir().glob("01_*.ipynb")), str(datafiles.notebooks_dir()))
    check("names.to_iso3('France')", names.to_iso3("France") == "FRA")
    korea = names.normalise(["Korea"])
    check("names: 'Korea' is ambiguous", korea["status"].tolist() == ["ambiguous"])
    counts = status.counts()
    check("status.counts()", counts.signatories > 0 and counts.threshold == 40,
          f"{counts.signatories} signatories")

    if importlib.util.find_spec("scipy") is not None:
        from analysis import forecast

        f = forecast.forecast("2026-11-29", n_paths=2000, seed=1)
        check("forecast.forecast()", f.threshold == 40 and len(f.quantiles) > 0)
    else:
        try:
            analysis.forecast  # noqa: B018
        except ModuleNotFoundError as exc:
            check("no forecast extra: the error names it", "[forecast]" in str(exc), str(exc))
        else:
            check("no forecast extra: the error names it", False, "analysis.forecast imported")

    # beside the interpreter: the venv need not be activated (on PATH)
    script = shutil.which("hanoi-analysis", path=str(Path(sys.executable).parent))
    check("console script installed", script is not None)
    if importlib.util.find_spec("papermill") is None:
        print("  skip report (the reports extra is not installed)")
        return
    out = work / "reports"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0"}
    proc = subprocess.run([script, "report", "--output-dir", str(out)], cwd=work, env=env,
                          capture_output=True, text=True)
    pages = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
    check("hanoi-analysis report --output-dir DIR", proc.returncode == 0 and bool(pages),
          f"exit {proc.returncode}, pages {pages}" + ("" if proc.returncode == 0
                                                     else "\n" + proc.stdout + proc.stderr))
    empty = work / "no-notebooks"
    empty.mkdir(exist_ok=True)
    proc = subprocess.run([script, "report", "--output-dir", str(work / "none")], cwd=work,
                          env={**env, "ANALYSIS_NOTEBOOKS_DIR": str(empty)},
                          capture_output=True, text=True)
    said = (proc.stdout + proc.stderr).strip()
    check("report with no notebooks fails clearly",
          proc.returncode != 0 and "notebook" in said.lower(), f"exit {proc.returncode}: {said}")
    print(f"  smoke test passed in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
