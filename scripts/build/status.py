"""Check the Convention's status tables and parse stored UNTC snapshots (data/derived/status/).

Inputs (see their sidecars):

- ``curated/status/events.csv`` and ``curated/status/known_unknowns.csv``: checked here (dates
  parse at their precision, vocabularies, a ``stage`` on every consent row and on no other,
  one row per participant and action, a signature before the consent), read at run time by
  ``analysis.status``;
- ``raw/untc/XVIII-16_<date>.<xml|html>``: UNTC snapshots stored by ``python -m analysis
  update`` (none may exist yet).

Outputs: ``derived/status/untc/XVIII-16_<date>.csv``, each snapshot parsed by
``analysis.untc.read`` into the event-log shape (the same file ``update`` writes).
"""

from __future__ import annotations

from build._common import DATA, write_derived

from analysis import status, untc


def check_events() -> None:
    # The curated log alone: snapshots are parsed below and merged only at run time.
    ev = status.curated_events(data_dir=DATA)
    problems = []
    bad = ev[~ev["action"].isin(status.ACTIONS)]
    problems += [f"unknown action {a!r}" for a in bad["action"]]
    bad = ev[~ev["confidence"].isin(status.CONFIDENCES)]
    problems += [f"unknown confidence {c!r}" for c in bad["confidence"]]
    consent = ev["action"].isin(status.CONSENT_ACTIONS)
    bad = ev[(consent & ~ev["stage"].isin(status.STAGES)) | (~consent & ev["stage"].ne(""))]
    problems += [f"{p} {a}: stage {s!r}" for p, a, s in zip(bad["participant"], bad["action"],
                                                         bad["stage"], strict=True)]
    dup = ev[ev.duplicated(["iso3", "action"], keep=False)]
    problems += [f"duplicate {p} {a}" for p, a in zip(dup["participant"], dup["action"],
                                                     strict=True)]
    sig = ev[ev["action"] == "signature"].set_index("iso3")["date_earliest"]
    for _, row in ev[ev["action"].isin(status.CONSENT_ACTIONS)].iterrows():
        s = sig.get(row["iso3"])
        if s is not None and row["date_latest"] is not None and s > row["date_latest"]:
            problems.append(f"{row['participant']}: consent before signature")
    if problems:
        raise SystemExit("curated/status/events.csv:\n  " + "\n  ".join(problems))
    status.known_unknowns(data_dir=DATA)


def build() -> None:
    check_events()
    for snapshot in untc.snapshots(DATA):
        frame = untc.read(snapshot, strict=False)
        rel = snapshot.relative_to(DATA).as_posix()
        meta = untc.derived_meta(rel, frame)
        write_derived(DATA / "derived" / "status" / "untc" / f"{snapshot.stem}.csv",
                      untc.table_csv(frame), source=meta["source"], inputs=meta["inputs"],
                      licence=meta["licence"], notes=meta["notes"])
