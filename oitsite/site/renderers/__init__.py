"""Custom topic renderers (see docs/renderers.md). Topics name one with ``renderer: <name>``."""

from __future__ import annotations

from typing import Callable

RENDERERS: dict[str, Callable] = {}

# procurement (O16/O17) and the statistics topics: automatic summaries + open-data downloads
from oitsite.site.renderers.procurement import RENDERERS as _PROCUREMENT  # noqa: E402

RENDERERS.update(_PROCUREMENT)

# the ITA analysis, measures and progress report (O34/O35), with charts
from oitsite.site.renderers.ita import RENDERERS as _ITA  # noqa: E402

RENDERERS.update(_ITA)

# open data: every list a custom renderer shows also gets its CSV/JSON downloads
from oitsite.site.renderers.datatable import ensure_downloads  # noqa: E402

RENDERERS.update({_name: ensure_downloads(_fn) for _name, _fn in RENDERERS.items()})
