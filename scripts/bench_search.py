#!/usr/bin/env python3
"""Thai search quality: recall@10 and top-1 on tests/search_queries.yaml for three engines on the demo site.

    python scripts/bench_search.py [--site DIR] [--stock DIR] [--engines ours,sphinx,pagefind] [--verbose]

* ours     — oitsite's search (oitsite/search.py + _static/oitsite-search.js) on search.html?q=…
* sphinx   — Sphinx's built-in search, on the stock sphinx-book-theme build (OITSITE_FRONTEND=stock)
* pagefind — Pagefind (npm ``pagefind``, node_modules) indexing a copy of the stock build, queried
             with its JavaScript API; indexing restricted to the article (``--root-selector main``)

Every engine runs in Debian's Chromium (Playwright), each query typed as a citizen would. Sites are
built (all years of the demo agency) unless --site/--stock give existing builds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import browserkit  # noqa: E402

QUERIES = ROOT / "tests" / "search_queries.yaml"
TARGET_RECALL, TARGET_TOP1 = 0.95, 0.8


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def page_key(url: str, base: str = "") -> str:
    """Any result URL → the site path without .html (``oit/2567/o16``)."""
    path = urlsplit(url).path if "://" in url else url.split("?", 1)[0].split("#", 1)[0]
    if base:
        path = path.removeprefix(urlsplit(base).path)
    path = path.lstrip("/")
    if path.endswith("/") or not path:
        path += "index"  # Pagefind drops index.html
    return path.removesuffix(".html")


def score(queries: list[dict], results: list[list[str]], k: int = 10) -> dict:
    """Mean recall@k and top-1 over the queries; per-query detail."""
    rows = []
    for q, got in zip(queries, results):
        expect = set(q["expect"])
        top = []
        for g in got:
            if g not in top:
                top.append(g)
        top = top[:k]
        recall = len(expect & set(top)) / len(expect)
        rows.append({"q": q["q"], "kind": q.get("kind", ""), "recall": recall, "top1": bool(top) and top[0] in expect,
                     "got": top})
    n = max(1, len(rows))
    return {"recall": sum(r["recall"] for r in rows) / n, "top1": sum(r["top1"] for r in rows) / n, "rows": rows}


# -- engines: each takes a Playwright page and the site's base URL, returns result keys per query --


def run_ours(page, base: str, queries: list[dict]) -> list[list[str]]:
    out = []
    for q in queries:
        page.goto(base + "search.html?q=" + quote(q["q"]))
        page.wait_for_selector("#search-results[data-ready]", state="attached", timeout=30_000)
        hrefs = page.eval_on_selector_all("#search-results a", "as => as.map(a => a.href)")
        out.append([page_key(h, base) for h in hrefs])
    return out


def run_sphinx(page, base: str, queries: list[dict]) -> list[list[str]]:
    out = []
    for q in queries:
        page.goto(base + "search.html?q=" + quote(q["q"]))
        # Sphinx's searchtools writes its status line ("Search finished, found N pages…") at the end
        page.wait_for_function("""() => {
            const s = document.querySelector('#search-results .search-summary');
            return s && /finished|did not match/i.test(s.textContent);
        }""", timeout=60_000)
        page.wait_for_timeout(300)  # results are appended one by one after the status
        hrefs = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
        out.append([page_key(h, base) for h in hrefs])
    return out


def pagefind_index(site: Path) -> Path:
    """A copy of ``site`` with a Pagefind index (and a blank page without CSP to query it from)."""
    copy = Path(tempfile.mkdtemp(prefix="oitsite-pagefind-")) / "site"
    shutil.copytree(site, copy)
    exe = ROOT / "node_modules" / ".bin" / "pagefind"
    subprocess.run([str(exe), "--site", str(copy), "--root-selector", "main", "--silent"], check=True)
    (copy / "pagefind" / "bench.html").write_text("<!DOCTYPE html><html lang=\"th\"><meta charset=\"utf-8\"><title>pf</title></html>",
                                                 encoding="utf-8")
    return copy


def run_pagefind(page, base: str, queries: list[dict]) -> list[list[str]]:
    page.goto(base + "pagefind/bench.html")
    page.evaluate("async () => { window.pf = await import('/pagefind/pagefind.js'); await window.pf.init(); }")
    out = []
    for q in queries:
        urls = page.evaluate("""async (q) => {
            const r = await window.pf.search(q);
            const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
            return data.map(d => d.url);
        }""", q["q"])
        out.append([page_key(u) for u in urls])
    return out


def build_site(out: Path, stock: bool) -> Path:
    env = dict(os.environ)
    env.pop("OITSITE_FRONTEND", None)
    if stock:
        env["OITSITE_FRONTEND"] = "stock"
    subprocess.run([sys.executable, "-m", "oitsite", "build", str(ROOT / "agencies" / "demo"), "--out", str(out)],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return out


def evaluate(engine: str, site: Path, queries: list[dict]) -> dict:
    runner = {"ours": run_ours, "sphinx": run_sphinx, "pagefind": run_pagefind}[engine]
    with browserkit.serve(site) as base, browserkit.browser() as b:
        page = b.new_page()
        t0 = time.perf_counter()
        res = runner(page, base, queries)
        took = time.perf_counter() - t0
    s = score(queries, res)
    s["seconds"] = took
    return s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", type=Path)
    ap.add_argument("--stock", type=Path)
    ap.add_argument("--engines", default="ours,sphinx,pagefind")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    if not browserkit.chromium_available():
        print(f"ไม่พบ Chromium ที่ {browserkit.CHROMIUM}", file=sys.stderr)
        return 2
    queries = load_queries()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="oitsite-search-"))
    site = args.site or (build_site(tmp / "site", stock=False) if "ours" in engines else None)
    stock = args.stock or (build_site(tmp / "stock", stock=True) if {"sphinx", "pagefind"} & set(engines) else None)
    results = {}
    for e in engines:
        target = site if e == "ours" else stock
        if e == "pagefind":
            target = pagefind_index(stock)
        results[e] = evaluate(e, target, queries)
    print(f"{len(queries)} Thai queries (tests/search_queries.yaml), demo site, Chromium")
    print(f"{'engine':10}{'recall@10':>11}{'top-1':>8}{'seconds':>9}")
    for e, r in results.items():
        print(f"{e:10}{r['recall']:>11.3f}{r['top1']:>8.3f}{r['seconds']:>9.1f}")
    if args.verbose:
        for e, r in results.items():
            print(f"\n[{e}]")
            for row in r["rows"]:
                if row["recall"] < 1 or not row["top1"]:
                    print(f"  {row['kind']:8} {row['q']}: recall {row['recall']:.2f} top1 {row['top1']} got {row['got'][:5]}")
    ours = results.get("ours")
    if ours is not None:
        ok = ours["recall"] >= TARGET_RECALL and ours["top1"] >= TARGET_TOP1
        print(f"target recall@10 >= {TARGET_RECALL}, top-1 >= {TARGET_TOP1}: {'OK' if ok else 'NOT MET'}")
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
