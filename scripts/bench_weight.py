#!/usr/bin/env python3
"""Page weight and first paint of an O-item page in a real Chromium: oitsite's pages vs the stock theme.

    python scripts/bench_weight.py [--page oit/2567/o16.html] [--year 2567] [--runs 3]
                                   [--site DIR] [--stock DIR] [--json]

Builds the demo agency twice (unless --site/--stock give built sites): as published (oitsite.site.frontend
and oitsite.site.search) and with the unmodified sphinx-book-theme (OITSITE_FRONTEND=stock). Each site
is served over HTTP with gzip, like GitHub Pages. For the page's first view in a fresh browser
(phone viewport, empty cache) the Chrome DevTools Protocol counts every response's bytes on the
wire (Network.loadingFinished encodedDataLength: gzipped bodies plus headers); the Thai webfont
must have loaded. First contentful paint is then measured under DevTools' "Slow 3G" network
preset (2 s latency, 50 kB/s); median of --runs.

Lighthouse-style figures for the home page, a year's OIT index and O16 (``--vitals-pages``): FCP,
LCP (largest contentful paint) under slow 3G plus 4× CPU throttling (Emulation.setCPUThrottlingRate,
a mid-range phone), and CLS (cumulative layout shift, session-windowed as Chrome reports it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import browserkit  # noqa: E402

BUDGET_KB = 150


def build_site(out: Path, year: int, stock: bool) -> Path:
    env = dict(os.environ)
    if stock:
        env["OITSITE_FRONTEND"] = "stock"
    else:
        env.pop("OITSITE_FRONTEND", None)
    cmd = [sys.executable, "-m", "oitsite", "build", str(ROOT / "agencies" / "demo"), "--out", str(out), "--year", str(year)]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return out


def first_view(browser, url: str) -> dict:
    """Bytes transferred for ``url``'s first view (fresh context) and what was fetched."""
    ctx = browser.new_context(viewport={"width": 412, "height": 915}, device_scale_factor=1, is_mobile=True,
                              has_touch=True)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    reqs: dict[str, dict] = {}
    cdp.on("Network.responseReceived", lambda e: reqs.setdefault(e["requestId"], {}).update(
        url=e["response"]["url"], type=e["type"], mime=e["response"].get("mimeType", "")))
    cdp.on("Network.loadingFinished", lambda e: reqs.setdefault(e["requestId"], {}).update(bytes=e["encodedDataLength"]))
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    thai_font = page.evaluate("""() => [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Sarabun'
                                   && f.status === 'loaded' && f.unicodeRange.includes('E01'))""")
    ctx.close()
    rows = [r for r in reqs.values() if "bytes" in r and r.get("url", "").startswith("http")]
    by_type: dict[str, int] = {}
    for r in rows:
        by_type[r["type"]] = by_type.get(r["type"], 0) + r["bytes"]
    return {"bytes": sum(r["bytes"] for r in rows), "requests": len(rows), "by_type": by_type, "thai_font": thai_font,
            "files": sorted((r["url"].split("/", 3)[-1], r["bytes"]) for r in rows)}


def fcp_slow3g(browser, url: str) -> float:
    ctx = browser.new_context(viewport={"width": 412, "height": 915}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", browserkit.SLOW_3G)
    page.goto(url, wait_until="load", timeout=180_000)
    fcp = page.evaluate("""() => new Promise(res => {
        const e = performance.getEntriesByName('first-contentful-paint')[0];
        if (e) return res(e.startTime);
        new PerformanceObserver(l => res(l.getEntries()[0].startTime)).observe({type: 'paint', buffered: true});
    })""")
    ctx.close()
    return float(fcp)


#: Lighthouse's mobile preset slows the CPU 4×
CPU_SLOWDOWN = 4

_VITALS = """() => new Promise(resolve => {
  const out = {fcp: null, lcp: null, cls: 0};
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  if (fcp) out.fcp = fcp.startTime;
  new PerformanceObserver(l => { for (const e of l.getEntries()) out.lcp = e.startTime; })
    .observe({type: 'largest-contentful-paint', buffered: true});
  let win = 0, winStart = 0, last = 0;
  new PerformanceObserver(l => {
    for (const e of l.getEntries()) {
      if (e.hadRecentInput) continue;
      if (win && (e.startTime - last > 1000 || e.startTime - winStart > 5000)) { win = 0; }
      if (!win) winStart = e.startTime;
      win += e.value; last = e.startTime; out.cls = Math.max(out.cls, win);
    }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(out), 1500);
})"""


def vitals(browser, url: str) -> dict:
    """FCP and LCP (ms) under slow 3G and a 4× slower CPU, and CLS, for one fresh page view."""
    ctx = browser.new_context(viewport={"width": 412, "height": 915}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", browserkit.SLOW_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="load", timeout=240_000)
    page.wait_for_load_state("networkidle", timeout=240_000)
    got = page.evaluate(_VITALS)
    ctx.close()
    return {k: float(v) if v is not None else None for k, v in got.items()}


def measure_vitals(site: Path, pages: list[str], runs: int) -> dict[str, dict]:
    """Median FCP/LCP/CLS of ``runs`` views of each page."""
    out = {}
    with browserkit.serve(site) as base, browserkit.browser() as b:
        for page in pages:
            views = [vitals(b, base + page) for _ in range(runs)]
            out[page] = {k: statistics.median(v[k] for v in views if v[k] is not None) if any(v[k] is not None for v in views)
                         else None for k in ("fcp", "lcp", "cls")}
    return out


def measure(site: Path, page: str, runs: int) -> dict:
    with browserkit.serve(site) as base, browserkit.browser() as b:
        fv = first_view(b, base + page)
        fcps = [fcp_slow3g(b, base + page) for _ in range(runs)]
    fv["fcp_ms"] = statistics.median(fcps)
    fv["fcp_runs"] = fcps
    return fv


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--page", default="oit/2567/o16.html")
    ap.add_argument("--year", type=int, default=2567)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--site", type=Path, help="an oitsite build (default: build the demo)")
    ap.add_argument("--stock", type=Path, help="a stock-theme build (default: build the demo with OITSITE_FRONTEND=stock)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--vitals-pages", default="index.html,oit/{year}/index.html,oit/{year}/o16.html",
                    help="pages for FCP/LCP/CLS (comma-separated; empty: none)")
    args = ap.parse_args()
    if not browserkit.chromium_available():
        print(f"ไม่พบ Chromium ที่ {browserkit.CHROMIUM} — ติดตั้งด้วย apt-get install chromium", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="oitsite-weight-"))
    t0 = time.perf_counter()
    site = args.site or build_site(tmp / "site", args.year, stock=False)
    stock = args.stock or build_site(tmp / "stock", args.year, stock=True)
    built = time.perf_counter() - t0
    ours, theirs = measure(site, args.page, args.runs), measure(stock, args.page, args.runs)
    vpages = [p.format(year=args.year) for p in args.vitals_pages.split(",") if p.strip()]
    our_vitals = measure_vitals(site, vpages, args.runs) if vpages else {}
    stock_vitals = measure_vitals(stock, vpages, args.runs) if vpages else {}
    if args.json:
        print(json.dumps({"page": args.page, "oitsite": ours, "stock": theirs,
                          "vitals": {"oitsite": our_vitals, "stock": stock_vitals}}, indent=2))
    else:
        print(f"{args.page} — first view, phone viewport, empty cache (builds {built:.0f} s)")
        print(f"{'':28}{'stock theme':>14}{'oitsite':>14}")
        print(f"{'transferred (gzip), KB':28}{theirs['bytes'] / 1024:>14.1f}{ours['bytes'] / 1024:>14.1f}")
        print(f"{'requests':28}{theirs['requests']:>14}{ours['requests']:>14}")
        for t in sorted(set(ours["by_type"]) | set(theirs["by_type"])):
            print(f"{'  ' + t + ', KB':28}{theirs['by_type'].get(t, 0) / 1024:>14.1f}{ours['by_type'].get(t, 0) / 1024:>14.1f}")
        print(f"{'Thai webfont loaded':28}{str(theirs['thai_font']):>14}{str(ours['thai_font']):>14}")
        print(f"{'FCP slow 3G, ms (median)':28}{theirs['fcp_ms']:>14.0f}{ours['fcp_ms']:>14.0f}")
        print(f"budget {BUDGET_KB} KB: {'OK' if ours['bytes'] <= BUDGET_KB * 1024 else 'OVER'}")
        if vpages:
            print(f"slow 3G + {CPU_SLOWDOWN}× CPU, median of {args.runs}: FCP / LCP ms, CLS")
            print(f"{'':28}{'stock theme':>22}{'oitsite':>22}")
            for p in vpages:
                def fmt(v: dict) -> str:
                    return f"{v['fcp'] or 0:.0f} / {v['lcp'] or 0:.0f} / {v['cls'] or 0:.3f}"
                print(f"{p:28}{fmt(stock_vitals[p]):>22}{fmt(our_vitals[p]):>22}")
        print("oitsite files:")
        for name, n in ours["files"]:
            print(f"  {n / 1024:7.1f} KB  {name}")
    return 0 if ours["bytes"] <= BUDGET_KB * 1024 and ours["thai_font"] else 1


if __name__ == "__main__":
    sys.exit(main())
