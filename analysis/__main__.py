"""``python -m analysis``: the command line (:mod:`analysis.cli`)."""

from analysis.cli import main

raise SystemExit(main())
