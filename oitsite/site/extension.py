"""Stage 6: Sphinx integration — the directives that put the model on pages, and the guards.

Directives (used only by the generated page skeletons, never allowed in editors' Markdown):

* ``{oit-home}``   agency home page body
* ``{oit-index}``  the OIT table of one assessment year
* ``{oit-item}``   one O-item page: meta, element box, topic sections

Guards: any ``raw`` node (HTML that slipped in from Markdown) fails the build; a
Content-Security-Policy meta tag is added to every page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging as sphinx_logging
from sphinx.util.docutils import SphinxDirective

from oitsite import thai
from oitsite.check.markdown import markdown_findings
from oitsite.check.site import SiteContext, load_site
from oitsite.findings import STATUS_TH, Code, Finding
from oitsite.model import documents as docmodel
from oitsite.model.evaluate import ItemStatus
from oitsite.model.schema import DOCUMENTS_FIELD, FieldDef
from oitsite.publish import qr
from oitsite.publish.manifest import item_docname
from oitsite.site import envstore
from oitsite.site.nodes import oit_tag, tag, text_para
from oitsite.site.render import ELEMENT_TH, PageOutputs, RenderCtx

_log = sphinx_logging.getLogger(__name__)

#: Set by oitsite.site.build before Sphinx runs; loaded from config for `sphinx-autobuild`.
SITE: SiteContext | None = None

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


def site(env: Any) -> SiteContext:
    """The checked site of this build, kept on the environment: ``oitsite build`` puts it there
    before reading; under ``sphinx-build``/``sphinx-autobuild`` it is loaded from the config."""
    s = getattr(env, "oitsite_site", None)
    if s is None:
        agency = env.config.oitsite_agency or os.environ.get("OITSITE_AGENCY")
        if not agency:
            raise ExtensionError("oitsite: no agency (set OITSITE_AGENCY or oitsite_agency)")
        years = [int(y) for y in str(env.config.oitsite_years or "").split(",") if y.strip()]
        s = env.oitsite_site = load_site(Path(agency), years or None, allow_incomplete=True)
    return s


def load_before_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Load the checked site in the main process, before parallel readers fork (each would
    otherwise load and check the agency again)."""
    site(env)


def outputs(env: Any, docname: str) -> PageOutputs:
    """This document's generated files (downloads, assets, attachments) on the environment."""
    return envstore.store(env, "oitsite_pages").setdefault(docname, PageOutputs())


class _Base(SphinxDirective):
    has_content = False
    optional_arguments = 1
    option_spec = {"year": directives.nonnegative_int}

    def markdown_parser(self, topic=None, data_year=None):
        def parse(text: str, original: str | None = None) -> list[nodes.Node]:
            # The same gate as `oitsite check` (oitsite.check.markdown), on the very text MyST is
            # about to parse: a refused value is not rendered, and the build fails with the finding
            # (named by the data file and line of the value when it is found there).
            file, line = _locate(site(self.env), topic, data_year, original if original is not None else text)
            refused = [f for f in markdown_findings(text, file, line or 1, path=self.env.docname) if f.severity == "error"]
            if refused:
                for f in refused:
                    if file is None:
                        f.line = None
                    refuse(f, self.env.docname, self.lineno)
                return []
            holder = nodes.container()
            self.state.nested_parse(StringList(text.splitlines(), source=self.env.docname), 0, holder)
            return list(holder.children)

        return parse

    def ctx(self, year: int, item=None, topic=None, data_year=None) -> RenderCtx:
        return RenderCtx(site(self.env), self.env.docname, year, item, topic, data_year, self.markdown_parser(topic, data_year),
                         outputs(self.env, self.env.docname))


class HomeDirective(_Base):
    def run(self) -> list[nodes.Node]:
        s = site(self.env)
        info = s.agency.info
        year = s.current_year
        ctx = self.ctx(year)
        out: list[nodes.Node] = []
        if info.get("example"):
            out.append(tag("div", text_para("ตัวอย่าง: เว็บไซต์นี้เป็นหน่วยงานสมมติ ข้อมูลทั้งหมดไม่ใช่ข้อมูลจริง"),
                           classes=("oit-example",), role="note"))
        if info.get("logo"):
            logo = ctx.value(FieldDef("logo", "image", "ตราสัญลักษณ์"), info["logo"],
                             {"image_alt": f"ตราสัญลักษณ์ {s.agency.name}"})
            logo_nodes = logo if isinstance(logo, list) else [logo]
            for n in logo_nodes:  # on the first screen: fetched at once, shown at emblem size (oitsite.css)
                for img in n.findall(lambda x: isinstance(x, oit_tag) and x["tag"] == "img"):
                    img["attrs"]["loading"] = "eager"
                    img["attrs"]["fetchpriority"] = "high"
            out.append(tag("div", *logo_nodes, classes=("oit-home-logo",)))
        if info.get("description"):
            out += ctx.markdown(info["description"])
        rep = s.reports[year]
        met = sum(st.status == "met" for st in rep.statuses)
        box = tag("div", classes=("oit-cta",))
        p = nodes.paragraph()
        p += nodes.reference("", f"การเปิดเผยข้อมูลสาธารณะ (OIT) ปี {ctx.digits(str(year))}",
                             refuri=ctx.rel(f"oit/{year}/index.html"))
        p += nodes.Text(f" — ครบ {ctx.digits(str(met))} จาก {ctx.digits(str(len(rep.statuses)))} รายการ")
        box += p
        out.append(box)
        others = [y for y in s.years if y != year]
        if others:
            out.append(nodes.rubric(text="ปีอื่น ๆ"))
            bl = nodes.bullet_list(classes=["oit-other-years"])
            for y in reversed(others):
                li = nodes.list_item()
                para = nodes.paragraph()
                para += nodes.reference("", f"OIT ปี {ctx.digits(str(y))}", refuri=ctx.rel(f"oit/{y}/index.html"))
                li += para
                bl += li
            out.append(bl)
        facts = []
        for key, label in (("address", "ที่อยู่"), ("phone", "โทรศัพท์"), ("email", "อีเมล")):
            if info.get(key):
                facts.append([label, info[key]])
        if facts:
            out.append(nodes.rubric(text="ติดต่อหน่วยงาน"))
            out.append(ctx.table(["รายการ", "ข้อมูล"], facts, classes=("oit-facts",)))
        return out


class IndexDirective(_Base):
    def run(self) -> list[nodes.Node]:
        s = site(self.env)
        year = self.options.get("year") or int(self.arguments[0])
        rep = s.reports[year]
        ctx = self.ctx(year)
        catalog = rep.catalog
        out: list[nodes.Node] = []
        met = sum(st.status == "met" for st in rep.statuses)
        out.append(text_para(
            f"{catalog.title} — {s.agency.name} เปิดเผยข้อมูลครบ {ctx.digits(str(met))} จาก "
            f"{ctx.digits(str(len(rep.statuses)))} รายการ", classes=("oit-summary",)))
        groups: dict[str, list[ItemStatus]] = {}
        for st in rep.statuses:
            groups.setdefault(st.item.subindicator, []).append(st)
        for sid, sts in groups.items():
            title = catalog.subindicator_title(sid)
            rows = []
            for st in sts:
                link = nodes.reference("", f"{st.item.id} {st.item.title}", refuri=ctx.rel(item_docname(year, st.item) + ".html"))
                pending = not s.draft and st.status == "missing"
                label = "อยู่ระหว่างจัดทำข้อมูล" if pending else STATUS_TH[st.status]
                badge = nodes.inline("", f"{label} ({ctx.digits(str(st.met_count))}/{ctx.digits(str(len(st.elements)))})",
                                     classes=["oit-status", f"oit-{st.status}"] + (["oit-pending"] if pending else []))
                rows.append([ctx.digits(st.item.id), link, badge])
            out.append(ctx.table(["ข้อ", "รายการข้อมูล", "สถานะ"], rows,
                                 caption=f"ตัวชี้วัดย่อยที่ {sid} {title}".strip(), classes=("oit-index",)))
        dl = nodes.paragraph()
        dl += nodes.Text("สำหรับผู้ประเมินและระบบอื่น: ")
        dl += nodes.reference("", "manifest.json", refuri="manifest.json")
        dl += nodes.Text(" · ")
        dl += nodes.reference("", "รายการ URL สำหรับระบบ ITAS (CSV)", refuri="itas.csv")
        out.append(dl)
        if s.agency.info.get("site_url"):  # the sheet needs absolute URLs for its QR codes (oitsite.publish.noticeboard)
            board = nodes.paragraph(classes=["oit-noticeboard-link"])
            board += nodes.Text("สำหรับติดบอร์ดประชาสัมพันธ์: ")
            board += nodes.reference("", f"แผ่นประกาศ A4 พร้อมคิวอาร์โค้ดของทุกข้อ ปี {ctx.digits(str(year))}",
                                     refuri="noticeboard.html")
            out.append(board)
        return out


class ItemDirective(_Base):
    required_arguments = 1
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        s = site(self.env)
        year = self.options["year"]
        st = s.status(year, self.arguments[0])
        if st is None:
            raise self.error(f"unknown item {self.arguments[0]} for {year}")
        item = st.item
        ctx = self.ctx(year, item)
        main = tag("div", classes=("oit-item", f"oit-{st.status}"), data_oit_item=item.id, data_oit_year=str(year),
                   data_status=st.status)
        # who publishes this (a QR code on a notice board lands here, with no other context)
        who = nodes.paragraph(classes=["oit-agency-name"])
        who += nodes.reference("", s.agency.name, refuri=ctx.rel("index.html"))
        who += nodes.Text(f" · การเปิดเผยข้อมูลสาธารณะ (OIT) ปี {ctx.digits(str(year))}")
        main += who
        # meta
        meta_rows = [["ตัวชี้วัดย่อย", f"{item.subindicator} {ctx.catalog.subindicator_title(item.subindicator)}"],
                     ["ผู้รับผิดชอบ", st.unit or "-"]]
        if item.period:
            meta_rows.append(["ช่วงเวลาของข้อมูลตามเกณฑ์", ctx.digits(item.period)])
        data_years = sorted({sl.year for sl in st.slots if sl.year})
        if data_years:
            meta_rows.append(["ข้อมูลที่แสดง", ", ".join(
                f"ปีงบประมาณ พ.ศ. {ctx.digits(str(y))} ({ctx.fmt_date(thai.fiscal_year_range(y)[0])} – {ctx.fmt_date(thai.fiscal_year_range(y)[1])})"
                for y in data_years)])
        if st.last_updated:
            meta_rows.append(["ปรับปรุงข้อมูลล่าสุด", ctx.fmt_date(st.last_updated)])
        last = _last_year_score(s, item.id, year)
        if last is not None:
            o34 = next((i for i in ctx.catalog.items if any(r.topic == "ita-measures" for r in i.topics)), None)
            cell = nodes.inline("", ctx.fmt_num(last, 2))
            if o34 is not None:
                cell = nodes.reference("", f"{ctx.fmt_num(last, 2)} คะแนน (ผล ITA ปี {ctx.digits(str(year - 1))})",
                                       refuri=ctx.rel(item_docname(year, o34) + ".html"))
            meta_rows.append(["คะแนนข้อนี้ปีที่แล้ว", cell])
        main += tag("div", ctx.table(["รายการ", "ข้อมูล"], meta_rows, classes=("oit-facts",)), classes=("oit-meta",))
        main += self.element_box(ctx, st)
        # topics
        from oitsite.site.renderers import RENDERERS

        for slot in st.slots:
            tdef = s.agency.topic_defs[slot.ref.topic]
            tctx = self.ctx(year, item, tdef, slot.year)
            section = nodes.section(ids=[tdef.id], classes=["oit-topic"])
            title = tdef.title + (f" ปีงบประมาณ พ.ศ. {ctx.digits(str(slot.year))}" if slot.year else "")
            section += nodes.title(text=title)
            data = s.agency.data(tdef.id, slot.year)
            if data is not None and slot.excluded:  # records this item does not count (signed after the cut-off)
                data = dict(data)
                for name in slot.excluded:
                    if isinstance(data.get(name), list):
                        data[name] = slot.counted(name, data[name])
                n = sum(len(v) for v in slot.excluded.values())
                section += tag("div", text_para(
                    f"แสดงเฉพาะรายการที่ลงวันที่ถึง {ctx.fmt_date(slot.cutoff)} ตามเกณฑ์ของข้อนี้ "
                    f"(ไม่นับ {ctx.digits(str(n))} รายการที่ลงวันที่หลังจากนั้น)"), classes=("oit-cutoff-note",), role="note")
            if data is None or (not s.draft and not _has_data(data)):
                if s.draft:
                    section += tag("div", text_para(
                        f"ยังไม่มีข้อมูล — ต้องเพิ่มไฟล์ data/{str(slot.year) + '/' if slot.year else ''}{tdef.id}.yaml"),
                        classes=("oit-missing-box",), role="note")
                else:  # the public site: neutral, no file names
                    section += tag("div", text_para("อยู่ระหว่างจัดทำข้อมูล"), classes=("oit-pending-box",), role="note")
            else:
                if data.get("body"):
                    section += tag("div", *tctx.markdown(data["body"]), classes=("oit-body",), ids=(f"{tdef.id}-body",))
                renderer = RENDERERS.get(tdef.renderer or "") if tdef.renderer else None
                if set(data) - {DOCUMENTS_FIELD, "body"}:  # a file holding only documents has nothing else to draw
                    section.extend(renderer(tctx, tdef.id, data) if renderer else tctx.generic(tdef.id, data))
                if data.get(DOCUMENTS_FIELD):  # the signed originals, beside the rendered data
                    section += tctx.documents(tdef.id, data[DOCUMENTS_FIELD])
            main += section
        out: list[nodes.Node] = [main]
        qr = _qr(s, ctx, item, year)
        if qr is not None:
            out.append(qr)
            main.insert(1, _print_header(s, ctx, item, year, qr))  # after the agency line
        return out

    def element_box(self, ctx: RenderCtx, st: ItemStatus) -> nodes.Node:
        """The criteria's elements, met or not: a preamble shared by numbered sub-elements (e.g.
        O16's ~30 words before its 12 columns) shown once, its sub-elements as a compact list.
        Inside <details>: open (no script, print, ``?assess``), folded on phones by oitsite.js so
        citizens see the data first. The public build names a gap "อยู่ระหว่างจัดทำข้อมูล"
        without the editor's reasons (file names); the draft shows them."""
        draft = ctx.site.draft
        box = tag("aside", classes=("oit-elements",), aria_labelledby=f"elements-{st.item.slug}")
        head = tag("p", nodes.strong(text="องค์ประกอบตามเกณฑ์"), classes=("oit-elements-title",), ids=(f"elements-{st.item.slug}",))
        box += head
        box += text_para(f"ครบ {ctx.digits(str(st.met_count))} จาก {ctx.digits(str(len(st.elements)))} องค์ประกอบ",
                         classes=("oit-elements-count",))
        details = tag("details", classes=("oit-elements-details",), open="open")
        details += tag("summary", nodes.Text(f"องค์ประกอบทั้ง {ctx.digits(str(len(st.elements)))} ข้อ"))
        ol = tag("ol", classes=("oit-element-list",))
        sub: oit_tag | None = None
        group = None
        for es in st.elements:
            li = tag("li", ids=(es.element.anchor,), classes=(f"oit-{es.status}",) + (() if draft or es.met else ("oit-pending",)),
                     data_oit_element=str(es.element.index), data_status=es.status)
            p = nodes.paragraph()
            p += nodes.inline("", "✓ " if es.met else ("✗ " if draft else "… "), classes=["oit-mark"])
            if es.evidence == "document":  # straight to the document page that shows it
                p += nodes.reference("", ctx.digits(es.element.text), refuri=ctx.evidence_href(es.documents[0]))
            elif es.met and es.anchor:
                p += nodes.reference("", ctx.digits(es.element.text), refuri=f"#{es.anchor}")
            else:
                p += nodes.Text(ctx.digits(es.element.text))
            status = ELEMENT_TH[es.status] if draft or es.met else "อยู่ระหว่างจัดทำข้อมูล"
            p += nodes.inline("", f" — {status}", classes=["oit-status-text"])
            li += p
            if any(docmodel.pages_exist(ctx.site.agency.document_pages, c) for c in es.documents):
                li += ctx.evidence_line(es.documents)
            if not es.met and draft:
                li += text_para("; ".join(es.reasons), classes=("oit-reason",))
            if es.element.group:
                if es.element.group != group:  # the shared preamble, once
                    group = es.element.group
                    outer = tag("li", classes=("oit-group-item",))
                    outer += nodes.paragraph("", ctx.digits(group), classes=["oit-group"])
                    sub = tag("ol", classes=("oit-sub",), **({"start": str(es.element.index)} if es.element.index > 1 else {}))
                    outer += sub
                    ol += outer
                sub += li
            else:
                if group is not None:  # after a group, the outer list's count is off: number it as the criteria do
                    li["attrs"]["value"] = str(es.element.index)
                group, sub = None, None
                ol += li
        details += ol
        box += details
        return box


def _has_data(data: dict) -> bool:
    """Anything left to show once placeholders are gone (oitsite.model.placeholders)."""
    return any(v not in (None, "", [], {}) for v in data.values())


def _last_year_score(s: SiteContext, item_id: str, year: int) -> float | None:
    try:
        from oitsite.model.ita import last_year_score
    except ImportError:
        return None
    try:
        return last_year_score(lambda topic, fy=None: s.agency.data(topic, fy), item_id, year)
    except (KeyError, TypeError, ValueError):
        return None


def _print_header(s: SiteContext, ctx: RenderCtx, item, year: int, qr_fig: nodes.Node) -> nodes.Node:
    """What a printed item page adds to its heading and agency line (.oit-agency-name: agency, year):
    the page's URL and its QR code, so a sheet filed or posted leads back to the page. Print only;
    the QR loads lazily (not on screen, where it is hidden)."""
    url = s.agency.info["site_url"].rstrip("/") + "/" + item_docname(year, item) + ".html"
    img = next(qr_fig.findall(lambda x: isinstance(x, oit_tag) and x["tag"] == "img"))
    head = tag("div", classes=("oit-print-only", "oit-print-header"))
    head += tag("img", src=img["attrs"]["src"], alt=f"คิวอาร์โค้ด {item.id}", loading="lazy", width=80, classes=("oit-print-qr",))
    head += text_para(url, classes=("oit-print-url",))
    return head


def _qr(s: SiteContext, ctx: RenderCtx, item, year: int) -> nodes.Node | None:
    base = s.agency.info.get("site_url")
    if not base:
        return None
    url = base.rstrip("/") + "/" + item_docname(year, item) + ".html"
    src = ctx.asset("qr.svg", qr.qr_svg(url, scale=3, title=f"QR {item.id}"), label="QR code")
    ctx.out.downloads.pop()  # the QR is not a data download
    fig = tag("figure", ctx.image(src, f"คิวอาร์โค้ดของหน้า {item.id}: {url}", width=120), classes=("oit-qr",))
    fig += tag("figcaption", nodes.Text(f"สแกนเพื่อเปิดหน้านี้: {url}"))
    return fig


# ---------------------------------------------------------------------------------------------


#: HTML elements without content or end tag
_VOID = {"img"}


def visit_oit_tag(self, node: oit_tag) -> None:
    attrs = dict(node["attrs"])
    self.body.append(self.starttag(node, node["tag"], suffix="", empty=node["tag"] in _VOID, **attrs))


def depart_oit_tag(self, node: oit_tag) -> None:
    if node["tag"] not in _VOID:
        self.body.append(f"</{node['tag']}>")


def _skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _locate(s: SiteContext, topic: Any, data_year: int | None, text: str) -> tuple[str | None, int | None]:
    """Data file and line where the Markdown value ``text`` was written (None, None if not found)."""
    agency = s.agency
    tds = [agency.get(topic.id, data_year)] if topic is not None else []
    for td in tds:
        if td is not None and td.body == text:
            return td.body_file, 1
    sources = [td.source for td in tds if td is not None] + [agency.info_source]
    for src in sources:
        if src is None:
            continue
        for path, line in src.text_lines.items():
            value: Any = src.data
            for key in path:
                try:
                    value = value[key]
                except (KeyError, IndexError, TypeError):
                    value = None
                    break
            if value == text:
                return src.file, line
    return None, None


def refuse(finding: Finding, docname: str, line: int | None) -> None:
    """Fail the build with ``finding`` (oitsite.site.build turns the logged record back into it)."""
    finding.message_th = f"{finding.message_th} (หน้า {docname})"
    _log.warning(finding.message_en, location=(docname, line), type="oitsite", subtype=finding.code.value,
                 extra={"oitsite_finding": finding})


def forbid_raw(app: Sphinx, doctree: nodes.document) -> None:
    """No raw HTML reaches a page: the gate refuses it, and this guard removes any raw node that
    got through anyway and fails the build with a finding."""
    for node in list(doctree.findall(nodes.raw)):
        refuse(Finding(Code.RAW_HTML, "พบ HTML ดิบในหน้าเว็บ ซึ่งไม่อนุญาตเพื่อความปลอดภัย", "Raw markup is not allowed",
                       path=app.env.docname, line=node.line, fix_th="ลบ HTML ออกจากข้อความ เขียนเป็น Markdown"),
               app.env.docname, node.line)
        node.parent.remove(node)


def prepare_shares(app: Sphinx, builder: Any) -> None:
    """Every page's share texts, made once in the main process before pages are written (in
    parallel too: the writers inherit them), kept on the environment."""
    s = getattr(app.env, "oitsite_site", None)
    if s is not None:
        from oitsite.publish.share import share_pages

        app.env.oitsite_shares = share_pages(s)


def _shares(env: Any, s: SiteContext) -> dict:
    shares = getattr(env, "oitsite_shares", None)
    if shares is None:  # a builder without the write-started event
        from oitsite.publish.share import share_pages

        shares = env.oitsite_shares = share_pages(s)
    return shares


def page_url(base: str, pagename: str) -> str:
    """The public address of a page: ``…/oit/2567/o16.html``; an index page is its folder (``…/oit/2567/``)."""
    path = pagename + ".html"
    if path == "index.html" or path.endswith("/index.html"):
        path = path.removesuffix("index.html")
    return base.rstrip("/") + "/" + path


def share_context(s: SiteContext, shares: dict, pagename: str, title: str) -> dict:
    """<title>, description, canonical URL and OpenGraph tags of one page (oitsite.publish.share)."""
    from oitsite.publish.share import HEIGHT, WIDTH, other_page_title

    info = s.agency.info
    share = shares.get(pagename)
    home = shares["index"]
    base = (info.get("site_url") or "").strip()
    if share is not None:
        page_title, description, image, alt = share.title, share.description, share.image, share.alt
    else:
        page_title = other_page_title(s, title)
        description = f"{title.strip()} — {s.agency.name}" if title.strip() else home.description
        image, alt = home.image, home.alt
    ctx: dict[str, Any] = {"oitsite_title": page_title, "oitsite_description": description,
                           "oitsite_image": image, "oitsite_canonical": "", "oitsite_og": []}
    og = [("og:type", "website" if pagename == "index" else "article"), ("og:site_name", s.agency.name),
          ("og:title", page_title), ("og:description", description), ("og:locale", "th_TH")]
    if base:
        url = page_url(base, pagename)
        ctx["oitsite_canonical"] = url
        og += [("og:url", url), ("og:image", base.rstrip("/") + "/" + image), ("og:image:type", "image/png"),
               ("og:image:width", str(WIDTH)), ("og:image:height", str(HEIGHT)), ("og:image:alt", alt)]
    ctx["oitsite_og"] = og
    return ctx


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    import html as html_lib
    import re

    context["oitsite_csp"] = CSP
    # Sphinx's templates do not autoescape, and the theme prints these raw (navbar, sidebar,
    # <title>): they hold the agency's name, so they reach the templates escaped, as Markup
    # (which ``|e`` leaves as it is: no double escaping either).
    for key in ("project", "docstitle", "shorttitle"):
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = Markup(escape(value))
    logo = context.get("theme_logo")
    if isinstance(logo, dict) and isinstance(logo.get("text"), str) and not isinstance(logo["text"], Markup):
        context["theme_logo"] = {**logo, "text": Markup(escape(logo["text"]))}
    s = getattr(app.env, "oitsite_site", None)
    if s is not None:
        context["oitsite_draft"] = s.draft
        context["oitsite_agency"] = {k: Markup(escape(v)) if isinstance(v, str) else v for k, v in s.agency.info.items()}
        title = html_lib.unescape(re.sub(r"<[^>]+>", "", str(context.get("title") or "")))
        if pagename == "search" and not title.strip():
            title = "ค้นหา"
        context.update(share_context(s, _shares(app.env, s), pagename, title))
        logo = s.agency.info.get("logo")
        context["oitsite_icons"] = bool(logo and (s.agency.root / logo).is_file())


def setup(app: Sphinx) -> dict:
    app.add_config_value("oitsite_agency", "", "env")
    app.add_config_value("oitsite_years", "", "env")
    app.add_node(oit_tag, html=(visit_oit_tag, depart_oit_tag), latex=(_skip, None), text=(_skip, None),
                 man=(_skip, None), texinfo=(_skip, None))
    app.add_directive("oit-home", HomeDirective)
    app.add_directive("oit-index", IndexDirective)
    app.add_directive("oit-item", ItemDirective)
    app.connect("doctree-read", forbid_raw)
    app.connect("env-before-read-docs", load_before_read)
    envstore.per_document(app, "oitsite_pages")
    app.connect("write-started", prepare_shares)
    app.connect("html-page-context", page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
