"""The cart-cookie drill's live check: an attacker's cookies sent to the assistant's load_cart and to your fix.

`run()` loads each cookie with a fresh copy of each version and reports what came back and whether loading it
made code run (the harmless marker of course.scenarios.cookie.house). Before a `%%fix cookie` cell has run in
this kernel, only the assistant's code is shown. Nothing here leaves the process.
"""
from __future__ import annotations

from pathlib import Path
import tempfile

import pandas as pd

from course import scenarios
from course.kits import race
from course.notebook import answer_store
from course.scenarios.cookie import house

SCENARIO = scenarios.get("cookie")
KEY = b"storefront-demo-key"
CART = {"items": [["lamp", 1, 2500]], "coupon": None}


def cookies(dump_cart=None) -> dict[str, str]:
    """The cookies sent, by what they are; the first made by `dump_cart` (the assistant's, by default)."""
    dump_cart = dump_cart or race.fresh_copy(SCENARIO.snippet_path()).dump_cart
    return {
        "the storefront's own cookie for a lamp (from this code's dump_cart)": dump_cart(CART, KEY),
        "an unsigned cart, the lamp at 1 cent": house.unsigned_cookie({"items": [["lamp", 1, 1]], "coupon": None}),
        "a pickle that calls a marker, unsigned": house.exploit_cookie("unsigned exploit"),
        "the same pickle, signed with the key (a leaked key)": house.exploit_cookie("signed exploit", KEY),
    }


def _versions(folder: Path) -> dict[str, Path]:
    versions = {"the assistant's code": SCENARIO.snippet_path()}
    source = answer_store.fix_source(SCENARIO.name)
    if source is not None:
        (folder / SCENARIO.snippet).write_text(source, encoding="utf-8")
        versions["your fix"] = folder / SCENARIO.snippet
    return versions


def run() -> pd.DataFrame:
    """One row per cookie and version: what load_cart gave back, and whether loading it ran code."""
    with tempfile.TemporaryDirectory(prefix="cookie-fix-") as tmp:
        return _run(Path(tmp))


def _run(folder: Path) -> pd.DataFrame:
    rows = []
    for version, path in _versions(folder).items():
        try:
            sent = cookies(race.fresh_copy(path).dump_cart)
        except Exception as exc:   # a broken fix shows its error instead of stopping the cell
            rows.append({"code": version, "cookie sent": "(none: dump_cart failed)",
                         "load_cart returned": f"{type(exc).__name__}: {exc}", "code ran on the server": "no"})
            continue
        for what, cookie in sent.items():
            house.reset()
            try:
                module = race.fresh_copy(path)
                result = repr(module.load_cart(cookie, KEY))
            except Exception as exc:   # a broken fix shows its error instead of stopping the cell
                result = f"{type(exc).__name__}: {exc}"
            rows.append({"code": version, "cookie sent": what, "load_cart returned": result,
                         "code ran on the server": "yes: " + ", ".join(house.marks()) if house.marks() else "no"})
    house.reset()
    return pd.DataFrame(rows)
