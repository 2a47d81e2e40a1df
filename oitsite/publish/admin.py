"""Form editing at ``/admin/``: a Sveltia CMS configuration generated from the topic schemas.

The forms are built from the same schema files (``oitsite/catalogs/topics/*.yaml`` and
``catalogs/agency.yaml``) that the validator uses, so a field added to a schema appears in the
form at the next build. Sveltia CMS (npm ``@sveltia/cms``, a maintained successor of
Netlify/Decap CMS that reads the same ``config.yml``) runs in the editor's browser and talks to
GitHub's API directly. An editor signs in with a GitHub fine-grained personal access token
(Contents + Pull requests: read and write, this repository only), so a site on GitHub Pages needs
no server of its own; an OAuth proxy (``--auth-url``/``$OITSITE_CMS_AUTH_URL``, e.g. Sveltia CMS
Authenticator on a Cloudflare Worker) adds a "Sign in with GitHub" button. With
``publish_mode: editorial_workflow`` every save becomes a pull request, which the PR workflow
checks (``oitsite check``) before anyone merges it.

* one ``files`` collection per standing topic (``data/<topic>.yaml``);
* one collection per fiscal-year topic whose entries are the years (``data/<YYYY>/<topic>.yaml``):
  the years the catalogs show plus those already on disk (a ``folder`` collection cannot select
  one file name across year folders without a field inside the data, which the schema would
  reject as an unknown key);
* ``agency.yaml`` as the first collection.

Attachments: every collection stores uploads in ``<agency>/files/`` and writes the value as
``./files/<name>`` (Sveltia keeps a public folder that starts with ``.`` as it is; any other
public folder gets a leading ``/``, which the validator rejects as a path outside the agency).

``oitsite cms AGENCY_DIR --out DIR`` writes ``DIR/admin/{index.html,config.yml}`` and the bundle;
:func:`write_admin` is what the build calls to put the same files into the site (served from the
site itself, no CDN).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from oitsite.findings import Code, Finding, FindingsError
from oitsite.model.schema import FieldDef, TopicDef, agency_schema, load_topics

CMS_PACKAGE = "@sveltia/cms"
CMS_BUNDLE = "sveltia-cms.js"
#: Lazily imported chunks the bundle loads from ``chunks/`` next to itself (else from a CDN).
CMS_CHUNKS = "chunks"
#: The editor's icon font: the bundle's CSS names it on a CDN; the build serves the same file
#: (npm @fontsource-variable/material-symbols-outlined) from /admin/fonts/ instead, so the admin
#: page loads nothing from third parties. The other two CDN fonts (Latin text) fall back to
#: system fonts.
ICON_FONT_URL = ("https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/"
                 "latin-wght-normal.woff2")
ICON_FONT_PACKAGE = "@fontsource-variable/material-symbols-outlined"
ICON_FONT_FILE = "material-symbols-outlined-latin-wght-normal.woff2"

#: The CMS's other two CDN fonts (Latin text and code): not fetched (the CSP allows fonts from the
#: site only); the browser's own fonts are used, which also draw Thai.
CDN_FONTS = ("https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2",
             "https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2")
#: The bundle asks unpkg for its newest version (an "update available" notice for developers):
#: asked of a file next to it instead, which names the installed version.
CMS_UNPKG = "https://unpkg.com/@sveltia/cms"
CMS_VERSION_DIR = "sveltia-cms"
#: Sveltia offers "Work with Local Repository" first whenever the page is on localhost (a clerk's
#: preview, the guide's screenshots): only with ``?local`` in the address (the guide's local mode).
LOCAL_HOST_TEST = "ZR.isLocalHost=e===`127.0.0.1`||/^(.+\\.)?localhost$/.test(e)"
LOCAL_HOST_ASKED = "ZR.isLocalHost=(e===`127.0.0.1`||/^(.+\\.)?localhost$/.test(e))&&/[?&]local\\b/.test(location.search)"
#: Sveltia has no Thai translation: the sign-in screen and the few words around it, in Thai (the
#: bundle's English texts, replaced where the build copies it; each must be found once).
THAI_UI = {
    "sign_in_with_x": ("Sign In with {$service}", "เข้าสู่ระบบด้วยบัญชี {$service}"),
    "sign_in_using_access_token": ("Sign In Using Access Token", "เข้าสู่ระบบด้วยรหัสเข้าใช้ (access token)"),
    "sign_in_using_access_token_description": (
        "Enter your token below. It must have read/write access to the repository content.",
        "วางรหัสเข้าใช้ของ GitHub (ขึ้นต้นด้วย github_pat_) ในช่องด้านล่าง รหัสต้องมีสิทธิ์อ่านและเขียนเนื้อหา (Contents) ของคลังนี้"),
    "sign_in_using_access_token_workflow_note": (
        "Since Editorial Workflow is enabled, it must also have read/write access to pull requests.",
        "ทุกการบันทึกจะส่งเป็นคำขอรวม (pull request) ให้ตรวจก่อนเผยแพร่ รหัสจึงต้องมีสิทธิ์อ่านและเขียน Pull requests ด้วย"),
    "sign_in_using_access_token_link": (
        "You can generate a token on the <a>{$service} user settings page</a>.",
        "สร้างรหัสได้ที่<a>หน้าตั้งค่าบัญชี {$service}</a> ตามคู่มือผู้ดูแลเว็บไซต์ หัวข้อ “แก้ไขข้อมูลผ่านแบบฟอร์ม”"),
    "personal_access_token": ("Personal Access Token", "รหัสเข้าใช้ (personal access token)"),
    "authorizing": ("Authorizing…", "กำลังตรวจสิทธิ์…"),
    "signing_in": ("Signing in…", "กำลังเข้าสู่ระบบ…"),
    "sign_in": ("Sign In", "เข้าสู่ระบบ"),
    "sign_out": ("Sign Out", "ออกจากระบบ"),
    "signed_in_as_x": ("Signed In as {$name}", "เข้าสู่ระบบในชื่อ {$name}"),
    "work_with_local_repo": ("Work with Local Repository", "แก้ไขไฟล์ในเครื่องนี้ (โหมดในเครื่อง)"),
    "work_with_local_repo_description": ("Once prompted, select the root directory of the “{$repo}” repository.",
                                         "เมื่อเบราว์เซอร์ถาม ให้เลือกโฟลเดอร์บนสุดของคลัง “{$repo}”"),
    "work_with_local_repo_description_no_repo": ("Once prompted, select the root directory of your Git repository.",
                                                 "เมื่อเบราว์เซอร์ถาม ให้เลือกโฟลเดอร์บนสุดของคลัง Git"),
    "welcome_message": ("Welcome to {$name}", "{$name}"),
    "loading": ("Loading…", "กำลังโหลด…"),
    "loading_cms_config": ("Loading CMS Configuration…", "กำลังโหลดการตั้งค่า…"),
    "loading_site_data": ("Loading Site Data…", "กำลังโหลดข้อมูลของเว็บไซต์…"),
    "loading_site_data_error": ("There was an error while loading site data.", "โหลดข้อมูลของเว็บไซต์ไม่สำเร็จ"),
    "invalid_token": ("The provided token is invalid. Please check and try again.",
                      "รหัสเข้าใช้ไม่ถูกต้องหรือหมดอายุ ตรวจรหัสแล้วลองอีกครั้ง"),
    "repository_no_access": ("You don’t have access to the “{$repo}” repository.",
                             "บัญชีนี้ไม่มีสิทธิ์ในคลัง “{$repo}” ขอให้ผู้ดูแลเพิ่มเป็นผู้ร่วมงาน (Collaborator) หรือสร้างรหัสใหม่ที่เลือกคลังนี้"),
    "repository_not_found": ("The “{$repo}” repository doesn’t exist.", "ไม่พบคลัง “{$repo}” หรือรหัสนี้ไม่ได้เลือกคลังนี้ไว้"),
    "repository_empty": ("The “{$repo}” repository has no branches.", "คลัง “{$repo}” ยังไม่มีข้อมูล"),
    "powered_by": ("Powered by {$name}", "ใช้โปรแกรม {$name}"),
    "collections": ("Collections", "หัวข้อข้อมูล"),
    "save": ("Save", "บันทึก"),
    "saving": ("Saving…", "กำลังบันทึก…"),
    "create_entry_title": ("Creating {$name}", "{$name} (ยังไม่มีไฟล์ข้อมูล: สร้างใหม่)"),
    "unselected_option": ("(None)", "(ไม่ระบุ)"),
    "add_x": ("Add {$name}", "เพิ่ม{$name}"),
    "ok": ("OK", "ตกลง"),
    "error": ("Error", "เกิดข้อผิดพลาด"),
    "edit": ("Edit", "แก้ไข"),
    "back": ("Back", "ย้อนกลับ"),
    "publish": ("Publish", "เผยแพร่"),
    "assets": ("Assets", "ไฟล์แนบ"),
    "later": ("Later", "ไว้ภายหลัง"),
    "mobile_promo_title": ("Sveltia CMS is now available on mobile!", "แก้ไขข้อมูลบนโทรศัพท์มือถือได้"),
    "mobile_promo_button": ("Give it a try", "ดูวิธีใช้"),
    "search_placeholder_contents": ("Search for contents…", "ค้นหาข้อมูล…"),
    "search_placeholder_assets": ("Search for assets…", "ค้นหาไฟล์แนบ…"),
    "search_placeholder_all": ("Search for contents and assets…", "ค้นหาข้อมูลและไฟล์แนบ…"),
}
#: The admin page's own styles (admin/oitsite-admin.css): collection names wrap instead of
#: being cut ("O16, O17 ผลการจัดซื้อจัดจ้าง…" must be read whole), Thai-friendly line height.
ADMIN_CSS = """/* oitsite: /admin/ (oitsite.publish.admin) */
.sui.tree .sui.treeitem .label { white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.35; }
.sui.tree .sui.treeitem .row { height: auto; min-height: 32px; padding-top: 4px; padding-bottom: 4px; }
"""
#: Logo file types the admin page may show (copied from agency.yaml's ``logo``).
LOGO_TYPES = {".png", ".jpg", ".jpeg", ".svg", ".webp", ".gif"}

#: Fields of agency.yaml that are editor settings, not form fields.
AGENCY_HIDDEN = {"suppress", "editors"}

# ---------------------------------------------------------------------------------------------
# Schema → CMS fields


def widget(fd: FieldDef) -> dict[str, Any]:
    """One schema field → one Sveltia/Decap field (every field optional, like the schema)."""
    out: dict[str, Any] = {"label": fd.title, "name": fd.name, "required": False}
    out.update(fd.ftype.cms(fd))
    if fd.is_list:
        out["fields"] = fields(fd.fields)
        summary = next((n for n, sub in fd.fields.items() if sub.ftype.heading), None)
        if summary:
            out["summary"] = "{{fields.%s}}" % summary
    if fd.help:
        out["hint"] = (fd.help + " " + out.get("hint", "")).strip()
    return out


def fields(schema_fields: dict[str, FieldDef], hidden: set[str] = frozenset()) -> list[dict[str, Any]]:
    return [widget(fd) for name, fd in schema_fields.items() if name not in hidden]


# ---------------------------------------------------------------------------------------------
# Collections


def repo_relative(path: Path) -> str:
    """``path`` relative to the git repository that holds it (forward slashes)."""
    path = path.resolve()
    for parent in [path, *path.parents]:
        if (parent / ".git").exists():
            return path.relative_to(parent).as_posix()
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return f"agencies/{path.name}"


def topic_years(agency_dir: Path, assessment_years: list[int] | None = None
                ) -> tuple[dict[str, set[int]], dict[str, list[str]]]:
    """Fiscal years to offer per yearly topic, and the O-items each topic serves."""
    from oitsite.check.site import agency_years
    from oitsite.model.catalog import load_catalog

    topics = load_topics()
    years: dict[str, set[int]] = {t.id: set() for t in topics.values() if t.yearly}
    items: dict[str, list[str]] = {}
    for year in assessment_years or agency_years(agency_dir, None):
        catalog = load_catalog(year)
        for item in catalog.items:
            for ref in item.topics:
                label = f"{item.id}/{year}"
                if label not in items.setdefault(ref.topic, []):
                    items[ref.topic].append(label)
                if topics[ref.topic].yearly:
                    years[ref.topic].add(year + ref.year)
    data = agency_dir / "data"
    if data.is_dir():
        for path in data.glob("*/*.y*ml"):
            if path.parent.name.isdigit() and path.stem in years:
                years[path.stem].add(int(path.parent.name))
    return years, items


def _used_in(topic: str, items: dict[str, list[str]]) -> str:
    used = items.get(topic) or []
    return ("ใช้ในข้อ " + ", ".join(used) + " · ") if used else ""


def _collection_base(tdef: TopicDef, used: str, media: dict[str, str]) -> dict[str, Any]:
    desc = used + (" ".join(tdef.description.split()) if tdef.description else "")
    out: dict[str, Any] = {"name": tdef.id, "label": tdef.title}
    if desc.strip(" ·"):
        out["description"] = desc.strip(" ·")
    out.update(media)
    out["editor"] = {"preview": False}
    return out


def media_options(root: str) -> dict[str, str]:
    """Uploads go to ``<agency>/files/``; the stored value is ``./files/<name>`` (see module doc)."""
    return {"media_folder": f"/{root}/files", "public_folder": "./files"}


def cms_config(agency_dir: Path, *, repo: str, branch: str = "main", auth_url: str | None = None,
               site_url: str | None = None, title: str | None = None,
               years: list[int] | None = None) -> dict[str, Any]:
    """The Sveltia CMS ``config.yml`` for one agency, as a dict."""
    agency_dir = Path(agency_dir)
    root = repo_relative(agency_dir)
    topics = load_topics()
    topic_year_map, items = topic_years(agency_dir, years)
    backend: dict[str, Any] = {
        "name": "github", "repo": repo, "branch": branch, "squash_merges": True,
        # Without an OAuth proxy only the access-token sign-in can work (see the editor's guide).
        "auth_methods": ["oauth", "token"] if auth_url else ["token"],
        "commit_messages": {
            "create": "เพิ่ม {{collection}} {{slug}} (แก้ไขผ่านแบบฟอร์ม)",
            "update": "แก้ไข {{collection}} {{slug}} (แก้ไขผ่านแบบฟอร์ม)",
            "delete": "ลบ {{collection}} {{slug}} (แก้ไขผ่านแบบฟอร์ม)",
            "uploadMedia": "อัปโหลดไฟล์ {{path}}",
            "deleteMedia": "ลบไฟล์ {{path}}",
        },
    }
    if auth_url:
        backend["base_url"] = auth_url.rstrip("/")
    media = media_options(root)
    config: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "media_folder": f"{root}/files",
        "public_folder": "/files",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "show_preview_links": False,
    }
    if title:
        config["app_title"] = f"แก้ไขข้อมูล — {title}"
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    schema = agency_schema()
    collections: list[dict[str, Any]] = [{
        "name": "agency", "label": schema.title, "description": "ชื่อ ที่ตั้ง และการตั้งค่าเว็บไซต์ของหน่วยงาน",
        "icon": "home_work", **media, "editor": {"preview": False},
        "files": [{"name": "agency", "label": schema.title, "file": f"{root}/agency.yaml",
                   "fields": fields(schema.fields, AGENCY_HIDDEN)}],
    }]
    shown_year = max(years or [int(u.split("/")[1]) for used in items.values() for u in used] or [0])
    numbers, groups = item_labels(shown_year, items)
    group = None
    for tdef in _ordered(topics, items, groups):
        base = _collection_base(tdef, _used_in(tdef.id, items), media)
        base["label"] = f"{numbers[tdef.id]} {tdef.title}" if numbers.get(tdef.id) else tdef.title
        if tdef.yearly:
            base["files"] = [{"name": str(y), "label": f"ปีงบประมาณ พ.ศ. {y}", "file": f"{root}/data/{y}/{tdef.id}.yaml",
                              "fields": fields(tdef.fields)} for y in sorted(topic_year_map[tdef.id], reverse=True)]
            if not base["files"]:
                continue  # no catalog year uses it and nothing on disk
        else:
            base["files"] = [{"name": tdef.id, "label": tdef.title, "file": f"{root}/data/{tdef.id}.yaml",
                              "fields": fields(tdef.fields)}]
        g = groups.get(tdef.id, ("~", ""))
        if g[0] != group:  # a line between sub-indicators (Sveltia's collection divider)
            collections.append({"name": f"divider-{len(collections)}", "divider": True})
            group = g[0]
        if g[1]:
            base["description"] = f"ตัวชี้วัดย่อย {g[0]} {g[1]} · " + base.get("description", "")
        collections.append(base)
    config["collections"] = collections
    return config


def item_labels(year: int, items: dict[str, list[str]]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Per topic: its O-numbers in ``year`` ("O11, O12"; another year's with that year when
    ``year`` does not use the topic) and its sub-indicator (id, title) in that year."""
    from oitsite.model.catalog import load_catalog

    numbers: dict[str, str] = {}
    groups: dict[str, tuple[str, str]] = {}
    catalogs: dict[int, Any] = {}
    for topic, used in items.items():
        pairs = [(u.split("/")[0], int(u.split("/")[1])) for u in used]
        here = [i for i, y in pairs if y == year]
        chosen = year if here else max(y for _, y in pairs)
        ids = here or [i for i, y in pairs if y == chosen]
        numbers[topic] = ", ".join(ids) + ("" if here else f" (ITA {chosen})")
        catalog = catalogs.get(chosen) or catalogs.setdefault(chosen, load_catalog(chosen))
        first = catalog.item(ids[0])
        if first is not None and first.subindicator:
            groups[topic] = (first.subindicator, catalog.subindicator_title(first.subindicator))
    return numbers, groups


def _ordered(topics: dict[str, TopicDef], items: dict[str, list[str]],
             groups: dict[str, tuple[str, str]] | None = None) -> list[TopicDef]:
    """Topics in catalog order (by sub-indicator, then the first O-item that shows them), unused
    topics last."""
    groups = groups or {}

    def key(t: TopicDef) -> tuple:
        used = items.get(t.id)
        if not used:
            return (1, (), 0, t.id)
        sub = tuple(int(x) for x in re.findall(r"\d+", groups.get(t.id, ("999",))[0]))
        return (0, sub, min(int(re.sub(r"\D", "", u.split("/")[0])) for u in used), t.id)

    return sorted(topics.values(), key=key)


def _shared_subtrees(node: Any, seen: dict[str, Any], min_chars: int = 64) -> tuple[Any, str]:
    """``node`` rebuilt so that equal dicts/lists of some size are one object (and its canonical
    JSON text). YAML then writes such a subtree once with an anchor (``&id001``) and later uses
    as aliases (``*id001``): a document field, a date field or a whole list of fields that many
    topics share is written once instead of ~100 times."""
    if isinstance(node, dict):
        pairs = [(k, _shared_subtrees(v, seen, min_chars)) for k, v in node.items()]
        node = {k: v for k, (v, _) in pairs}
        key = "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + t for k, (_, t) in pairs) + "}"
    elif isinstance(node, list):
        items = [_shared_subtrees(v, seen, min_chars) for v in node]
        node = [v for v, _ in items]
        key = "[" + ",".join(t for _, t in items) + "]"
    else:
        return node, json.dumps(node, ensure_ascii=False)
    if len(key) < min_chars:
        return node, key
    return seen.setdefault(key, node), key


def config_yaml(config: dict[str, Any]) -> str:
    """The config as YAML, repeated field definitions written once (anchors and aliases, which
    Sveltia CMS's YAML parser resolves without a limit). Same input, same text."""
    head = ("# สร้างอัตโนมัติด้วย oitsite (oitsite/publish/admin.py) จากไฟล์ schema ของหัวข้อข้อมูล อย่าแก้ไขไฟล์นี้โดยตรง\n"
            "# Generated from the topic schemas by oitsite.publish.admin; do not edit.\n"
            "# &idNNN marks a definition used again below as *idNNN (a YAML anchor and its aliases).\n")
    shared, _ = _shared_subtrees(config, {})
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the same text, ~2.5x faster
    return head + yaml.dump(shared, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


# ---------------------------------------------------------------------------------------------
# /admin/ page


def admin_csp(auth_url: str | None = None) -> str:
    """The admin page's own policy (the public pages' CSP does not allow the editor).

    Scripts only from the site itself (the bundle is copied next to the page); the API calls go
    to GitHub, plus the OAuth proxy when one is configured.
    """
    connect = ["'self'", "data:", "blob:", "https://api.github.com", "https://www.githubstatus.com"]
    if auth_url:
        m = re.match(r"^https://[^/]+", auth_url)
        if m:
            connect.append(m.group(0))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # Svelte components set inline styles
        "img-src 'self' data: blob: https://avatars.githubusercontent.com https://*.githubusercontent.com",
        "font-src 'self' data:",  # the icon font is served from /admin/fonts/ (see ICON_FONT_URL)
        "connect-src " + " ".join(connect),
        "media-src 'self' blob:",
        "frame-src 'none'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def admin_index_html(title: str, csp: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">
<title>แก้ไขข้อมูล — {html.escape(title)}</title>
<link href="config.yml" type="application/yaml" rel="cms-config-url">
<link href="oitsite-admin.css" rel="stylesheet">
</head>
<body>
<noscript>หน้าแก้ไขข้อมูลต้องเปิดใช้ JavaScript · ดูคู่มือผู้ดูแลเว็บไซต์ หัวข้อ “แก้ไขข้อมูลผ่านแบบฟอร์ม”</noscript>
<script src="{CMS_BUNDLE}"></script>
</body>
</html>
"""


def find_bundle(start: Path | None = None) -> Path | None:
    """``node_modules/@sveltia/cms/dist`` above ``start`` (or the package's project), if installed."""
    candidates = []
    if start is not None:
        candidates += [start.resolve(), *start.resolve().parents]
    here = Path(__file__).resolve().parents[2]
    candidates += [Path.cwd().resolve(), here]
    for c in candidates:
        dist = c / "node_modules" / CMS_PACKAGE / "dist"
        if (dist / CMS_BUNDLE).is_file():
            return dist
    return None


def default_repo(agency_dir: Path) -> str:
    """owner/name: $GITHUB_REPOSITORY (set in GitHub Actions) or the git remote 'origin'."""
    env = os.environ.get("GITHUB_REPOSITORY", "")
    if re.fullmatch(r"[\w.-]+/[\w.-]+", env):
        return env
    for parent in [agency_dir.resolve(), *agency_dir.resolve().parents]:
        cfg = parent / ".git" / "config"
        if cfg.is_file():
            m = re.search(r'\[remote "origin"\][^\[]*?url\s*=\s*(\S+)', cfg.read_text(encoding="utf-8", errors="replace"))
            if m:
                m2 = re.search(r"github\.com[:/]([\w.-]+/[\w.-]+?)(?:\.git)?$", m.group(1))
                if m2:
                    return m2.group(1)
            break
    return "OWNER/REPO"


def bundle_missing() -> Finding:
    return Finding(Code.CMS_BUNDLE, "ไม่พบโปรแกรมหน้าแก้ไขข้อมูล (Sveltia CMS, node_modules/@sveltia/cms) "
                   "เว็บไซต์จะไม่มีหน้า /admin/ จึงไม่สร้างเว็บไซต์", "node_modules/@sveltia/cms not installed",
                   fix_th="ติดตั้งด้วยคำสั่ง npm ci ในโฟลเดอร์ของโครงการ (ต้องมี Node.js) แล้วสั่งสร้างใหม่ "
                          "หรือสร้างโดยไม่มีหน้าแก้ไขข้อมูลด้วย oitsite build --no-admin")


def patch_bundle(script: str) -> str:
    """The bundle as the admin page serves it: Thai sign-in texts, local mode only when asked
    for, nothing loaded from CDNs. FindingsError when this is not the bundle version it was made
    for (package.json pins it; ``npm ci`` installs exactly that)."""
    missing = []

    def sub(old: str, new: str) -> None:
        nonlocal script
        if script.count(old) != 1:
            missing.append(old[:60])
        script = script.replace(old, new)

    for key, (en, th) in THAI_UI.items():
        for sep in (",", "{"):
            if f"{sep}{key}:`{en}`" in script:
                sub(f"{sep}{key}:`{en}`", f"{sep}{key}:`{th}`")
                break
        else:
            missing.append(key)
    sub(LOCAL_HOST_TEST, LOCAL_HOST_ASKED)
    sub(f"`{CMS_UNPKG}`", f"`{CMS_VERSION_DIR}`")
    for url in CDN_FONTS:
        script, n = re.subn(re.escape(f"url({url})") + r"\s*format\('[^']*'\)", "local('oitsite-none')", script)
        if n != 1:
            missing.append(url)
    if ICON_FONT_URL in script:
        script = script.replace(ICON_FONT_URL, f"fonts/{ICON_FONT_FILE}")  # url() resolves against /admin/
    else:
        missing.append(ICON_FONT_URL)
    if missing:
        raise FindingsError([Finding(
            Code.CMS_BUNDLE, "โปรแกรมหน้าแก้ไขข้อมูล (Sveltia CMS) ใน node_modules ไม่ใช่รุ่นที่ oitsite รองรับ "
            "(ไม่พบข้อความที่ต้องปรับ: " + ", ".join(missing[:3]) + ")", "unsupported @sveltia/cms version",
            fix_th="ติดตั้งรุ่นที่กำหนดใน package.json ด้วยคำสั่ง npm ci")])
    return script


def _copy_logo(agency_dir: Path, info: dict, admin: Path) -> str | None:
    """agency.yaml's logo next to the admin page (logo.<ext>), when it is an image inside the agency."""
    rel = str(info.get("logo") or "").strip()
    if not rel:
        return None
    root = agency_dir.resolve()
    src = (root / rel).resolve()
    if not src.is_relative_to(root) or not src.is_file() or src.suffix.lower() not in LOGO_TYPES:
        return None
    name = "logo" + src.suffix.lower()
    shutil.copyfile(src, admin / name)
    return name


def write_admin(site_dir: Path, agency_dir: Path, *, repo: str | None = None, branch: str = "main",
                auth_url: str | None = None, info: dict | None = None, years: list[int] | None = None,
                bundle: bool = True) -> Path:
    """Write ``<site_dir>/admin/`` (index.html, config.yml, the agency's logo and the Sveltia CMS
    bundle, patched by :func:`patch_bundle`).

    FindingsError (oit.cms-bundle) when ``bundle`` is wanted but ``npm ci`` has not installed
    @sveltia/cms: a site is never published silently without its /admin/. ``auth_url``
    defaults to $OITSITE_CMS_AUTH_URL (an OAuth proxy, see the editor's guide); ``info`` is
    agency.yaml as a dict (read from ``agency_dir`` when not given).
    """
    agency_dir = Path(agency_dir)
    dist = find_bundle(agency_dir) if bundle else None
    if bundle and dist is None:
        raise FindingsError([bundle_missing()])
    script = patch_bundle((dist / CMS_BUNDLE).read_text(encoding="utf-8")) if dist is not None else None
    auth_url = auth_url if auth_url is not None else (os.environ.get("OITSITE_CMS_AUTH_URL") or None)
    if info is None:
        from oitsite.model.agency import load_agency

        agency, _ = load_agency(agency_dir)
        info = agency.info if agency else {}
    title = info.get("name_th") or agency_dir.name
    config = cms_config(agency_dir, repo=repo or default_repo(agency_dir), branch=branch, auth_url=auth_url,
                        site_url=info.get("site_url"), title=title, years=years)
    admin = Path(site_dir) / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    logo = _copy_logo(agency_dir, info, admin)
    if logo:
        config = {**config, "logo": {"src": logo}}
    (admin / "config.yml").write_text(config_yaml(config), encoding="utf-8")
    (admin / "index.html").write_text(admin_index_html(title, admin_csp(auth_url)), encoding="utf-8")
    (admin / "oitsite-admin.css").write_text(ADMIN_CSS, encoding="utf-8")
    if dist is not None and script is not None:
        font = dist.parent.parent.parent / ICON_FONT_PACKAGE / "files" / ICON_FONT_FILE
        if not font.is_file():
            raise FindingsError([bundle_missing()])
        (admin / "fonts").mkdir(exist_ok=True)
        shutil.copyfile(font, admin / "fonts" / ICON_FONT_FILE)
        (admin / CMS_BUNDLE).write_text(script, encoding="utf-8")
        pkg = json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))
        (admin / CMS_VERSION_DIR).mkdir(exist_ok=True)
        (admin / CMS_VERSION_DIR / "package.json").write_text(
            json.dumps({"name": pkg.get("name"), "version": pkg.get("version")}) + "\n", encoding="utf-8")
        for chunk in sorted((dist / CMS_CHUNKS).glob("*.js")):  # lazily loaded; no source maps
            (admin / CMS_CHUNKS).mkdir(exist_ok=True)
            shutil.copyfile(chunk, admin / CMS_CHUNKS / chunk.name)
        licence = dist.parent / "LICENSE.txt"
        if licence.is_file():
            shutil.copyfile(licence, admin / "sveltia-cms.LICENSE.txt")
    return admin




