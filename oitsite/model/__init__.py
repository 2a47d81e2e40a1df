"""The typed model: topic schemas and field types, catalogs, the agency, evaluation of elements,
ITA scoring, year diffs and summaries. Pure: it reads agency files through :mod:`oitsite.load`
and knows nothing of checks, sites or commands."""
