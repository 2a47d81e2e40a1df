"""The site stage: the one Sphinx extension of oitsite (``extensions = ["oitsite.site"]``).

``setup()`` wires the directives and guards (:mod:`.extension`) and the archive rule
(:mod:`.archive`); the light front end (:mod:`.frontend`) and Thai search (:mod:`.search`) are
listed after it in conf.py, so the stock theme can be measured without them. Only this folder
imports sphinx or docutils.
"""

from __future__ import annotations

from typing import Any


def setup(app: Any) -> dict:
    from oitsite.site import archive, extension, linebreak

    meta = extension.setup(app)
    archive.setup(app)
    linebreak.setup(app)  # Thai lines break between words only
    return meta
