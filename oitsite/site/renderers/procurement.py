"""Renderers with automatic summaries: procurement (O16/O17), complaint and service statistics.

* ``procurement``: the summary tables the O17 criteria ask for (count and amounts by method,
  by month of the contract date in fiscal-year order, by status), the record table (first 100
  rows on the page, the rest on generated pages) and downloads: CSV, JSON and an OCDS 1.1
  release package.
* ``complaint_stats``: total / finished / in progress, from the records when there are any,
  else from the counts; a warning when the two disagree.
* ``service_stats``: walk-in vs e-service per service, from counts or from records.

Anchors follow docs/renderers.md: ``<topic>-<field>`` (``procurement-records``,
``complaint-stats-total``…), so the element box links land on the data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from oitsite.model.summaries import SummaryRow, complaint_summary, procurement_summary, service_summary
from oitsite.publish import opendata
from oitsite.site.nodes import tag, text_para

if TYPE_CHECKING:  # the contract is docs/renderers.md; only the type is needed here
    from oitsite.site.render import RenderCtx
from oitsite.site.renderers.datatable import download_para, downloads, render_list

#: the record columns shown on the page (the 12 the criteria list); the downloads have all fields
PAGE_COLUMNS = ("name", "budget", "source", "status", "method", "reference_price", "contract_price",
                "vendor_tax_id", "vendor_name", "project_id", "contract_date", "contract_end")


def _summary_table(ctx: RenderCtx, first: str, rows: list[SummaryRow], total: SummaryRow, caption: str,
                   anchor: str, with_budget: bool = True) -> nodes.Node:
    headers = [first, "จำนวนรายการ", "ราคาที่ตกลงซื้อหรือจ้าง (บาท)"] + (["วงเงินงบประมาณ (บาท)"] if with_budget else [])
    body: list[list[Any]] = []
    for r in rows + [total]:
        cells: list[Any] = [r.label, ctx.fmt_num(r.count), ctx.fmt_num(r.contract_total, 2)]
        if with_budget:
            cells.append(ctx.fmt_num(r.budget_total, 2))
        body.append(cells)
    body[-1] = [nodes.strong(text=str(c)) for c in body[-1]]
    return tag("div", ctx.table(headers, body, caption=caption, numeric={1, 2, 3}, classes=("oit-summary",)), ids=(anchor,))


def render_procurement(ctx: RenderCtx, topic_id: str, data: dict) -> list[nodes.Node]:
    out = ctx.generic(topic_id, data, skip={"records"})
    records = [r for r in (data.get("records") or []) if isinstance(r, dict)]
    if not records:
        out.append(tag("div", nodes.rubric(text="รายการจัดซื้อจัดจ้าง"), text_para("ยังไม่มีรายการ", classes=("oit-empty",)),
                       ids=(f"{topic_id}-records",), classes=("oit-field",)))
        return out
    s = procurement_summary(records, ctx.data_year)
    year = f" ปีงบประมาณ พ.ศ. {ctx.digits(str(s.fiscal_year))}" if s.fiscal_year else ""
    box = tag("div", nodes.rubric(text=f"สรุปผลการจัดซื้อจัดจ้าง{year}"), ids=(f"{topic_id}-summary",),
              classes=("oit-field", "oit-summaries"))
    box += text_para(f"คำนวณอัตโนมัติจากรายการจัดซื้อจัดจ้าง {ctx.fmt_num(s.total.count)} รายการด้านล่าง",
                     classes=("oit-note",))
    box += _summary_table(ctx, "วิธีการจัดซื้อจัดจ้าง", s.by_method, s.total,
                          "จำนวนรายการและงบประมาณ จำแนกตามวิธีการจัดซื้อจัดจ้าง",
                          f"{topic_id}-summary-method")
    box += _summary_table(ctx, "เดือน (ตามวันที่ลงนามในสัญญา)", s.by_month, s.total,
                          "จำนวนรายการและงบประมาณ จำแนกตามเดือน", f"{topic_id}-summary-month", with_budget=False)
    box += _summary_table(ctx, "สถานะการจัดซื้อจัดจ้าง", s.by_status, s.total,
                          "จำนวนรายการ จำแนกตามสถานะการจัดซื้อจัดจ้าง", f"{topic_id}-summary-status",
                          with_budget=False)
    out.append(box)

    info = ctx.agency.info
    slug = ctx.agency.slug
    base = f"{topic_id}-{ctx.data_year}" if ctx.data_year else topic_id
    site = (info.get("site_url") or "").rstrip("/")
    ocds_name = f"{base}-ocds.json"
    ocds = opendata.ocds_json(
        records, agency_name=ctx.agency.name, agency_id=info.get("ocds_buyer_id") or slug, fiscal_year=ctx.data_year,
        ocid_prefix=info.get("ocid_prefix") or opendata.default_ocid_prefix(slug), as_of=data.get("as_of"),
        uri=f"{site}/{ctx.docname}-{ocds_name}" if site else None,  # where ctx.asset puts it
    )
    year_label = f" ปีงบประมาณ {ctx.data_year}" if ctx.data_year else ""
    ocds_url = ctx.asset(ocds_name, ocds, label=f"ข้อมูลการจัดซื้อจัดจ้างตามมาตรฐาน OCDS{year_label} (JSON)")
    out.append(render_list(ctx, topic_id, "records", records, columns=PAGE_COLUMNS,
                           extra_links=[(ocds_url, "OCDS (มาตรฐานข้อมูลการจัดซื้อจัดจ้างแบบเปิด)", "oit-data-ocds")]))
    return out


def _warnings(messages: list[str]) -> nodes.Node:
    box = tag("div", classes=("oit-warning",), role="note")
    for m in messages:
        box += text_para(m)
    return box


def render_complaint_stats(ctx: RenderCtx, topic_id: str, data: dict) -> list[nodes.Node]:
    s = complaint_summary(data)
    out: list[nodes.Node] = []
    if s.source != "none":
        rows = [["จำนวนเรื่องร้องเรียนทั้งหมด", s.total], ["ดำเนินการแล้วเสร็จ", s.finished], ["อยู่ระหว่างดำเนินการ", s.in_progress]]
        body = [[label, ctx.fmt_num(v) if v is not None else "ไม่ระบุ"] for label, v in rows]
        note = ("นับจากรายเรื่องด้านล่าง" if s.source == "records" else "ตามจำนวนที่หน่วยงานรายงาน")
        box = tag("div", nodes.rubric(text="สรุปสถิติเรื่องร้องเรียนการทุจริต"), ids=(f"{topic_id}-summary",),
                  classes=("oit-field", "oit-summaries"))
        box += ctx.table(["รายการ", "จำนวน (เรื่อง)"], body, numeric={1}, classes=("oit-summary",),
                         ids=[f"{topic_id}-total", f"{topic_id}-finished", f"{topic_id}-in_progress"])
        box += text_para(note, classes=("oit-note",))
        if s.unknown_status:
            box += text_para(f"มี {ctx.fmt_num(s.unknown_status)} เรื่องที่ไม่ได้ระบุสถานะ", classes=("oit-note",))
        if s.by_subject:
            box += ctx.table(["ประเภทเรื่อง", "ทั้งหมด", "แล้วเสร็จ", "อยู่ระหว่างดำเนินการ"],
                             [[r.label, ctx.fmt_num(r.total), ctx.fmt_num(r.finished), ctx.fmt_num(r.in_progress)]
                              for r in s.by_subject], numeric={1, 2, 3}, classes=("oit-summary",),
                             caption="จำแนกตามประเภทเรื่อง")
        if s.mismatches:
            box += _warnings(s.mismatches)
        out.append(box)
    out += ctx.generic(topic_id, data, skip={"total", "finished", "in_progress", "records"})
    records = [r for r in (data.get("records") or []) if isinstance(r, dict)]
    if records:
        out.append(render_list(ctx, topic_id, "records", records))
    return out


def render_service_stats(ctx: RenderCtx, topic_id: str, data: dict) -> list[nodes.Node]:
    s = service_summary(data)
    out: list[nodes.Node] = []
    if s.source != "none":
        t = s.total
        body: list[list[Any]] = [[r.name, ctx.fmt_num(r.walk_in), ctx.fmt_num(r.e_service), ctx.fmt_num(r.total)]
                                 for r in s.rows]
        body.append([nodes.strong(text=str(c)) for c in (t.name, ctx.fmt_num(t.walk_in), ctx.fmt_num(t.e_service),
                                                          ctx.fmt_num(t.total))])
        anchor = f"{topic_id}-services" if s.source == "counts" else f"{topic_id}-summary"
        box = tag("div", nodes.rubric(text="สถิติการให้บริการ ณ จุดบริการ (Walk-in) และผ่าน E-Service"), ids=(anchor,),
                  classes=("oit-field", "oit-summaries"))
        box += ctx.table(["งานบริการ", "ณ จุดบริการ (Walk-in)", "ผ่าน E-Service", "รวม"], body, numeric={1, 2, 3},
                         classes=("oit-summary",))
        share = s.e_service_share
        if share is not None:
            box += text_para(f"สัดส่วนการให้บริการผ่าน E-Service ร้อยละ {ctx.fmt_num(share, 2)}", classes=("oit-note",))
        box += text_para("นับจากบันทึกการให้บริการรายครั้งด้านล่าง" if s.source == "records"
                         else "ตามจำนวนที่หน่วยงานรายงาน", classes=("oit-note",))
        out.append(box)
    out += ctx.generic(topic_id, data, skip={"services", "records"})
    services = [r for r in (data.get("services") or []) if isinstance(r, dict)]
    if services:
        # the counts are in the summary table above; the downloads carry them as open data
        urls = downloads(ctx, topic_id, "services", services)
        out.append(download_para(ctx, [(urls["csv"], "CSV (เปิดด้วย Excel)", "oit-data-csv"),
                                       (urls["json"], "JSON", "oit-data-json")]))
    records = [r for r in (data.get("records") or []) if isinstance(r, dict)]
    if records:
        out.append(render_list(ctx, topic_id, "records", records))
    return out


RENDERERS = {
    "procurement": render_procurement,
    "complaint_stats": render_complaint_stats,
    "service_stats": render_service_stats,
}
