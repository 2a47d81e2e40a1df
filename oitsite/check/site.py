"""The checked site: one agency loaded once and checked against each of its assessment years.

This is what every later stage reads (manifest and exports, the Sphinx site, the CLI): it holds
no output; what the site stage generates lives on the Sphinx environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from oitsite.check.validate import Report, check_years
from oitsite.findings import Finding, FindingsError, dedupe
from oitsite.model.agency import Agency, load_agency
from oitsite.model.catalog import available_years, default_year
from oitsite.model.evaluate import ItemStatus
from oitsite.model.public import public_agency


@dataclass
class SiteContext:
    """An agency and its report per assessment year (catalog, item statuses, findings)."""

    agency: Agency
    reports: dict[int, Report]
    #: a draft (``--allow-incomplete``): shows editors what is missing, placeholders and file names,
    #: is marked as a draft on every page and is never deployed; else the public site, whose
    #: agency holds no placeholder value (oitsite.model.public) and whose gaps read "อยู่ระหว่างจัดทำข้อมูล"
    draft: bool = False

    @property
    def years(self) -> list[int]:
        return sorted(self.reports)

    @property
    def current_year(self) -> int:
        cur = self.agency.info.get("current_year")
        return cur if cur in self.reports else self.years[-1]

    def status(self, year: int, item_id: str) -> ItemStatus | None:
        rep = self.reports.get(year)
        if rep is None:
            return None
        return next((s for s in rep.statuses if s.item.id == item_id), None)

    @property
    def findings(self) -> list[Finding]:
        """Every year's findings, each once."""
        return dedupe([f for rep in self.reports.values() for f in rep.findings])

    def errors(self, allow_incomplete: bool = False) -> list[Finding]:
        return sorted(dedupe([f for rep in self.reports.values() for f in rep.errors(allow_incomplete)]),
                      key=Finding.sort_key)

    def blocking(self, draft: bool = False) -> list[Finding]:
        """The errors that stop a build (validate.Report.blocking)."""
        return sorted(dedupe([f for rep in self.reports.values() for f in rep.blocking(draft)]), key=Finding.sort_key)

    def incomplete(self) -> list[Finding]:
        """The data still missing (content errors): published as "อยู่ระหว่างจัดทำข้อมูล"."""
        return sorted(dedupe([f for rep in self.reports.values() for f in rep.findings
                              if f.severity == "error" and f.code.info.kind == "content"]), key=Finding.sort_key)


def agency_years(agency_dir: Path, years: list[int] | None, catalog_dirs: list[Path] | None = None,
                 agency: Agency | None = None) -> list[int]:
    if years:
        return sorted(set(years))
    if agency is None:
        agency, _ = load_agency(agency_dir)
    avail = available_years(catalog_dirs)
    wanted = [y for y in (agency.info.get("years") if agency else None) or [] if y in avail]
    if wanted:
        return sorted(set(wanted))
    cur = agency.info.get("current_year") if agency else None
    return [cur if cur in avail else default_year(catalog_dirs)]


def host_catalog_dirs(agency_dir: Path) -> list[Path]:
    """A host's own catalog folder next to its agencies (``agencies/catalogs/``): more years, or
    ``ita-<year>.override.yaml`` corrections to the bundled catalogs, without a release."""
    d = Path(agency_dir).resolve().parent / "catalogs"
    return [d] if d.is_dir() and not (d / "agency.yaml").exists() else []


def check_site(agency_dir: Path, years: list[int] | None = None, *,
               catalog_dirs: list[Path] | None = None) -> SiteContext:
    """Load the agency once and check it against every year. Raises FindingsError only when there
    is nothing to check (no readable agency.yaml, no catalog for a year). A host's ``catalogs/``
    folder next to the agency (:func:`host_catalog_dirs`) is searched after ``catalog_dirs``."""
    catalog_dirs = list(catalog_dirs or []) + host_catalog_dirs(Path(agency_dir))
    agency, load_findings = load_agency(Path(agency_dir))
    if agency is None:
        raise FindingsError(load_findings)
    years = agency_years(agency_dir, years, catalog_dirs, agency)
    reports = check_years(agency, load_findings, years, catalog_dirs)
    for rep in reports.values():
        if rep.catalog is None:
            raise FindingsError(rep.findings)
    return SiteContext(agency=agency, reports=reports)


def load_site(agency_dir: Path, years: list[int] | None = None, *, allow_incomplete: bool = False,
              catalog_dirs: list[Path] | None = None) -> SiteContext:
    """The checked site to build, or FindingsError with the errors that stop the build.

    Data still missing never stops it; ``allow_incomplete`` makes the draft (every detail shown,
    marked as a draft), else the public site: its agency has no placeholder value left."""
    site = check_site(agency_dir, years, catalog_dirs=catalog_dirs)
    errors = site.blocking(draft=allow_incomplete)
    if errors:
        raise FindingsError(errors, reports=site.reports)
    site.draft = allow_incomplete
    if not allow_incomplete:
        site.agency = public_agency(site.agency)
    return site
