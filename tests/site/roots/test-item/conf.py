# A small Sphinx root: the oitsite extension alone, default theme; the agency comes from
# confoverrides (tests/site/test_directives.py).
extensions = ["myst_parser", "oitsite.site"]
language = "th"
exclude_patterns = ["_build"]
