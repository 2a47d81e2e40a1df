"""Documents as evidence: which document pages an agency cites for which element.

Any topic file may carry ``documents:`` (the schema hook in oitsite.model.schema), each with
``evidence: {O25.1: 3, O25.2: [4, 5]}``: element 1 of item O25 is shown on page 3. In a standing
(non-year) topic a key may name one assessment year, ``2568/O1.2``; an unprefixed key applies to
every year whose catalog shows the topic under that item id.

Pure: what is cited, never whether the page says it (oitsite.check.documents reads the PDFs).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from oitsite.model.fieldtypes import EVIDENCE_KEY_RE

#: files that can be cited page by page (a picture is one page)
PAGED_TYPES = {".pdf"}
#: office files: a document must be converted to PDF to count (oit.document-office)
OFFICE_TYPES = {".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods"}


@dataclass(frozen=True)
class Citation:
    """Pages of one document that show one element."""

    topic: str
    data_year: int | None  # the topic file's fiscal year (None: a standing topic)
    index: int  # the document's position in the file's ``documents`` list
    key: str  # the evidence key as normalised: ``O25.1`` or ``2568/O1.2``
    file: str  # agency-relative path, ``files/…``
    title: str
    pages: tuple[int, ...]

    @property
    def path(self) -> tuple:
        """The evidence entry's place in the data file (for the finding's line)."""
        return ("documents", self.index, "evidence", self.key)

    @property
    def site_path(self) -> str:
        """The published file, as a path from the site root (attachments keep their folders)."""
        return "files/" + self.file.removeprefix("files/")

    def url(self, page: int | None = None) -> str:
        """``files/….pdf#page=N`` (the first cited page): a PDF viewer opens that page."""
        page = self.pages[0] if page is None and self.pages else page
        paged = posixpath.splitext(self.file)[1].lower() in PAGED_TYPES
        return self.site_path + (f"#page={page}" if paged and page else "")


@dataclass
class DocumentRef:
    topic: str
    data_year: int | None
    index: int
    record: dict = field(default_factory=dict)

    @property
    def path(self) -> tuple:
        return ("documents", self.index)


def documents(data: dict | None) -> list[dict]:
    """The ``documents`` records of a topic's data (clean values)."""
    docs = (data or {}).get("documents") or []
    return [d for d in docs if isinstance(d, dict)]


def parse_key(key: str) -> tuple[int | None, str, int] | None:
    """``2568/O1.2`` → (2568, "O1", 2); ``O25.1`` → (None, "O25", 1)."""
    m = EVIDENCE_KEY_RE.match(key)
    if not m:
        return None
    year, item, num = m.groups()
    return (int(year) if year else None, item.upper(), int(num))


def key_applies(key: str, item_id: str, element_index: int, year: int, standing: bool) -> bool:
    """Does evidence key ``key`` cite element ``element_index`` of item ``item_id`` of the
    assessment year ``year``? A year prefix counts only in a standing topic's file."""
    parsed = parse_key(key)
    if parsed is None:
        return False
    kyear, kitem, knum = parsed
    if kyear is not None and (not standing or kyear != year):
        return False
    return kitem == item_id.upper() and knum == element_index


def citations(topic: str, data_year: int | None, data: dict | None, item_id: str, element_index: int,
              year: int) -> list[Citation]:
    """The document pages of one topic's data that cite one element of ``year``'s catalog."""
    out = []
    for i, doc in enumerate(documents(data)):
        file = doc.get("file")
        if not isinstance(file, str) or posixpath.splitext(file)[1].lower() in OFFICE_TYPES:
            continue  # an office file does not count until it is a PDF (oit.document-office)
        for key, pages in (doc.get("evidence") or {}).items():
            if key_applies(key, item_id, element_index, year, data_year is None):
                out.append(Citation(topic, data_year, i, key, file, str(doc.get("title") or file), tuple(pages)))
    return out


def pages_exist(document_pages: dict[str, list[str]], c: Citation) -> bool:
    """False when the document's pages are known (read by oitsite.check.documents) and a cited
    page is not among them; True otherwise (not read yet: the check reports what it finds)."""
    pages = document_pages.get(c.file)
    return pages is None or all(1 <= p <= len(pages) for p in c.pages)


def checked(document_pages: dict[str, list[str]], c: Citation) -> bool:
    """True when every cited page exists and has a text layer, so that oitsite.check.documents
    could check it; False: "declared by the editor" (a scan, a picture, an unreadable file)."""
    pages = document_pages.get(c.file)
    return bool(pages) and all(p <= len(pages) and pages[p - 1] for p in c.pages)
