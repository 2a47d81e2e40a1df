"""PDF attachments: scripts, launch actions and embedded files refused; encryption warned
(oit.unsafe-pdf, oit.pdf-encrypted), with the data file and line of the reference."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from oitsite.check.validate import check_attachment
from oitsite.findings import Code


def pdf(kind: str) -> bytes:
    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    if kind == "js":  # a document-level script in the /Names /JavaScript tree (what add_js wrote)
        js = w._add_object(DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                             NameObject("/JS"): TextStringObject("app.alert('x');")}))
        w._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): DictionaryObject({
            NameObject("/Names"): ArrayObject([TextStringObject("x"), js])})})
    elif kind == "openaction-js":
        w._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})
    elif kind == "launch":
        w._root_object[NameObject("/OpenAction")] = DictionaryObject({
            NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")})
    elif kind == "embedded":
        w.add_attachment("payload.exe", b"MZ...")
    elif kind == "encrypted":
        w.encrypt(user_password="", owner_password="owner")
    elif kind == "encrypted-password":
        w.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def run(tmp_path: Path, kind: str):
    (tmp_path / "files").mkdir(exist_ok=True)
    (tmp_path / "files" / "a.pdf").write_bytes(pdf(kind))
    hashes: dict[str, str] = {}
    found = check_attachment(tmp_path, "files/a.pdf", False, "data/2567/news.yaml", 7, 5, hashes)
    return found, hashes


def test_plain_pdf_accepted_and_hashed(tmp_path: Path):
    found, hashes = run(tmp_path, "plain")
    assert found == [] and len(hashes["files/a.pdf"]) == 64


@pytest.mark.parametrize(("kind", "label"), [("js", "JavaScript"), ("openaction-js", "JavaScript"),
                                             ("launch", "/Launch"), ("embedded", "/EmbeddedFile")])
def test_active_pdf_refused(tmp_path: Path, kind: str, label: str):
    found, hashes = run(tmp_path, kind)
    (f,) = found
    assert f.code is Code.UNSAFE_PDF and f.severity == "error"
    assert label in f.message_th and "files/a.pdf" in f.message_th
    assert (f.file, f.line, f.column) == ("data/2567/news.yaml", 7, 5)
    assert hashes == {}  # never published


@pytest.mark.parametrize("kind", ["encrypted", "encrypted-password"])
def test_encrypted_pdf_warned(tmp_path: Path, kind: str):
    found, _ = run(tmp_path, kind)
    assert [f.code for f in found] == [Code.PDF_ENCRYPTED]
    assert found[0].severity == "warning" and "เข้ารหัส" in found[0].message_th


def test_fifo_and_inner_symlink_not_read(tmp_path: Path):
    import os

    (tmp_path / "files").mkdir()
    os.mkfifo(tmp_path / "files" / "a.pdf")
    (f,) = check_attachment(tmp_path, "files/a.pdf", False, "x.yaml", 1, 1, {})
    assert f.code in (Code.BAD_FILE, Code.MISSING_FILE)
