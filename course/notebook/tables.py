"""Tables a notebook cell shows with every cell's text whole: wrapped at spaces, never cut.

pandas' own display cuts each cell at `display.max_colwidth` (50 characters) with "...": a learner's failure
message, a race's `world.schedule` or a catalog entry would lose its end. A Styler shows the full text, escaped: a Styler puts cell text into its HTML as it is, so a message holding
"<A:BEGIN ...>" lost it as an unknown tag (and a learner's catalog entry could bring markup)."""
from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

_CELLS = {"white-space": "pre-wrap", "text-align": "left", "vertical-align": "top",
          "word-break": "normal", "overflow-wrap": "anywhere"}


def wrapped(table: pd.DataFrame, index: bool = True) -> Styler:
    """`table` as a Styler that shows every cell in full, wrapped and HTML-escaped; its data is still `.data`."""
    style = table.style.format(escape="html").format_index(escape="html", axis=0).format_index(
        escape="html", axis=1).set_properties(**_CELLS).set_table_styles(
        [{"selector": "th", "props": [("text-align", "left"), ("vertical-align", "top")]}])
    return style if index else style.hide(axis="index")
