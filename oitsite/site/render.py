"""Stage 5: the typed model → page sources and docutils nodes.

Two halves:

* :func:`write_sources` writes the MyST page skeletons (home, OIT index per year, one page per
  item) from the Jinja templates in ``_templates/oit/``; they contain only titles and directives.
* The directives (oitsite.site.extension) call :class:`RenderCtx` to turn the agency's data into
  docutils nodes — the only way data reaches a page, so Sphinx escapes every value.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import jinja2
from docutils import nodes

from oitsite import thai
from oitsite.check.site import SiteContext
from oitsite.check.validate import safe_resolve
from oitsite.model import documents as docmodel
from oitsite.model.agency import Agency
from oitsite.model.catalog import Catalog, Item
from oitsite.model.fieldtypes import IMAGE_TYPES
from oitsite.model.schema import DOCUMENTS_FIELD, FieldDef, TopicDef
from oitsite.publish.manifest import item_docname
from oitsite.site.nodes import oit_tag, tag
from oitsite.site.renderers import datatable

ELEMENT_TH = {"met": "มีแล้ว", "missing": "ยังขาด"}










@dataclass
class PageOutputs:
    """What rendering one page produced besides its nodes: kept per document on the Sphinx
    environment (``env.oitsite_pages``), merged after parallel reads, written by the build."""

    downloads: list[dict] = field(default_factory=list)  # files generated for this page
    assets: dict[str, bytes] = field(default_factory=dict)  # site path → bytes to write
    attachments: set[str] = field(default_factory=set)  # agency-relative paths to copy


class RenderCtx:
    """What a topic renderer may use (see docs/renderers.md)."""

    def __init__(self, site: SiteContext, docname: str, year: int, item: Item | None, topic: TopicDef | None,
                 data_year: int | None, markdown: Callable[[str, str], list[nodes.Node]], out: PageOutputs):
        self.site, self.docname, self.year, self.item, self.out = site, docname, year, item, out
        self.topic_def, self.data_year = topic, data_year
        self._markdown = markdown

    # -- data
    @property
    def agency(self) -> Agency:
        return self.site.agency

    @property
    def catalog(self) -> Catalog:
        return self.site.reports[self.year].catalog  # type: ignore[return-value]

    @property
    def item_id(self) -> str | None:
        return self.item.id if self.item else None

    def topic(self, topic_id: str, fiscal_year: int | None = None) -> dict | None:
        return self.agency.data(topic_id, fiscal_year)

    # -- links
    def rel(self, site_path: str) -> str:
        """Relative URL from this page to a path from the site root."""
        here = posixpath.dirname(self.docname)
        return posixpath.relpath(site_path, here or ".")

    def item_url(self, item_id: str) -> str | None:
        item = self.catalog.item(item_id)
        if item is None:
            return None
        return self.rel(item_docname(self.year, item) + ".html")

    def section_id(self, field_name: str) -> str:
        return f"{self.topic_def.id}-{field_name}" if self.topic_def else field_name

    def asset(self, name: str, data: bytes, *, label: str) -> str:
        folder = posixpath.dirname(self.docname)
        stem = posixpath.basename(self.docname)
        site_path = f"{folder}/{stem}-{name}" if folder else f"{stem}-{name}"
        self.out.assets[site_path] = data
        self.out.downloads.append(
            {"label": label, "path": site_path, "bytes": len(data), "topic": self.topic_def.id if self.topic_def else None})
        return self.rel(site_path)

    # -- formatting
    def fmt_date(self, d: dt.date | None) -> str:
        return thai.format_date(d, digits=self.agency.digits) if d else ""

    def fmt_baht(self, x: Any) -> str:
        return thai.format_baht(Decimal(str(x)), digits=self.agency.digits) if x is not None else ""

    def fmt_num(self, x: Any, decimals: int | None = None) -> str:
        return thai.format_number(x, digits=self.agency.digits, decimals=decimals) if x is not None else ""

    def digits(self, s: str) -> str:
        return thai.to_thai_digits(s) if self.agency.digits == "thai" else s

    # -- nodes
    def markdown(self, text: str) -> list[nodes.Node]:
        return self._markdown(demote_headings(text), text)

    def link(self, url: str, text: str) -> nodes.reference:
        return nodes.reference("", text, refuri=url, internal=not url.startswith("https://"))

    def image(self, url: str, alt: str, *, width: int | None = None, classes: tuple = ()) -> oit_tag:
        attrs: dict[str, Any] = {"src": url, "alt": alt, "loading": "lazy", "decoding": "async"}
        if width:
            attrs["width"] = width
        return tag("img", classes=classes, **attrs)

    def file_link(self, rel: str, title: str | None = None) -> nodes.Node:
        """A link to an attachment with its type and size, e.g. ‘ประกาศ (PDF, 120 KB)’."""
        real, problem = safe_resolve(self.agency.root, rel)
        if problem or real is None or not real.is_file():
            if not self.site.draft:  # the public site names no file of the agency's folder
                return nodes.inline("", f"{title or 'เอกสาร'} (อยู่ระหว่างจัดทำข้อมูล)", classes=["oit-pending"])
            return nodes.inline("", f"{title or rel} (ไม่พบไฟล์)", classes=["oit-missing"])
        self.out.attachments.add(rel)
        kind = real.suffix.lstrip(".").upper()
        size = real.stat().st_size
        size_txt = f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{max(1, round(size / 1024))} KB"
        para = nodes.inline("", "")
        para += nodes.reference("", title or real.name, refuri=self.rel(f"files/{rel.removeprefix('files/')}"))
        para += nodes.inline("", f" ({kind}, {self.digits(size_txt)})", classes=["oit-filemeta"])
        return para

    # -- documents as evidence
    def evidence_href(self, c: docmodel.Citation) -> str:
        """Relative link to the cited page of a document (``…/files/x.pdf#page=3``); the file is published."""
        self.out.attachments.add(c.file)
        return self.rel(c.site_path) + c.url().removeprefix(c.site_path)

    def evidence_line(self, cited: list[docmodel.Citation]) -> nodes.Node:
        """Under an element: the document page(s) that show it, and whether they were checked."""
        para = nodes.paragraph(classes=["oit-evidence"])
        para += nodes.Text("หลักฐาน: ")
        # a page the document lacks is never linked (oit.document-page-missing tells the editor)
        for i, c in enumerate(c for c in cited if docmodel.pages_exist(self.agency.document_pages, c)):
            if i:
                para += nodes.Text(" · ")
            pages = ", ".join(self.digits(str(p)) for p in c.pages)
            para += nodes.reference("", f"{c.title} หน้า {pages}", refuri=self.evidence_href(c))
            if not docmodel.checked(self.agency.document_pages, c):
                declared = " (ผู้ดูแลระบุ ยังไม่ได้ตรวจอัตโนมัติ: ภาพสแกน)"
                para += nodes.inline("", declared, classes=["oit-declared"])
        return para

    def documents(self, topic_id: str, records: list[dict]) -> nodes.Node:
        """The "เอกสารต้นฉบับ" list: title, Thai date, approved date, link (type, size)."""
        wrap = tag("div", nodes.rubric(text="เอกสารต้นฉบับ"), ids=(f"{topic_id}-{DOCUMENTS_FIELD}",),
                   classes=("oit-field", "oit-documents"))
        bl = nodes.bullet_list()
        for rec in records:
            if not isinstance(rec.get("file"), str):
                continue
            li = nodes.list_item()
            para = nodes.paragraph()
            para += self.file_link(rec["file"], rec.get("title") or None)
            facts = []
            if isinstance(rec.get("date"), dt.date):
                facts.append(f"ลงวันที่ {self.fmt_date(rec['date'])}")
            if isinstance(rec.get("approved"), dt.date):
                facts.append(f"ลงนาม/อนุมัติ {self.fmt_date(rec['approved'])}")
            pages = self.agency.document_pages.get(rec["file"])
            if pages and rec["file"].lower().endswith(".pdf"):
                facts.append(f"{self.digits(str(len(pages)))} หน้า")
                if not any(pages):
                    facts.append("ภาพสแกน ไม่มีข้อความให้ค้นหา")
            if facts:
                para += nodes.inline("", " — " + " · ".join(facts), classes=["oit-docmeta"])
            li += para
            bl += li
        wrap += bl
        return wrap

    def table(self, headers: list[str], rows: list[list[Any]], *, caption: str | None = None,
              ids: list[str | None] | None = None, classes: tuple = (), numeric: set[int] | None = None) -> nodes.Node:
        numeric = numeric or set()
        table = nodes.table(classes=["oit-table", *classes])
        if caption:
            table += nodes.title(text=caption)
        group = nodes.tgroup(cols=len(headers))
        table += group
        for _ in headers:
            group += nodes.colspec(colwidth=1)
        thead = nodes.thead()
        group += thead
        hrow = nodes.row()
        for h in headers:
            entry = nodes.entry()
            entry += nodes.paragraph(text=h)
            hrow += entry
        thead += hrow
        tbody = nodes.tbody()
        group += tbody
        for r, cells in enumerate(rows):
            row = nodes.row()
            if ids and r < len(ids) and ids[r]:
                row["ids"].append(ids[r])
            for c, cell in enumerate(cells):
                entry = nodes.entry(classes=["oit-num"] if c in numeric else [])
                if isinstance(cell, nodes.Node):
                    entry += cell if isinstance(cell, (nodes.Body, nodes.Part)) and not isinstance(cell, nodes.Inline) else nodes.paragraph("", "", cell)
                elif isinstance(cell, list):
                    for n in cell:
                        entry += n
                else:
                    entry += nodes.paragraph(text="" if cell is None else str(cell))
                row += entry
            tbody += row
        return tag("div", table, classes=("oit-scroll",), tabindex="0", role="region",
                   aria_label=caption or ("ตาราง " + " / ".join(headers[:3]) if headers else "ตาราง"))

    # -- generic, schema-driven rendering
    def value(self, fd: FieldDef, value: Any, record: dict | None = None) -> Any:
        """One value → str or nodes, by field type."""
        if value is None or value == "":
            return ""
        shown = fd.ftype.display(fd, value, record, self.agency.digits)
        kind = shown.kind
        if kind == "link":
            return self.link(shown.href, shown.text)
        if kind == "file":
            return self.file_link(shown.href, shown.text or None)
        if kind == "image":
            real, problem = safe_resolve(self.agency.root, shown.href)
            if problem or real is None or not real.is_file() or real.suffix.lower() not in IMAGE_TYPES:
                if not self.site.draft:
                    return nodes.inline("", f"{fd.title} (อยู่ระหว่างจัดทำข้อมูล)", classes=["oit-pending"])
                return nodes.inline("", f"{fd.title} (ไม่พบไฟล์)", classes=["oit-missing"])
            self.out.attachments.add(shown.href)
            return self.image(self.rel(f"files/{shown.href.removeprefix('files/')}"), shown.text, classes=("oit-img",))
        if kind == "markdown":
            return self.markdown(shown.text)
        return shown.text

    def generic(self, topic_id: str, data: dict, skip: set[str] | frozenset = frozenset()) -> list[nodes.Node]:
        tdef = self.agency.topic_defs[topic_id]
        skip = set(skip) | {DOCUMENTS_FIELD}  # shown as the "เอกสารต้นฉบับ" list (ItemDirective)
        out: list[nodes.Node] = []
        scalars = [(n, fd) for n, fd in tdef.fields.items() if not fd.is_list and not fd.ftype.markdown and n not in skip]
        rows, ids = [], []
        for name, fd in scalars:
            if data.get(name) in (None, ""):
                continue
            rows.append([fd.title, self.value(fd, data[name], data)])
            ids.append(f"{topic_id}-{name}")
        if rows:
            out.append(self.table(["รายการ", "ข้อมูล"], rows, ids=ids, classes=("oit-facts",), caption=None))
        for name, fd in tdef.fields.items():
            if name in skip or data.get(name) in (None, "", []):
                continue
            if fd.ftype.markdown:
                sec = tag("div", nodes.rubric(text=fd.title), *self.markdown(str(data[name])), ids=(f"{topic_id}-{name}",),
                          classes=("oit-field",))
                out.append(sec)
            elif fd.is_list:
                out.append(self.records(topic_id, name, fd, data[name]))
        return out

    def records(self, topic_id: str, name: str, fd: FieldDef, records: list[dict], *, caption: str | None = None) -> nodes.Node:
        if fd.display == "cards":
            return self.cards(topic_id, name, fd, records, caption=caption)
        tdef = self.agency.topic_defs.get(topic_id)
        if len(records) > datatable.PAGE_ROWS and tdef is not None and tdef.fields.get(name) is fd:
            # large tables: first rows on the page, the rest on split pages, filter/sort script
            return datatable.render_list(self, topic_id, name, records, caption=caption)
        cols = [(n, sub) for n, sub in fd.fields.items() if any(r.get(n) not in (None, "", []) for r in records)]
        headers = ["ลำดับ"] + [sub.title for _, sub in cols]
        numeric = {i + 1 for i, (_, sub) in enumerate(cols) if sub.ftype.numeric}
        rows = []
        for i, rec in enumerate(records, 1):
            row: list[Any] = [self.digits(str(i))]
            for n, sub in cols:
                v = rec.get(n)
                if sub.is_list and isinstance(v, list):
                    row.append([self._nested_list(sub, v)])
                else:
                    row.append(self.value(sub, v, rec))
            rows.append(row)
        return self.with_downloads(tag("div", nodes.rubric(text=caption or fd.title), self.table(headers, rows, numeric=numeric),
                                       ids=(f"{topic_id}-{name}",), classes=("oit-field",)), topic_id, name, records)

    def cards(self, topic_id: str, name: str, fd: FieldDef, records: list[dict], *, caption: str | None = None) -> nodes.Node:
        """Records as cards: picture, first text field as the heading, the rest as label/value lines."""
        wrap = tag("div", nodes.rubric(text=caption or fd.title), ids=(f"{topic_id}-{name}",), classes=("oit-field",))
        grid = tag("div", classes=("oit-cards",))
        head_field = next((n for n, sub in fd.fields.items() if sub.ftype.heading), None)
        for rec in records:
            card = tag("article", classes=("oit-card",))
            for n, sub in fd.fields.items():
                if sub.ftype.is_image and rec.get(n):
                    card += self.value(sub, rec[n], rec)
            body = tag("div", classes=("oit-card-body",))
            if head_field and rec.get(head_field):
                body += tag("p", nodes.strong(text=str(rec[head_field])), classes=("oit-card-title",))
            dl = nodes.definition_list(classes=["oit-card-fields"])
            for n, sub in fd.fields.items():
                v = rec.get(n)
                if n == head_field or sub.ftype.is_image or n.endswith("_alt") or v in (None, "", []):
                    continue
                item = nodes.definition_list_item()
                item += nodes.term(text=sub.title)
                definition = nodes.definition()
                val = self._nested_list(sub, v) if sub.is_list else self.value(sub, v, rec)
                if isinstance(val, list):
                    definition.extend(val)
                elif isinstance(val, nodes.Node) and not isinstance(val, nodes.Inline):
                    definition += val
                else:
                    definition += nodes.paragraph("", "", val) if isinstance(val, nodes.Node) else nodes.paragraph(text=str(val))
                item += definition
                dl += item
            body += dl
            card += body
            grid += card
        wrap += grid
        return self.with_downloads(wrap, topic_id, name, records)

    def with_downloads(self, box: nodes.Element, topic_id: str, name: str, records: list[dict]) -> nodes.Element:
        """Open data: a list field's section gets CSV and JSON downloads (oitsite.site.renderers.datatable)."""
        para = datatable.download_links(self, topic_id, name, records)
        if para is not None:
            box += para
        return box

    def _nested_list(self, fd: FieldDef, records: list[dict]) -> nodes.Node:
        bl = nodes.bullet_list()
        for rec in records:
            parts = []
            for n, sub in fd.fields.items():
                v = rec.get(n)
                if v in (None, ""):
                    continue
                val = self.value(sub, v, rec)
                parts.append(val if isinstance(val, str) else " ".join(x.astext() for x in (val if isinstance(val, list) else [val])))
            li = nodes.list_item()
            li += nodes.paragraph(text=" — ".join(parts))
            bl += li
        return bl


def demote_headings(text: str) -> str:
    """Editors' Markdown headings become bold lines: pages keep one heading structure."""
    out, fence = [], False
    for line in text.splitlines():
        if re.match(r"^\s*(```|~~~)", line):
            fence = not fence
        m = None if fence else re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        out.append(f"**{m.group(1)}**" if m else line)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Page skeletons


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~$])", r"\\\1", str(text))


def jinja_env(project_root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(project_root / "_templates" / "oit")),
        autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = _md_escape
    env.filters["json"] = lambda v: json.dumps(v, ensure_ascii=False)
    return env


def write_sources(site: SiteContext, srcdir: Path, project_root: Path) -> list[str]:
    """Write the MyST page skeletons; returns the docnames written."""
    env = jinja_env(project_root)
    agency = site.agency
    written: list[str] = []

    def put(docname: str, template: str, **ctx: Any) -> None:
        path = srcdir / f"{docname}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(template).render(agency={"name_th": agency.name, **agency.info}, slug=agency.slug, **ctx), encoding="utf-8")
        written.append(docname)

    pages = _copy_project_pages(project_root / "source", srcdir)
    put("index", "home.md.jinja", years=site.years, current=site.current_year, pages=pages)
    for year in site.years:
        catalog = site.reports[year].catalog
        assert catalog is not None
        put(f"oit/{year}/index", "index.md.jinja", year=year, catalog=catalog,
            items=[(it, it.slug) for it in catalog.items])
        for it in catalog.items:
            put(item_docname(year, it), "item.md.jinja", year=year, item=it)
    return written


def _copy_project_pages(source: Path, srcdir: Path) -> list[str]:
    """Project-wide pages (e.g. the editor's guide in source/guide/) become part of every site.

    Their top pages are orphans: published (``guide/index.html``) but out of the public navigation.
    Returns the top-level docnames (``guide/index``).
    """
    tops: list[str] = []
    if not source.is_dir():
        return tops
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_dir() or rel.parts[0].startswith(("_", ".")):
            continue
        dst = srcdir / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if path.suffix == ".md" and rel.name == "index.md" and len(rel.parts) == 2:
            tops.append(f"{rel.parts[0]}/index")
            if not data.startswith(b"---"):
                # published at guide/ but not in the public menu: no toctree of the site includes it
                data = b"---\norphan: true\n---\n" + data
        dst.write_bytes(data)
    return tops
