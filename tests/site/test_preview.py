"""The finding page of ``oitsite serve`` (oitsite.site.preview): every finding with its place,
Thai text and fix, and nothing from the data reaching the page as markup."""

from __future__ import annotations

from oitsite.findings import Code, Finding
from oitsite.site.preview import OVERLAY_CSP, findings_page


def test_finding_page_lists_place_text_and_fix_escaped():
    evil = '<script>alert(1)</script>'
    page = findings_page([
        Finding(Code.YAML_SYNTAX, f"รูปแบบ YAML ไม่ถูกต้อง {evil}", "bad", file="data/contact.yaml", line=5, column=4,
                items=["O4"], fix_th="ตรวจการย่อหน้า"),
        Finding(Code.UNKNOWN_KEY, "ไม่รู้จักช่อง", "unknown", file=f"data/{evil}.yaml", line=2, path="contact.x"),
    ], f"อบต.{evil}")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "data/contact.yaml:5:4 · ข้อ O4" in page and "วิธีแก้: ตรวจการย่อหน้า" in page
    assert page.count("<li ") == 2 and "พบข้อผิดพลาด 2 รายการ" in page
    assert f'content="{OVERLAY_CSP}"' in page and "script-src 'self'" in OVERLAY_CSP
