"""oitsite: a Thai LAO's ITA/OIT transparency website from YAML and Markdown, built with Sphinx."""

__version__ = "0.1.0"
