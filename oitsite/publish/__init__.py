"""What leaves the site for people and tools, computed from the checked site: the manifest and
ITAS CSV, open data (CSV/JSON/OCDS), the noticeboard, the /admin/ config, catalog docs, the
pull-request summary and the link check."""
