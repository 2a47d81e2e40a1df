"""What the public site may show of an agency: its data without any unfilled template value.

The loader already drops every placeholder ``((กรอก: …))`` value and template record from the
YAML data and agency.yaml (:mod:`oitsite.model.placeholders`); what is left is a Markdown body
that still holds one. The public build renders from :func:`public_agency`, so no page, table,
card, share text or search entry can show a placeholder. Pure: the loaded agency is not changed.
"""

from __future__ import annotations

import dataclasses

from oitsite.model.agency import Agency
from oitsite.model.placeholders import is_placeholder


def public_agency(agency: Agency) -> Agency:
    """A copy of ``agency`` for the public site: no Markdown body that is still a template."""
    topics = {key: dataclasses.replace(td, body=None) if is_placeholder(td.body) else td
              for key, td in agency.topics.items()}
    return dataclasses.replace(agency, topics=topics)
