"""Exports for people and tools outside the site.

* ``oitsite export itas AGENCY_DIR``: the item → URL list to paste into the NACC's ITAS system.
  The rows come from :func:`oitsite.build.build_manifest`, the same function that writes the
  site's ``oit/<year>/manifest.json`` and ``itas.csv``, so the export and the published site
  always agree. No Sphinx run is needed: the manifest is computed from ``oitsite check``.
* ``oitsite export summary AGENCY_DIR``: the check's findings as a Thai Markdown report (the
  pull-request workflow appends it to ``$GITHUB_STEP_SUMMARY``), optionally with GitHub
  annotations so each finding shows on its file and line in the pull request.
* ``oitsite export links AGENCY_DIR [--check]``: every external link in the agency's data
  (e-service, complaint channels, …) with file and line; ``--check`` fetches each one and reports
  which do not answer (the scheduled workflow; a report, never a failure).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .build import build_manifest, itas_csv
from .render import SiteContext
from .validate import check


def site_context(agency_dir: Path, years: list[int] | None = None) -> SiteContext:
    """The checked agency (all findings kept; nothing is refused) for manifests and exports."""
    from .build import agency_years, project_root

    reports = {}
    for year in agency_years(agency_dir, years):
        rep = check(agency_dir, year)
        if rep.agency is None or rep.catalog is None:
            raise ExportError(rep.findings)
        reports[year] = rep
    first = reports[min(reports)]
    assert first.agency is not None
    try:
        root = project_root(agency_dir)
    except Exception:  # exports do not need the Sphinx project
        root = Path.cwd()
    return SiteContext(agency=first.agency, reports=reports, project_root=root)


class ExportError(Exception):
    def __init__(self, findings: list):
        super().__init__("; ".join(f.message_th for f in findings))
        self.findings = findings


def manifest(agency_dir: Path, year: int | None = None) -> dict:
    """The manifest of one assessment year (default: the agency's current year)."""
    site = site_context(agency_dir, [year] if year else None)
    return build_manifest(site, year or site.current_year)


def itas_rows(man: dict) -> list[tuple[str, str, str]]:
    return [(it["id"], it["title"], it["url"]) for it in man["items"]]


def cmd_export_itas(args: argparse.Namespace) -> int:
    from .cli import _years, print_findings

    agency = Path(args.agency)
    years = _years(args.year)
    if years and len(years) > 1:
        print("oitsite: export itas ส่งออกได้ครั้งละหนึ่งปี เช่น --year 2567", file=sys.stderr)
        return 2
    try:
        man = manifest(agency, years[0] if years else None)
    except ExportError as exc:
        print_findings(exc.findings, "text", "th", sys.stderr)
        return 1
    data = itas_csv(man)
    if not man["items"][0]["url"].startswith("https://"):
        print("คำเตือน: ยังไม่ได้ใส่ site_url ใน agency.yaml ลิงก์ใน CSV จึงเป็นที่อยู่ภายในเว็บไซต์ (เช่น oit/2567/o01.html) "
              "ต้องใส่ที่อยู่เว็บไซต์จริงก่อนส่งเข้าระบบ ITAS", file=sys.stderr)
    incomplete = [it["id"] for it in man["items"] if it["status"] != "met"]
    if incomplete:
        print(f"หมายเหตุ: ยังมีข้อมูลไม่ครบ {len(incomplete)} ข้อ ({', '.join(incomplete)}) ดูรายละเอียดด้วย oitsite check {agency}",
              file=sys.stderr)
    if args.out in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        print(f"บันทึกรายการ URL ปี {man['year']} ({len(man['items'])} ข้อ) ที่ {out}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------
# Findings as a Thai Markdown report (GitHub job summary) and workflow annotations

STATUS_TH = {"met": "ครบ", "partial": "ยังไม่ครบ", "missing": "ยังไม่มีข้อมูล"}
SEVERITY_TH = {"error": "ผิดพลาด", "warning": "คำเตือน", "notice": "หมายเหตุ"}
MAX_ROWS = 200


def _cell(text: object) -> str:
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
    from .build import agency_years

    agency_dir = Path(agency_dir)
    findings, seen, rows, errors, name = [], set(), [], 0, agency_dir.name
    wanted = agency_years(agency_dir, years) if (agency_dir / "agency.yaml").is_file() else [None]
    for year in wanted:
        rep = check(agency_dir, year)
        if rep.agency is not None:
            name = rep.agency.name
        for f in rep.findings:
            key = (f.code, f.file, f.line, f.column, f.message_th)
            if key not in seen:
                seen.add(key)
                findings.append(f)
                if f in rep.errors(allow_incomplete):
                    errors += 1
        if rep.catalog is not None and rep.statuses:
            counts = {s: sum(1 for st in rep.statuses if st.status == s) for s in STATUS_TH}
            rows.append((rep.catalog.year, counts, len(rep.statuses)))
    return CheckResult(name, findings, rows, errors)


def summary_markdown(res: CheckResult) -> str:
    n = {k: 0 for k in SEVERITY_TH}
    for f in res.findings:
        n[f.severity or "error"] = n.get(f.severity or "error", 0) + 1
    out = [f"## ผลการตรวจข้อมูล: {_cell(res.agency)}", ""]
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
            out.append(f"| {SEVERITY_TH.get(f.severity or 'error', f.severity)} | `{_cell(where)}` | {_cell(', '.join(f.items))} "
                       f"| {_cell(f.message_th)} | {_cell(getattr(f, 'fix_th', ''))} |")
        if len(ordered) > MAX_ROWS:
            out += ["", f"และอีก {len(ordered) - MAX_ROWS} รายการ: ดูทั้งหมดในบันทึกการทำงาน (log) หรือสั่ง `oitsite check` บนเครื่อง"]
        out.append("")
    out.append("ดูวิธีอ่านผลการตรวจใน คู่มือผู้ดูแลเว็บไซต์ หัวข้อ “อ่านผลการตรวจ”")
    return "\n".join(out) + "\n"


def cmd_export_summary(args: argparse.Namespace) -> int:
    from .cli import _years

    res = run_check(Path(args.agency), _years(args.year), args.allow_incomplete)
    text = summary_markdown(res)
    if args.out in (None, "-"):
        sys.stdout.write(text)
    else:
        with open(args.out, "a", encoding="utf-8") as fh:  # $GITHUB_STEP_SUMMARY is appended to
            fh.write(text)
    if args.annotations:
        for f in res.findings:
            print(annotation(f))
    return 1 if res.errors and not args.exit_zero else 0


# ---------------------------------------------------------------------------------------------
# External links


@dataclass
class Link:
    url: str
    file: str
    line: int | None
    where: str  # Thai: topic › field
    status: str = ""  # after checking: "ok" or "broken"
    note: str = ""


def agency_links(agency_dir: Path) -> list[Link]:
    """Every ``url`` field value in agency.yaml and the topic files, with file and line."""
    from .model import load_agency
    from .schema import agency_schema, walk

    agency, findings = load_agency(Path(agency_dir))
    if agency is None:
        raise ExportError(findings)
    out: list[Link] = []

    def collect(fields, data, source, file, title):
        for path, fd, value in walk(fields, data):
            if fd.type == "url" and isinstance(value, str) and value.strip():
                line = source.pos(path)[0] if source is not None else None
                out.append(Link(value.strip(), file, line, f"{title} › {fd.title}"))

    collect(agency_schema().fields, agency.info, agency.info_source, "agency.yaml", "ข้อมูลหน่วยงาน")
    for (topic, year), td in sorted(agency.topics.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        if td.source is None or not isinstance(td.source.data, dict):
            continue
        tdef = agency.topic_defs[topic]
        collect(tdef.fields, td.source.data, td.source, td.file, tdef.title + (f" ปี {year}" if year else ""))
    return out


def check_url(url: str, timeout: float = 15.0) -> tuple[str, str]:
    """("ok", "HTTP 200") or ("broken", Thai reason). HEAD first; GET when HEAD is refused."""
    headers = {"User-Agent": "oitsite-linkcheck (+https://github.com/)", "Accept": "*/*"}
    last = ""
    for method in ("HEAD", "GET"):
        req = urllib.request.Request(url, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (http/https only)
                return "ok", f"HTTP {resp.status}"
        except urllib.error.HTTPError as exc:
            last = f"เว็บไซต์ตอบกลับ HTTP {exc.code}"
            if exc.code in (403, 405, 501) and method == "HEAD":
                continue
            return "broken", last
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return "broken", f"เปิดไม่ได้ ({reason})"
    return "broken", last


def check_links(links: list[Link], workers: int = 4, timeout: float = 15.0) -> list[Link]:
    """Fetch each distinct URL once (bounded workers and timeout) and fill in the status."""
    urls = sorted({ln.url for ln in links})
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = dict(zip(urls, pool.map(lambda u: check_url(u, timeout), urls)))
    for ln in links:
        ln.status, ln.note = results[ln.url]
    return links


def links_markdown(links: list[Link], agency: str) -> str:
    broken = [ln for ln in links if ln.status == "broken"]
    out = [f"## ตรวจลิงก์ภายนอก: {_cell(agency)}", ""]
    if any(ln.status for ln in links):
        out.append(f"{'⚠️' if broken else '✅'} เปิดไม่ได้ {len(broken)} จาก {len(links)} ลิงก์ "
                   "(รายงานเท่านั้น ไม่กระทบการเผยแพร่เว็บไซต์)")
        out.append("")
    out += ["| สถานะ | ลิงก์ | ข้อมูล | ไฟล์:บรรทัด | หมายเหตุ |", "|---|---|---|---|---|"]
    for ln in sorted(links, key=lambda x: (x.status != "broken", x.file, x.line or 0)):
        mark = {"ok": "✅", "broken": "❌"}.get(ln.status, "·")
        where = f"{ln.file}:{ln.line}" if ln.line else ln.file
        out.append(f"| {mark} | {_cell(ln.url)} | {_cell(ln.where)} | `{_cell(where)}` | {_cell(ln.note)} |")
    if broken:
        out += ["", "วิธีแก้: เปิดลิงก์ที่เปิดไม่ได้ด้วยตนเอง ถ้าเว็บไซต์ปลายทางย้ายที่อยู่ ให้แก้ลิงก์ในไฟล์และบรรทัดที่ระบุ "
                "(ลิงก์ e-service และช่องทางร้องเรียนเป็นองค์ประกอบของเกณฑ์ ITA)"]
    return "\n".join(out) + "\n"


def cmd_export_links(args: argparse.Namespace) -> int:
    from .cli import print_findings

    agency = Path(args.agency)
    try:
        links = agency_links(agency)
    except ExportError as exc:
        print_findings(exc.findings, "text", "th", sys.stderr)
        return 1
    if args.check:
        check_links(links, timeout=args.timeout)
    from .model import load_agency

    loaded, _ = load_agency(agency)
    text = links_markdown(links, loaded.name if loaded else agency.name)
    if args.out in (None, "-"):
        sys.stdout.write(text)
    else:
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write(text)
    return 0  # a report: broken external sites must never block publishing


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("export", help="ส่งออกข้อมูล เช่น รายการ URL สำหรับระบบ ITAS")
    sub = p.add_subparsers(dest="what", metavar="ชนิด", required=True)
    i = sub.add_parser("itas", help="ไฟล์ CSV: ข้อ ชื่อข้อมูล และ URL ของแต่ละข้อ สำหรับกรอกในระบบ ITAS")
    i.add_argument("agency", metavar="AGENCY_DIR")
    i.add_argument("--year", help="ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: ปีปัจจุบันใน agency.yaml)")
    i.add_argument("--out", help="ไฟล์ปลายทาง (ค่าเริ่มต้น: แสดงบนหน้าจอ)")
    i.set_defaults(func=cmd_export_itas)

    m = sub.add_parser("summary", help="ผลการตรวจเป็นรายงาน Markdown ภาษาไทย (สำหรับ GitHub job summary)")
    m.add_argument("agency", metavar="AGENCY_DIR")
    m.add_argument("--year", help="ปีการประเมิน พ.ศ. (ค่าเริ่มต้น: ทุกปีใน agency.yaml)")
    m.add_argument("--out", help="ไฟล์ที่จะเขียนต่อท้าย เช่น $GITHUB_STEP_SUMMARY (ค่าเริ่มต้น: แสดงบนหน้าจอ)")
    m.add_argument("--annotations", action="store_true", help="พิมพ์คำสั่ง ::error file=…:: ให้ GitHub แสดงผลที่บรรทัดของไฟล์")
    m.add_argument("--allow-incomplete", action="store_true", help="ไม่นับข้อมูลที่ยังไม่ครบเป็นข้อผิดพลาด")
    m.add_argument("--exit-zero", action="store_true", help="จบด้วยรหัส 0 แม้มีข้อผิดพลาด")
    m.set_defaults(func=cmd_export_summary)

    k = sub.add_parser("links", help="รายการลิงก์ภายนอกในข้อมูล (--check: ตรวจว่าเปิดได้)")
    k.add_argument("agency", metavar="AGENCY_DIR")
    k.add_argument("--check", action="store_true", help="เปิดทุกลิงก์เพื่อตรวจว่ายังใช้ได้")
    k.add_argument("--timeout", type=float, default=15.0, help="เวลารอต่อลิงก์ (วินาที)")
    k.add_argument("--out", help="ไฟล์ที่จะเขียนต่อท้าย เช่น $GITHUB_STEP_SUMMARY")
    k.set_defaults(func=cmd_export_links)
