"""The live preview behind ``oitsite serve``: a local web server over a built site that rebuilds on
every save and reloads the browser by itself.

* Each rebuild is the real ``oitsite build`` (oitsite.site.build.build, into a private folder), so
  what the preview shows is what will be published: QR codes, charts, attachments and /admin/
  are written as in a real build (under plain sphinx-autobuild they were not: the QR image was
  broken).
* When the agency's data has errors (the same check as ``oitsite check --allow-incomplete``),
  every page is replaced by a Thai finding page (file:line, what is wrong, how to fix it) until
  the data is fixed; the real pages come back with the next good build.
* The browser reloads through a WebSocket opened by ``/_oitsite/reload.js``, a script served by
  the preview itself: the pages' Content-Security-Policy allows scripts from the site only, so
  the inline script sphinx-autobuild injects would be blocked.

The rebuild itself (and what it prints) is given by the caller (oitsite.cli.serve); it runs in a
child process, one rebuild at a time. State between the processes is files in ``state_dir``.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import logging
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from oitsite.findings import Finding, counts

#: The finding page shown instead of every page while the data has errors (written by the rebuild).
OVERLAY_FILE = "findings.html"
RELOAD_PATH = "/_oitsite/reload.js"
SOCKET_PATH = "/_oitsite/socket"
RELOAD_JS = """(function () {
  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "SOCKET");
    ws.onmessage = function () { location.reload(); };
    ws.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
""".replace("SOCKET", SOCKET_PATH)
RELOAD_TAG = f'<script src="{RELOAD_PATH}"></script>'.encode()
OVERLAY_CSP = "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:"


def findings_page(findings: list[Finding], agency_name: str, when: str = "") -> str:
    """The Thai finding page: each error with its file:line, message and fix."""
    n = counts(findings)
    rows = []
    for f in findings:
        where = f.where or f.cell or ""
        extra = f.cell if f.where and f.cell else ""
        items = ("ข้อ " + ", ".join(f.items)) if f.items else ""
        place = " · ".join(x for x in (where, extra, items) if x) or "ทั้งเว็บไซต์"
        fix = f'<p class="fix">วิธีแก้: {html.escape(f.fix_th)}</p>' if f.fix_th else ""
        rows.append(f'<li class="{html.escape(f.severity or "error")}"><p class="where">{html.escape(place)}</p>'
                    f'<p class="msg">{html.escape(f.message_th)}</p>{fix}'
                    f'<p class="code">{html.escape(f.code.value)}</p></li>')
    return f"""<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{OVERLAY_CSP}">
<title>พบข้อผิดพลาด {n['error']} รายการ — {html.escape(agency_name)}</title>
<style>
body {{ font-family: Sarabun, "Noto Sans Thai", Tahoma, sans-serif; margin: 0; background: #fff7f5; color: #1f1f1f; }}
header {{ background: #b3261e; color: #fff; padding: 1rem 1.25rem; }}
header h1 {{ margin: 0; font-size: 1.35rem; }}
header p {{ margin: .35rem 0 0; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }}
ol {{ padding-left: 1.5rem; }}
li {{ background: #fff; border: 1px solid #e8c4c0; border-left: 6px solid #b3261e; border-radius: 6px;
     margin: 0 0 .9rem; padding: .6rem .9rem; }}
li.warning {{ border-left-color: #b26a00; }}
.where {{ font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: bold; margin: 0 0 .3rem; }}
.msg {{ margin: 0 0 .3rem; font-size: 1.05rem; }}
.fix {{ margin: 0 0 .3rem; color: #0b5d1e; }}
.code {{ margin: 0; color: #666; font-size: .85rem; }}
</style>
</head>
<body>
<header role="alert">
<h1>ยังแสดงหน้าเว็บไม่ได้: พบข้อผิดพลาด {n['error']} รายการ</h1>
<p>{html.escape(agency_name)} · แก้ไขไฟล์ตามรายการด้านล่างแล้วบันทึก หน้านี้จะเปลี่ยนเป็นหน้าเว็บจริงเองเมื่อแก้ครบ{html.escape(when)}</p>
</header>
<main id="oitsite-findings">
<ol>
{chr(10).join(rows)}
</ol>
</main>
</body>
</html>
"""


class _Reloads:
    """Tells every open page to reload once a rebuild has finished."""

    def __init__(self) -> None:
        self.generation = 0
        self.changed = asyncio.Condition()

    async def bump(self) -> None:
        async with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def _newer(self, seen: int) -> bool:
        return self.generation != seen

    async def socket(self, ws: Any) -> None:
        await ws.accept()
        seen = self.generation

        async def wait_reload() -> None:
            nonlocal seen
            while True:
                async with self.changed:
                    await self.changed.wait_for(functools.partial(self._newer, seen))
                    seen = self.generation
                await ws.send_text("reload")

        async def wait_close() -> None:
            async for _ in ws.iter_text():
                pass

        tasks = [asyncio.create_task(wait_reload()), asyncio.create_task(wait_close())]
        _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for t in pending:
            t.cancel()


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


def preview_app(site_dir: Path, state_dir: Path, watch: Sequence[Path], rebuild: Callable[..., Any]) -> Any:
    """The ASGI app: the built site (or the finding page), the reload script and socket, and a
    watcher that calls ``rebuild(changed=[paths])`` in a child process on every change."""
    import watchfiles
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Mount, Route, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # no English "1 change detected"
    reloads = _Reloads()
    overlay = Path(state_dir) / OVERLAY_FILE
    static = StaticFiles(directory=site_dir, html=True, check_dir=False)

    async def reload_js(request: Any) -> Response:
        return Response(RELOAD_JS, media_type="text/javascript", headers={"Cache-Control": "no-store"})

    async def site(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and _is_page(scope["path"]) and overlay.is_file():
            body = overlay.read_bytes().replace(b"</body>", RELOAD_TAG + b"\n</body>", 1)
            await HTMLResponse(body, headers={"Cache-Control": "no-store"})(scope, receive, send)
            return
        add = False

        async def send_wrapper(message: dict) -> None:
            nonlocal add
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                add = headers.get(b"content-type", b"").startswith(b"text/html")
                if add:
                    message["headers"] = [(k, v) for k, v in message["headers"]
                                          if k not in (b"content-length", b"etag", b"last-modified")]
                    message["headers"].append((b"cache-control", b"no-store"))
            elif message["type"] == "http.response.body" and add:
                if message.get("more_body"):
                    raise RuntimeError("streamed HTML")  # StaticFiles sends a file in one piece
                body = message.get("body", b"")
                message["body"] = body.replace(b"</body>", RELOAD_TAG + b"\n</body>", 1) if b"</body>" in body \
                    else body + RELOAD_TAG
            await send(message)

        await static(scope, receive, send_wrapper)

    async def watcher() -> None:
        ctx = multiprocessing.get_context("fork")
        async for changes in watchfiles.awatch(*watch):
            changed = sorted({Path(p) for _, p in changes})
            with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool, \
                    contextlib.suppress(Exception):  # the rebuild reports its own problems
                await asyncio.wrap_future(pool.submit(rebuild, changed=changed))
            await reloads.bump()

    async def lifespan(app: Any):
        task = asyncio.create_task(watcher())
        try:
            yield
        finally:
            task.cancel()

    return Starlette(routes=[Route(RELOAD_PATH, reload_js), WebSocketRoute(SOCKET_PATH, reloads.socket),
                             Mount("/", app=site)], lifespan=contextlib.asynccontextmanager(lifespan))
