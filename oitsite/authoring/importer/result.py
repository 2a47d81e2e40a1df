"""What an import did, and the collector of its findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from oitsite.findings import Code, Finding

from .headers import Column


class FindingsResult:
    """What every import result shares: its ``findings``, and whether any is an error."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult(FindingsResult):
    """What an import did (or would do, when it had errors)."""

    source: str
    output: Path | None = None
    written: bool = False
    layout: str = ""  # "criteria" | "skr1"
    sheets: list[str] = field(default_factory=list)
    rows_read: int = 0
    records: list[dict] = field(default_factory=list)  # the imported records (not the merged file)
    added: int = 0
    replaced: int = 0
    kept: int = 0
    findings: list[Finding] = field(default_factory=list)


    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "output": str(self.output) if self.output else None,
            "written": self.written,
            "layout": self.layout,
            "sheets": self.sheets,
            "rows_read": self.rows_read,
            "records_imported": len(self.records),
            "added": self.added,
            "replaced": self.replaced,
            "kept": self.kept,
            "errors": len(self.errors),
            "findings": [f.as_dict() for f in self.findings],
        }

    def format_text(self, max_per_code: int = 30) -> str:
        lines: list[str] = []
        shown_per_code: dict[str, int] = {}
        hidden: dict[str, int] = {}
        for f in self.findings:
            n = shown_per_code.get(f.code.value, 0)
            if n >= max_per_code:
                hidden[f.code.value] = hidden.get(f.code.value, 0) + 1
                continue
            shown_per_code[f.code.value] = n + 1
            lines.append(f.format("th"))
        for code, n in hidden.items():
            lines.append(f"… และอีก {n:,} รายการของ {code} (ดูทั้งหมดด้วย --format json)")
        layout = {"criteria": "ตามเกณฑ์ (12 คอลัมน์)", "skr1": "แบบ สขร.1"}.get(self.layout, "-")
        if self.written:
            lines.append(
                f"นำเข้าแล้ว {len(self.records):,} รายการ จาก {self.rows_read:,} แถว (รูปแบบ{layout}) → {self.output}"
                f"  [เพิ่มใหม่ {self.added:,} · แทนที่ {self.replaced:,} · คงไว้ {self.kept:,}]"
            )
        else:
            cells = any(f.col for f in self.errors)  # --force helps with wrong cells, not with a refused file
            lines.append(
                f"ยังไม่ได้บันทึกไฟล์: พบข้อผิดพลาด {len(self.errors):,} รายการ แก้ไขในไฟล์ {self.source} แล้วนำเข้าใหม่"
                + (" หรือใช้ --force เพื่อนำเข้าโดยเว้นช่องที่ผิดไว้" if cells else "")
            )
        return "\n".join(lines)


class _Findings:
    """Collects findings about the source file. The cell (sheet, row, column letter) is data on the
    finding (``Finding.sheet/row/col``), not text in the message: ``Finding.format`` shows it and
    ``--format json`` exposes it as fields."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Finding] = []

    def cell(self, code: Code, sheet: str | None, row: int, col: "Column | None", message_th: str, fix_th: str,
             message_en: str = "", severity: str | None = None) -> None:
        head = f"{col.header}: " if col is not None and col.header else ""
        self.items.append(Finding(code, head + message_th, message_en, file=self.file, fix_th=fix_th,
                                  severity=severity, sheet=sheet, row=row,  # type: ignore[arg-type]
                                  col=col.letter if col is not None else None))

    def general(self, code: Code, message_th: str, fix_th: str = "", message_en: str = "",
                severity: str | None = None, sheet: str | None = None, row: int | None = None,
                col: str | None = None) -> None:
        self.items.append(Finding(code, message_th, message_en, file=self.file, fix_th=fix_th,
                                  severity=severity, sheet=sheet, row=row, col=col))  # type: ignore[arg-type]
