"""Custom topic renderers (see docs/renderers.md). Topics name one with ``renderer: <name>``."""

from __future__ import annotations

from typing import Callable

RENDERERS: dict[str, Callable] = {}
