"""Findings as a Thai Markdown report (the pull request's job summary) and GitHub annotations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from oitsite.check.site import check_site
from oitsite.findings import SEVERITY_TH, STATUS_TH, FindingsError
from oitsite.findings import counts as severity_counts

MAX_ROWS = 200


def md_cell(text: object) -> str:
    """Text for a Markdown table cell: no HTML, no table breaks, one line."""
    out = str(text if text is not None else "")
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return " ".join(out.split())


def _wf_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _wf_prop(text: str) -> str:
    return _wf_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f) -> str:
    """One finding as a GitHub workflow command (escaped: data cannot start another command)."""
    kind = {"error": "error", "warning": "warning"}.get(f.severity or "error", "notice")
    props = []
    if f.file:
        props.append(f"file={_wf_prop(str(f.file))}")
        if f.line:
            props.append(f"line={int(f.line)}")
            if f.column:
                props.append(f"col={int(f.column)}")
    props.append(f"title={_wf_prop(f.code.value + (' [' + ', '.join(f.items) + ']' if f.items else ''))}")
    msg = f.message_th + (f" — วิธีแก้: {f.fix_th}" if getattr(f, "fix_th", "") else "")
    return f"::{kind} {','.join(props)}::{_wf_data(msg)}"


@dataclass
class CheckResult:
    agency: str
    findings: list
    years: list[tuple[int, dict[str, int], int]]  # (year, status counts, items)
    errors: int


def run_check(agency_dir: Path, years: list[int] | None = None, allow_incomplete: bool = False) -> CheckResult:
    """``oitsite check`` for every year, findings deduplicated (as the command prints them)."""
    agency_dir = Path(agency_dir)
    try:
        site = check_site(agency_dir, years)
    except FindingsError as exc:  # nothing to check: the findings say why
        errors = sum(f.severity == "error" for f in exc.findings)
        return CheckResult(agency_dir.name, exc.findings, [], errors)
    rows = []
    for rep in site.reports.values():
        if rep.statuses:
            status = {s: sum(1 for st in rep.statuses if st.status == s) for s in STATUS_TH}
            rows.append((rep.catalog.year, status, len(rep.statuses)))
    return CheckResult(site.agency.name, site.findings, rows, len(site.errors(allow_incomplete)))


def summary_markdown(res: CheckResult) -> str:
    n = severity_counts(res.findings)
    out = [f"## ผลการตรวจข้อมูล: {md_cell(res.agency)}", ""]
    if res.errors:
        out.append(f"❌ **ต้องแก้ไขก่อนรวม (merge)** — ผิดพลาด {n['error']} รายการ, คำเตือน {n['warning']} รายการ, "
                   f"หมายเหตุ {n['notice']} รายการ")
    else:
        out.append(f"✅ **ไม่พบข้อผิดพลาด** — คำเตือน {n['warning']} รายการ, หมายเหตุ {n['notice']} รายการ")
    out.append("")
    if res.years:
        out += ["| ปีการประเมิน ITA | ครบ | ยังไม่ครบ | ยังไม่มีข้อมูล | ทั้งหมด |", "|---|---:|---:|---:|---:|"]
        for year, counts, total in res.years:
            out.append(f"| {year} | {counts['met']} | {counts['partial']} | {counts['missing']} | {total} |")
        out.append("")
    if res.findings:
        out += ["### รายการที่พบ", "", "| ระดับ | ไฟล์:บรรทัด | ข้อ | ปัญหา | วิธีแก้ |", "|---|---|---|---|---|"]
        ordered = sorted(res.findings, key=lambda f: ({"error": 0, "warning": 1}.get(f.severity or "error", 2), f.file or "",
                                                      f.line or 0))
        for f in ordered[:MAX_ROWS]:
            where = f"{f.file}:{f.line}" if f.file and f.line else (f.file or "")
            out.append(f"| {SEVERITY_TH.get(f.severity or 'error', f.severity)} | `{md_cell(where)}` | {md_cell(', '.join(f.items))} "
                       f"| {md_cell(f.message_th)} | {md_cell(getattr(f, 'fix_th', ''))} |")
        if len(ordered) > MAX_ROWS:
            out += ["", f"และอีก {len(ordered) - MAX_ROWS} รายการ: ดูทั้งหมดในบันทึกการทำงาน (log) หรือสั่ง `oitsite check` บนเครื่อง"]
        out.append("")
    out.append("ดูวิธีอ่านผลการตรวจใน คู่มือผู้ดูแลเว็บไซต์ หัวข้อ “อ่านผลการตรวจ”")
    return "\n".join(out) + "\n"
