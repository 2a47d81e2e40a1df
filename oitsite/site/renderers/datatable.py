"""Large tables that stay usable on a phone, with their open-data downloads.

:func:`render_list` renders one list field of a topic:

* the first :data:`PAGE_ROWS` records as a normal table on the page (the page works without JS);
* when there are more, the full table split into static pages of :data:`CHUNK_ROWS` records
  (generated next to the page with ``ctx.asset``, linked as "ดูทั้งหมด");
* download links: CSV (UTF-8 with BOM) and JSON of every record, plus any extra links given.

``source/_static/oitsite-table.js`` enhances ``div.oit-datatable`` (filter box, sortable
columns, and searching every record through the JSON download named in ``data-json``).
"""

from __future__ import annotations

import html
import posixpath
from typing import TYPE_CHECKING, Any, Callable, Sequence

from docutils import nodes

from oitsite.model.schema import DOCUMENTS_FIELD, FieldDef
from oitsite.publish import opendata
from oitsite.site.nodes import tag, text_para

if TYPE_CHECKING:  # the contract is docs/renderers.md; only the type is needed here
    from oitsite.site.render import RenderCtx

PAGE_ROWS = 100
CHUNK_ROWS = 500
SCRIPT = "_static/oitsite-table.js"


def _fmt_int(ctx: RenderCtx, n: int) -> str:
    return ctx.fmt_num(n)


def cell_text(ctx: RenderCtx, fd: FieldDef, value: Any, record: dict) -> Any:
    """A cell for the on-page table (str or nodes)."""
    if fd.is_list:
        items = value if isinstance(value, list) else []
        return "; ".join(" ".join(str(v) for v in r.values() if v not in (None, "")) for r in items if isinstance(r, dict))
    return ctx.value(fd, value, record)


def _plain(cell: Any) -> str:
    if isinstance(cell, nodes.Node):
        return cell.astext()
    if isinstance(cell, list):
        return " ".join(_plain(c) for c in cell)
    return "" if cell is None else str(cell)


def present_columns(fd: FieldDef, records: Sequence[dict], columns: Sequence[str] | None = None) -> list[str]:
    names = list(columns) if columns is not None else list(fd.fields)
    return [n for n in names if n in fd.fields and any(r.get(n) not in (None, "", []) for r in records)]


def _asset_base(ctx: RenderCtx, topic_id: str, field: str) -> str:
    return f"{topic_id}-{ctx.data_year}-{field}" if ctx.data_year else f"{topic_id}-{field}"


def downloads(ctx: RenderCtx, topic_id: str, field: str, records: Sequence[dict]) -> dict[str, str]:
    """Write the CSV and JSON of a list field next to the page; returns {'csv': url, 'json': url}."""
    fd = ctx.agency.topic_defs[topic_id].fields[field]
    base = _asset_base(ctx, topic_id, field)
    year = f" ปีงบประมาณ {ctx.data_year}" if ctx.data_year else ""
    return {
        "csv": ctx.asset(f"{base}.csv", opendata.to_csv(topic_id, field, records), label=f"{fd.title}{year} (CSV)"),
        "json": ctx.asset(f"{base}.json", opendata.to_json(topic_id, field, records, fiscal_year=ctx.data_year,
                                                          agency=ctx.agency.name), label=f"{fd.title}{year} (JSON)"),
    }


def download_para(ctx: RenderCtx, links: Sequence[tuple[str, str, str]], title: str | None = None) -> nodes.paragraph:
    """'ดาวน์โหลดข้อมูล: CSV · JSON · OCDS' with (url, text, css class) links."""
    para = nodes.paragraph(classes=["oit-downloads"])
    para += nodes.strong(text=f"ดาวน์โหลด{title}ทั้งหมด: " if title else "ดาวน์โหลดข้อมูลทั้งหมด: ")
    for i, (url, text, cls) in enumerate(links):
        if i:
            para += nodes.Text(" · ")
        ref = ctx.link(url, text)
        ref["classes"].append(cls)
        para += ref
    return para


def download_links(ctx: RenderCtx, topic_id: str, field: str, records: Sequence[dict], *,
                   titled: bool = False) -> nodes.paragraph | None:
    """The CSV/JSON download line for any list field (used by the generic renderer, render.py).

    None when there are no records or ``topic_id.field`` is not a list field of the schema."""
    tdef = ctx.agency.topic_defs.get(topic_id)
    fd = tdef.fields.get(field) if tdef is not None else None
    recs = [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []
    if fd is None or not fd.is_list or not recs:
        return None
    urls = downloads(ctx, topic_id, field, recs)
    return download_para(ctx, [(urls["csv"], "CSV (เปิดด้วย Excel)", "oit-data-csv"), (urls["json"], "JSON", "oit-data-json")],
                         title=fd.title if titled else None)


def _has_downloads(ctx: RenderCtx, topic_id: str, field: str) -> bool:
    suffix = f"-{_asset_base(ctx, topic_id, field)}.csv"
    return any(d["path"].endswith(suffix) for d in ctx.out.downloads)


def ensure_downloads(renderer: Callable[..., list[nodes.Node]]) -> Callable[..., list[nodes.Node]]:
    """Wrap a custom renderer so every list field it shows has CSV/JSON downloads on the page.

    Renderers that draw a list their own way (charts, custom tables) get the download line
    appended after their output; lists already offered for download are left alone."""

    def wrapped(ctx: RenderCtx, topic_id: str, data: dict) -> list[nodes.Node]:
        out = list(renderer(ctx, topic_id, data))
        tdef = ctx.agency.topic_defs.get(topic_id)
        for name, fd in (tdef.fields.items() if tdef is not None else ()):
            if fd.is_list and data.get(name) and name != DOCUMENTS_FIELD and not _has_downloads(ctx, topic_id, name):
                para = download_links(ctx, topic_id, name, data[name], titled=True)
                if para is not None:
                    out.append(para)
        return out

    wrapped.__name__ = getattr(renderer, "__name__", "renderer")
    wrapped.__doc__ = renderer.__doc__
    wrapped.__wrapped__ = renderer  # type: ignore[attr-defined]
    return wrapped


def render_list(ctx: RenderCtx, topic_id: str, field: str, records: Sequence[dict], *,
                columns: Sequence[str] | None = None, caption: str | None = None,
                extra_links: Sequence[tuple[str, str, str]] = (), with_downloads: bool = True) -> nodes.Node:
    """The list field ``field`` as a phone-friendly table with downloads (see module doc)."""
    tdef = ctx.agency.topic_defs[topic_id]
    fd = tdef.fields[field]
    recs = [r for r in records if isinstance(r, dict)]
    cols = present_columns(fd, recs, columns)
    headers = ["ลำดับ"] + [fd.fields[c].title for c in cols]
    numeric = {i + 1 for i, c in enumerate(cols) if fd.fields[c].ftype.numeric}

    def row(i: int, rec: dict) -> list[Any]:
        return [ctx.digits(str(i))] + [cell_text(ctx, fd.fields[c], rec.get(c), rec) for c in cols]

    shown = recs[:PAGE_ROWS]
    table = ctx.table(headers, [row(i, r) for i, r in enumerate(shown, 1)], numeric=numeric,
                      classes=("oit-records",), caption=None)
    links: list[tuple[str, str, str]] = []
    urls: dict[str, str] = {}
    if with_downloads and recs:
        urls = downloads(ctx, topic_id, field, recs)
        links = [(urls["csv"], "CSV (เปิดด้วย Excel)", "oit-data-csv"), (urls["json"], "JSON", "oit-data-json")]
    links += list(extra_links)
    attrs: dict[str, Any] = {"data_total": str(len(recs)), "data_shown": str(len(shown)), "data_digits": ctx.agency.digits}
    if "json" in urls:
        attrs["data_json"] = urls["json"]
    box = tag("div", nodes.rubric(text=caption or fd.title), ids=(f"{topic_id}-{field}",),
              classes=("oit-field", "oit-datatable"), **attrs)
    if not recs:
        box += text_para("ยังไม่มีรายการ", classes=("oit-empty",))
        return box
    count = text_para(f"ทั้งหมด {_fmt_int(ctx, len(recs))} รายการ", classes=("oit-count",))
    box += count
    box += table
    if len(recs) > len(shown):
        chunk_urls = _chunk_pages(ctx, topic_id, field, recs, cols, headers, numeric, links, caption or fd.title)
        note = nodes.paragraph(classes=["oit-more"])
        note += nodes.Text(f"แสดง {_fmt_int(ctx, len(shown))} รายการแรกจากทั้งหมด {_fmt_int(ctx, len(recs))} รายการ — ")
        note += nodes.strong(text="ดูทั้งหมด: ")
        for n, (url, first, last) in enumerate(chunk_urls):
            if n:
                note += nodes.Text(" · ")
            note += ctx.link(url, f"รายการที่ {_fmt_int(ctx, first)}–{_fmt_int(ctx, last)}")
        box += note
    if links:
        box += download_para(ctx, links)
    return box


# ---------------------------------------------------------------------------------------------
# Static pages with the whole table


_PAGE_CSS = """
body{font-family:system-ui,-apple-system,"Sarabun","Noto Sans Thai",sans-serif;margin:0;padding:1rem;line-height:1.5;color:#1a1a1a}
h1{font-size:1.25rem;margin:.2rem 0 .5rem}nav p{margin:.4rem 0}
.oit-scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.9rem;min-width:100%}
th,td{border:1px solid #c8c8c8;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#eef2f7;position:sticky;top:0}
td.oit-num{text-align:right;white-space:nowrap}
td:not(.oit-num):not(:first-child){min-width:8em}
.oit-sort{background:none;border:0;padding:0;font:inherit;font-weight:700;text-align:left;cursor:pointer;color:inherit}
.oit-filter{margin:.5rem 0}.oit-filter input{font:inherit;max-width:100%}
a{color:#0b57d0}
"""


def _chunk_pages(ctx: RenderCtx, topic_id: str, field: str, recs: list[dict], cols: list[str], headers: list[str],
                 numeric: set[int], links: Sequence[tuple[str, str, str]], title: str) -> list[tuple[str, int, int]]:
    """Write the whole table as static pages of CHUNK_ROWS rows; returns [(url, first, last)]."""
    fd = ctx.agency.topic_defs[topic_id].fields[field]
    base = _asset_base(ctx, topic_id, field)
    n_pages = (len(recs) + CHUNK_ROWS - 1) // CHUNK_ROWS
    names = [f"{base}-p{p + 1:03d}.html" for p in range(n_pages)]
    stem = posixpath.basename(ctx.docname)
    # assets live next to the page: sibling links need only the file name the page will give them
    files = [f"{stem}-{name}" for name in names]
    page_url = f"{stem}.html"
    script = ctx.rel(SCRIPT)
    agency = html.escape(ctx.agency.name)
    year = f" ปีงบประมาณ {ctx.digits(str(ctx.data_year))}" if ctx.data_year else ""
    item = f"{html.escape(ctx.item_id)} " if ctx.item_id else ""
    out: list[tuple[str, int, int]] = []
    for p in range(n_pages):
        first, last = p * CHUNK_ROWS + 1, min(len(recs), (p + 1) * CHUNK_ROWS)
        nav = " · ".join(
            f"<b>{_fmt_int(ctx, q * CHUNK_ROWS + 1)}–{_fmt_int(ctx, min(len(recs), (q + 1) * CHUNK_ROWS))}</b>" if q == p else
            f'<a href="{html.escape(files[q])}">{_fmt_int(ctx, q * CHUNK_ROWS + 1)}–'
            f'{_fmt_int(ctx, min(len(recs), (q + 1) * CHUNK_ROWS))}</a>'
            for q in range(n_pages))
        downloads = " · ".join(
            f'<a href="{html.escape(posixpath.basename(url))}">{html.escape(text)}</a>' for url, text, _c in links)
        body_rows = []
        for i in range(first, last + 1):
            rec = recs[i - 1]
            cells = [ctx.digits(str(i))] + [_plain(cell_text(ctx, fd.fields[c], rec.get(c), rec)) for c in cols]
            body_rows.append("<tr>" + "".join(
                f'<td class="oit-num">{html.escape(v)}</td>' if k in numeric else f"<td>{html.escape(v)}</td>"
                for k, v in enumerate(cells)) + "</tr>")
        doc = (
            "<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; "
            "style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'self'\">\n"
            f"<title>{html.escape(title)}{year} ({_fmt_int(ctx, first)}–{_fmt_int(ctx, last)}) – {agency}</title>\n"
            f"<style>{_PAGE_CSS}</style>\n<script src=\"{html.escape(script)}\" defer></script>\n</head>\n<body>\n"
            f"<p><a href=\"{html.escape(page_url)}\">← กลับไปหน้า {item}{agency}</a></p>\n"
            f"<h1>{html.escape(title)}{year}</h1>\n"
            f"<p>{agency} · รายการที่ {_fmt_int(ctx, first)}–{_fmt_int(ctx, last)} จากทั้งหมด {_fmt_int(ctx, len(recs))} รายการ</p>\n"
            f"<nav aria-label=\"หน้าของตาราง\"><p>หน้า: {nav}</p>"
            + (f"<p>ดาวน์โหลดข้อมูลทั้งหมด: {downloads}</p>" if downloads else "") + "</nav>\n"
            "<div class=\"oit-datatable\" data-total=\"" + str(last - first + 1) + "\" data-shown=\""
            + str(last - first + 1) + "\" data-digits=\"" + html.escape(ctx.agency.digits) + "\">\n<div class=\"oit-scroll\" tabindex=\"0\" role=\"region\" aria-label=\""
            + html.escape(title) + "\">\n<table class=\"oit-table oit-records\">\n<thead><tr>"
            + "".join(f"<th>{html.escape(h)}</th>" for h in headers)
            + "</tr></thead>\n<tbody>\n" + "\n".join(body_rows) + "\n</tbody>\n</table>\n</div>\n</div>\n"
            f"<nav aria-label=\"หน้าของตาราง\"><p>หน้า: {nav}</p></nav>\n</body>\n</html>\n"
        )
        url = ctx.asset(names[p], doc.encode("utf-8"),
                        label=f"{title}{year} หน้า {p + 1}/{n_pages} (รายการที่ {first:,}–{last:,})")
        out.append((url, first, last))
    return out
