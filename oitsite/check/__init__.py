"""The findings stage: validation of an agency against a year's catalog and the checked site
(one agency loaded once, checked against every year) that publishing and the site read."""
