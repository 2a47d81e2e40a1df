"""The node helpers every page builder uses: an HTML element whose attributes are escaped by
the writer (``tag``), and a text paragraph. Data reaches a page only through docutils nodes."""

from __future__ import annotations

from typing import Any

from docutils import nodes


class oit_tag(nodes.Element, nodes.General):
    """An HTML element with escaped attributes: ``oit_tag(tag='section', attrs={...})``."""


def tag(name: str, *children: nodes.Node, classes: tuple = (), ids: tuple = (), **attrs: Any) -> oit_tag:
    node = oit_tag(tag=name, attrs={k.replace("_", "-"): str(v) for k, v in attrs.items()})
    node["classes"] += list(classes)
    node["ids"] += list(ids)
    node.extend(children)
    return node


def text_para(text: str, classes: tuple = ()) -> nodes.paragraph:
    p = nodes.paragraph(text=text)
    p["classes"] += list(classes)
    return p
