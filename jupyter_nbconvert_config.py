"""nbconvert settings for this repository: read by ``jupyter nbconvert`` run from here.

A plain ``jupyter nbconvert --to html --execute notebooks/01_participation.ipynb`` uses the
project's offline template (``analysis/templates/offline``, extending nbconvert's ``lab``
template) instead of ``lab`` itself, which loads require.js and MathJax from a CDN: the page it
writes makes no request outside the file (plotly.js and the map data come from the notebook's
own output of ``analysis.offline.setup()``).
"""

from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when this file is loaded

_HERE = Path(__file__).resolve().parent
c.HTMLExporter.extra_template_basedirs = [str(_HERE / "analysis" / "templates")]
c.HTMLExporter.template_name = "offline"
