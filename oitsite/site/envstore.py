"""Build state kept per document on the Sphinx environment, safe for parallel builds.

A store is a dict ``env.<attr>``: docname → what reading that document produced. Sphinx
purges a document's entry when it is read again and, after a parallel read, merges each
worker's entries into the main environment; nothing lives in a module global.
"""

from __future__ import annotations

from typing import Any


def store(env: Any, attr: str) -> dict:
    """The store ``env.<attr>``, created empty on first use."""
    value = getattr(env, attr, None)
    if value is None:
        value = {}
        setattr(env, attr, value)
    return value


def per_document(app: Any, attr: str) -> None:
    """Wire the purge and merge handlers of the store ``env.<attr>`` (call from ``setup()``)."""

    def purge(app: Any, env: Any, docname: str) -> None:
        store(env, attr).pop(docname, None)

    def merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
        theirs = getattr(other, attr, None) or {}
        store(env, attr).update({name: theirs[name] for name in docnames if name in theirs})

    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
