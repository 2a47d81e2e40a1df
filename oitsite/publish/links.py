"""Every external link in the agency's data (e-service, complaint channels, …) with file and
line, and a check that fetches each (the scheduled workflow: a report, never a failure)."""

from __future__ import annotations

import concurrent.futures
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from oitsite.findings import FindingsError
from oitsite.publish.summary import md_cell


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
    from oitsite.model.agency import load_agency
    from oitsite.model.schema import agency_schema, walk

    agency, findings = load_agency(Path(agency_dir))
    if agency is None:
        raise FindingsError(findings)
    out: list[Link] = []

    def collect(fields, data, source, file, title):
        for path, fd, value in walk(fields, data):
            if fd.ftype.is_url and isinstance(value, str) and value.strip():
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
    out = [f"## ตรวจลิงก์ภายนอก: {md_cell(agency)}", ""]
    if any(ln.status for ln in links):
        out.append(f"{'⚠️' if broken else '✅'} เปิดไม่ได้ {len(broken)} จาก {len(links)} ลิงก์ "
                   "(รายงานเท่านั้น ไม่กระทบการเผยแพร่เว็บไซต์)")
        out.append("")
    out += ["| สถานะ | ลิงก์ | ข้อมูล | ไฟล์:บรรทัด | หมายเหตุ |", "|---|---|---|---|---|"]
    for ln in sorted(links, key=lambda x: (x.status != "broken", x.file, x.line or 0)):
        mark = {"ok": "✅", "broken": "❌"}.get(ln.status, "·")
        where = f"{ln.file}:{ln.line}" if ln.line else ln.file
        out.append(f"| {mark} | {md_cell(ln.url)} | {md_cell(ln.where)} | `{md_cell(where)}` | {md_cell(ln.note)} |")
    if broken:
        out += ["", "วิธีแก้: เปิดลิงก์ที่เปิดไม่ได้ด้วยตนเอง ถ้าเว็บไซต์ปลายทางย้ายที่อยู่ ให้แก้ลิงก์ในไฟล์และบรรทัดที่ระบุ "
                "(ลิงก์ e-service และช่องทางร้องเรียนเป็นองค์ประกอบของเกณฑ์ ITA)"]
    return "\n".join(out) + "\n"
