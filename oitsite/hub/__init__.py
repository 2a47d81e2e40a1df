"""Stage 8 (above ``site``): many agencies from one repository.

``agencies/<slug>/`` → ``<out>/<slug>/`` (each a whole agency site, built by :mod:`oitsite.site.build`)
plus a hub at ``<out>/index.html`` (completeness per year, a province dashboard with CSV/JSON,
search across agencies, its own sitemap). Fonts, theme CSS/JS and the CMS bundle are stored once,
content-addressed, in ``<out>/_shared/`` (:mod:`oitsite.hub.shared`). Each agency is rebuilt only
when the hash of its inputs plus the code/catalog/template hash changed (:mod:`oitsite.hub.plan`);
``--shard i/N`` builds a deterministic subset and :func:`oitsite.hub.build.assemble` merges shard
outputs. The hub pages are a pure function of the agency outputs and their status records
(:mod:`oitsite.hub.pages`), so a sharded build assembles to the same bytes as a one-shot build.
"""
