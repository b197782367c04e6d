"""Module 07's live experiment: the assistant's search endpoint and download handler on a real loopback server.

`run(searches, downloads)` starts the standard library's HTTP server on 127.0.0.1 (a free port) with two
routes, sends every search text and every download path with urllib, stops the server, and returns what
came back, one row per request:

    GET /orders/search?q=<text>   as the customer of tenant "acme" (the gateway's X-Tenant header)
    GET /files/<path>             from acme's upload folder

It reports what it observed and nothing it was not asked: the HTTP status, a short view of the body,
how many orders in the answer belong to another tenant, and whether the body is a file from outside
acme's folder. Every run has a fresh database and a fresh folder tree; nothing leaves the machine.
`search_code="your fix"` serves the last `%%fix search` cell run in this kernel instead of the assistant's code, and
`download_code="your fix"` the last `%%fix download` cell (each endpoint keeps the assistant's code until there is one).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
import contextlib
import json
from pathlib import Path
import tempfile
from types import ModuleType
import urllib.parse

import pandas as pd

from course import scenarios
from course.kits import loopback, race
from course.notebook import answer_store
from course.scenarios.download import house as download_house
from course.scenarios.search import house
from course.kits.live import Prediction, current

SEARCH = scenarios.get("search")
DOWNLOAD = scenarios.get("download")
TENANT = "acme"
STARTER_SEARCHES = ("mug", "Blue", "O'Brien", "100%", "refill", "")
STARTER_DOWNLOADS = ("report.txt", "2024/q1.csv")
MAX_REQUESTS = 60   # a bounded experiment: the first 60 requests are sent
COLUMNS = ["endpoint", "you sent", "status", "came back", "another tenant's orders", "file from outside the folder"]


def _load(path: Path) -> ModuleType:
    return race.fresh_copy(path)


@contextlib.contextmanager
def _code_path(scenario: scenarios.Scenario, code: str) -> Iterator[Path]:
    """The file to serve for `scenario`: the learner's last %%fix cell for "your fix" (if any), else the snippet."""
    source = answer_store.fix_source(scenario.name) if code == "your fix" else None
    if source is None:
        yield scenario.snippet_path()
        return
    with tempfile.TemporaryDirectory(prefix=f"{scenario.name}-fix-") as tmp:
        path = Path(tmp) / scenario.snippet
        path.write_text(source, encoding="utf-8")
        yield path


def app_for(search_module: ModuleType, download_module: ModuleType, shop: house.Shop, site: download_house.Site):
    """The two routes, as loopback.serve wants them."""

    def app(method: str, path: str, query: dict, headers: dict) -> tuple[int, str, bytes]:
        if path == "/orders/search":
            tenant = headers.get("X-Tenant", "")
            try:
                found = shop._search_with(search_module.search_orders, tenant, query.get("q", ""),
                                         sort=query.get("sort", "newest"))
            except ValueError as exc:
                return 400, "text/plain", f"400 Bad Request: {exc}".encode()
            return 200, "application/json", json.dumps(found).encode()
        if path.startswith("/files/"):
            try:
                data = download_module.read_download(site.root, path[len("/files/"):])
            except FileNotFoundError:
                return 404, "text/plain", b"404 Not Found"
            return 200, "application/octet-stream", data
        return 404, "text/plain", b"404 Not Found"

    return app


def _short(body: bytes, width: int = 70) -> str:
    text = body.decode("utf-8", errors="replace").replace("\n", "\\n")
    return text if len(text) <= width else text[: width - 1] + "…"


def _search_row(base: str, text: str, shop: house.Shop) -> dict:
    status, body = loopback.get(f"{base}/orders/search?q={urllib.parse.quote(text, safe='')}",
                                headers={"X-Tenant": TENANT})
    others: int | str = ""
    if status == 200:
        try:
            found = json.loads(body)
            others = sum(1 for order in found if _tenant(shop, order) != TENANT)
            shown = ", ".join(f'{o.get("id")}: {o.get("product")}' for o in found) or "(no orders)"
        except (ValueError, TypeError, AttributeError):
            shown = _short(body)
    else:
        shown = _short(body)
    return {"endpoint": "search", "you sent": repr(text), "status": status, "came back": _short(shown.encode(), 90),
            "another tenant's orders": others, "file from outside the folder": ""}


def _tenant(shop: house.Shop, order) -> str:
    try:
        return shop.tenant_of(order.get("id"))
    except (KeyError, TypeError, AttributeError):
        return "?"


def _download_row(base: str, requested: str, site: download_house.Site) -> dict:
    status, body = loopback.get(f"{base}/files/{urllib.parse.quote(requested, safe='/')}")
    outside = "yes" if status == 200 and body in site.outside.values() else ("no" if status == 200 else "")
    return {"endpoint": "download", "you sent": repr(requested), "status": status, "came back": _short(body),
            "another tenant's orders": "", "file from outside the folder": outside}


def run(searches: Sequence[str] = STARTER_SEARCHES, downloads: Sequence[str] = STARTER_DOWNLOADS,
        search_code: str = "the assistant's code", download_code: str = "the assistant's code") -> pd.DataFrame:
    """Send every search text and download path to the live server; one row per request."""
    searches = [str(s) for s in searches][:MAX_REQUESTS]
    downloads = [str(d) for d in downloads][: max(0, MAX_REQUESTS - len(searches))]
    shop, site = house.Shop(), download_house.Site()
    try:
        with _code_path(SEARCH, search_code) as search_path, _code_path(DOWNLOAD, download_code) as download_path:
            app = app_for(_load(search_path), _load(download_path), shop, site)
            with loopback.serve(app) as base:
                rows = [_search_row(base, text, shop) for text in searches]
                rows += [_download_row(base, path, site) for path in downloads]
    finally:
        site.close()
    return pd.DataFrame(rows, columns=COLUMNS)


def outside_paths() -> dict[str, str]:
    """Where the files outside acme's folder sit, relative to it (the same on every run)."""
    site = download_house.Site()
    try:
        return {Path(p).name: site.relative_to_root(p) for p in site.outside}
    finally:
        site.close()


def widget(prediction: Prediction = None):
    """Type search texts and download paths (one per line), pick the code, press Send: a fresh server each time."""
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    layout = widgets.Layout(width="46%", height="11em")
    searches = widgets.Textarea("\n".join(STARTER_SEARCHES[:-1]), description="searches", layout=layout)
    downloads = widgets.Textarea("\n".join(STARTER_DOWNLOADS), description="downloads", layout=layout)
    code = widgets.Dropdown(options=["the assistant's code", "your fix"], description="code")
    empty = widgets.Checkbox(True, description="and the empty search", indent=False)
    send = widgets.Button(description="Send", button_style="primary", icon="paper-plane")
    out = widgets.Output()

    def show(_=None) -> None:
        out.clear_output()
        with out:
            if code.value == "your fix":
                for scenario in (SEARCH, DOWNLOAD):
                    if answer_store.fix_source(scenario.name) is None:
                        display(Markdown(f"No {scenario.name} fix yet: run your `%%fix {scenario.name}` cell first. "
                                         f"Serving the assistant's {scenario.snippet}."))
            texts = [t for t in searches.value.split("\n") if t.strip()] + ([""] if empty.value else [])
            paths = [p for p in downloads.value.split("\n") if p.strip()]
            table = run(texts, paths, code.value, code.value)
            display(table.style.hide(axis="index").set_properties(**{"text-align": "left", "white-space": "pre-wrap"}))
            guess = "" if (now := current(prediction)) is None else f" Your prediction for the six ordinary searches was {now:g}."
            display(Markdown(f"{len(table)} requests to a server on 127.0.0.1, started for this run and stopped after "
                             f"it.{guess}"))

    send.on_click(show)
    display(widgets.VBox([widgets.HBox([searches, downloads]), widgets.HBox([code, empty, send]), out]))
    show()


def _findings_of(exercise_id: str) -> list[dict] | None:
    import ast
    from course.answers import answer_body

    cell = answer_store.recall(exercise_id)
    if not cell:
        return None
    try:
        value = ast.literal_eval(answer_body(cell).strip() or "None")
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if isinstance(value, list) else None


def second_opinion(*names: str) -> None:
    """Bandit on these scenarios' snippets, beside the findings you ran for each (after your findings step)."""
    from IPython.display import Markdown, display

    from course.kits import scanner

    chosen = [scenarios.get(name) for name in names]
    try:
        table = scanner.bandit_findings([s.snippet_path() for s in chosen])
    except scanner.ScannerUnavailable as exc:
        display(Markdown(f"**Bandit could not run here:** {exc}"))
        return
    for scenario in chosen:
        mine = _findings_of(f"{scenario.name}_findings")
        count = int((table["file"] == scenario.snippet).sum())
        note = "" if mine is not None or not count else " (no findings of yours for this file in this kernel to set beside them)"
        display(Markdown(f"**{scenario.snippet}**: Bandit reported {count} issue(s){note}."))
        if count or mine:
            display(scanner.beside(mine, table, scenario.snippet).style.hide(axis="index")
                    .set_properties(**{"text-align": "left", "white-space": "pre-wrap"}))
