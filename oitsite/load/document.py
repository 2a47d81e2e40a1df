"""The text of a criteria document as an agency or the NACC publishes it: a PDF (its text layer,
page by page, via pypdf) or a text file (UTF-8, or the Thai Windows code page cp874 that Word's
"save as text" writes). ``oitsite catalog draft`` reads it; what the text means is
:mod:`oitsite.model.draft`'s business."""

from __future__ import annotations

from pathlib import Path

from oitsite.findings import Code, Finding, FindingsError

#: A criteria handbook is a few MB; a larger file is not one (and would be slow to read).
MAX_DOCUMENT_BYTES = 40 * 1024 * 1024


def _refuse(path: Path, th: str, en: str, fix: str) -> FindingsError:
    return FindingsError([Finding(Code.IMPORT_BAD_FILE, th, en, file=str(path), fix_th=fix)])


def read_document_text(path: Path) -> str:
    """Text of ``path``; raises FindingsError (Thai) when it cannot be read as a document."""
    path = Path(path)
    if not path.is_file():
        raise _refuse(path, f"ไม่พบไฟล์ {path}", f"{path}: no such file", "ระบุไฟล์เอกสารเกณฑ์ (PDF หรือข้อความ .txt)")
    if path.stat().st_size > MAX_DOCUMENT_BYTES:
        raise _refuse(path, f"ไฟล์ {path} ใหญ่เกิน {MAX_DOCUMENT_BYTES // 1024 // 1024} MB",
                      f"{path}: larger than the document limit", "ใช้ไฟล์เอกสารเกณฑ์ฉบับเดียว ไม่ใช่ไฟล์รวม")
    data = path.read_bytes()
    if data[:5] == b"%PDF-":
        return _pdf_text(path)
    for enc in ("utf-8-sig", "cp874"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise _refuse(path, f"อ่านไฟล์ {path} ไม่ได้: ไม่ใช่ PDF หรือข้อความ UTF-8/TIS-620",
                  f"{path}: not a PDF or a UTF-8/cp874 text", "บันทึกเอกสารเป็น PDF หรือข้อความ UTF-8 แล้วลองอีกครั้ง")


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise _refuse(path, f"ไฟล์ PDF {path} ตั้งรหัสผ่านไว้ อ่านข้อความไม่ได้", f"{path}: encrypted PDF",
                          "ใช้ไฟล์ PDF ที่ไม่ได้ตั้งรหัสผ่าน หรือคัดลอกข้อความเป็นไฟล์ .txt")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise _refuse(path, f"อ่านไฟล์ PDF {path} ไม่ได้ ({exc})", f"{path}: unreadable PDF ({exc})",
                      "ตรวจว่าไฟล์ไม่เสีย หรือคัดลอกข้อความเป็นไฟล์ .txt") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise _refuse(path, f"ไฟล์ PDF {path} ไม่มีชั้นข้อความ (อาจเป็นภาพสแกน)", f"{path}: no text layer (scanned?)",
                      "ใช้ไฟล์ PDF ที่มีข้อความ หรือพิมพ์/คัดลอกข้อความเป็นไฟล์ .txt")
    return text
