"""The learner's review cheat sheet: their catalog grouped by the five review questions (the field report's third
practice, turned into something to keep beside the editor).

Each taxonomy category belongs to one review question (course.taxonomy), so every catalog entry lands under the
question that finds it. A category the learner has no entry for is filled from the course's own pattern list
(COURSE_PATTERNS), marked as the course's words, so the sheet covers every question from the first module on.
`write` makes an HTML page and a Markdown file beside the catalog; module 05 and the capstone call it through
`course.notebook.cheat_sheet()`. Nothing is written under NBGRADER_EXECUTION (the caller checks).
"""
from __future__ import annotations

from dataclasses import dataclass
import html
from pathlib import Path

import pandas as pd

from course.taxonomy import BY_ID, CATEGORIES, REVIEW_QUESTIONS

HTML_NAME, MARKDOWN_NAME = "review-cheat-sheet.html", "review-cheat-sheet.md"
OTHER = 0   # the sheet's section for entries whose category is not in the taxonomy


def _sections(sheet: dict[int, list[Entry]]) -> list[tuple[int, str]]:
    """(number, heading) of each section to print: the five questions, then OTHER if it has entries."""
    named = [(n, f"{n}. {q}") for n, q in REVIEW_QUESTIONS.items()]
    return named + ([(OTHER, "Other categories")] if sheet.get(OTHER) else [])

# The course's pattern list: one pattern and how to spot it per category, in the course's words.
COURSE_PATTERNS: dict[str, tuple[str, str]] = {
    "spec-misread": ("Does something reasonable that nobody asked for",
                     "Read the request and the spec line by line against the code: every rule it states, every "
                     "value it names. A filter written as `!= x` where the spec names what to keep lets the rest through."),
    "edge-case": ("The path nobody tested",
                  "List the empty, missing, zero, negative, boundary and duplicate inputs the spec allows, and walk "
                  "each through the code before reading its tests."),
    "race-condition": ("Check, then act on shared state",
                       "A read, a decision in Python, then a write of the same row or key with nothing held in "
                       "between: ask what happens if a second caller runs between the two."),
    "duplicate-delivery": ("A message processed twice",
                           "A handler of retried requests or at-least-once messages: what stops the second delivery "
                           "from charging, crediting or sending again? Look for an idempotency key checked atomically."),
    "error-handling": ("Every error means the same thing",
                       "An except clause or a status check that turns any failure into None, [] or a default: ask "
                       "which failures it covers, whether the caller can tell them apart, and what is left half done."),
    "missing-timeout": ("A call that can wait forever",
                        "Every network call, lock acquire and queue get: where is its timeout, and what does the "
                        "caller do when it fires?"),
    "retry-storm": ("Retries that multiply the load",
                    "A retry loop: is it capped, does it back off with jitter, does it retry only what is worth "
                    "retrying, and does another layer retry too?"),
    "resource-leak": ("Acquired, then not released on the error path",
                      "A connection, file, lock or pool slot taken without `with` or `finally`; a queue or cache "
                      "with no bound."),
    "n-plus-one": ("One query or call per item",
                   "A query or remote call inside a loop over results: count the calls at n and 2n; one batched "
                   "call or a join does it."),
    "quadratic": ("Work that grows with the square of the input",
                  "A scan inside a loop (`in` on a list, `.index`, a nested loop, repeated sorting): count the "
                  "operations at n, 2n and 4n."),
    "unbounded-load": ("Load everything, then filter",
                       "A whole table or response read into memory and filtered in Python: push the filter and the "
                       "limit into the query."),
    "pattern-drift": ("Re-implements a helper the codebase already has",
                      "Raw SQL, a retry loop, money arithmetic or an error dict in a handler: find the layer that "
                      "already does it and ask which of its rules the copy forgot."),
    "hidden-state": ("An input nobody passes, different for every caller",
                     "List what the function reads besides its arguments (caches, globals, context variables, the "
                     "clock, the time zone) and what it changes besides its result; walk each caller through it."),
    "injection": ("Input that becomes code",
                  "Follow every value a stranger chose to where it is used: SQL text, a shell string, a path, a "
                  "loader. It must arrive as data: a parameter, an argument list, a resolved and checked path."),
    "vacuous-test": ("A test that cannot fail",
                     "For each assertion ask which wrong implementation would fail it; a test that asserts nothing, "
                     "or asserts what the code happens to do, catches nothing."),
}


@dataclass(frozen=True)
class Entry:
    """One line of the sheet: a learner's catalog entry, or the course's pattern for a category they have none of."""
    category: str
    pattern: str
    how_to_spot: str
    example: str = ""
    module: str = ""
    yours: bool = True
    practised: "Practised | None" = None


@dataclass(frozen=True)
class Practised:
    """How the learner did on a category in the daily practice (course.practice): answers and the share right."""
    answered: int
    accuracy: float


@dataclass(frozen=True)
class CheatSheet:
    """The two files `write` made, and how many entries were the learner's and how many the course's."""
    html: Path
    markdown: Path
    yours: int
    from_course: int


def practice_by_category(path: Path | None = None) -> dict[str, Practised]:
    """{category: how the learner did} from their practice record (none yet: {}). Never creates the record."""
    from course.practice.record import Record, record_path
    from course.practice.stats import category_table

    path = path or record_path()
    if not path.exists():
        return {}
    with Record(path) as record:
        table = category_table(record.attempts())
    return {row["category"]: Practised(int(row["answered"]), float(row["accuracy"]))
            for row in table.to_dict("records")}


def weakest(practice: dict[str, Practised], count: int = 3) -> list[str]:
    """The categories the learner gets wrong most often in practice, weakest first (ties: more answers first)."""
    return [c for c, _ in sorted(practice.items(), key=lambda kv: (kv[1].accuracy, -kv[1].answered, kv[0]))][:count]


def _weakest_first(entries: list[Entry]) -> list[Entry]:
    """Entries of practised categories by accuracy, lowest first, then the rest in their order (a stable sort)."""
    return sorted(entries, key=lambda e: e.practised.accuracy if e.practised else 2.0)


def group(table: pd.DataFrame, practice: dict[str, Practised] | None = None) -> dict[int, list[Entry]]:
    """{review question: its entries}: the learner's (catalog order), then the course's for each category of
    that question the learner has none of; with the learner's practice record, the weakest categories first in
    each question. An entry whose category is not the taxonomy's (a hand-edited file) goes under OTHER, so none of
    the learner's words is dropped."""
    practice = practice or {}
    sheet: dict[int, list[Entry]] = {number: [] for number in (*REVIEW_QUESTIONS, OTHER)}
    covered: set[str] = set()
    for row in table.to_dict("records"):
        known = BY_ID.get(row["category"])
        if known is None:
            sheet[OTHER].append(Entry(row["category"], row["pattern"], row["how_to_spot"], row["example"], row["module"]))
            continue
        covered.add(known.id)
        sheet[known.question].append(Entry(known.id, row["pattern"], row["how_to_spot"], row["example"], row["module"],
                                           practised=practice.get(known.id)))
    for category in CATEGORIES:
        if category.id not in covered:
            pattern, how = COURSE_PATTERNS[category.id]
            sheet[category.question].append(Entry(category.id, pattern, how, yours=False,
                                                  practised=practice.get(category.id)))
    return {number: _weakest_first(entries) for number, entries in sheet.items()}


def _practice_note(e: Entry) -> str:
    return f"practice: {e.practised.accuracy:.0%} right of {e.practised.answered}" if e.practised else ""


def _weakest_line(practice: dict[str, Practised]) -> str:
    names = weakest(practice)
    if not names:
        return "No daily practice yet: once you practise, your weakest categories come first in each question."
    return "Your weakest categories in the daily practice, first in their questions: " + ", ".join(
        f"{name} ({practice[name].accuracy:.0%} right)" for name in names) + "."


def to_markdown(sheet: dict[int, list[Entry]], title: str, practice: dict[str, Practised] | None = None) -> str:
    lines = [f"# {title}", "", "Your catalog, grouped by the review question that finds each pattern. "
             "Entries marked *(course)* are the course's own, for categories you have not added yet.", "",
             _weakest_line(practice or {}), ""]
    for number, heading in _sections(sheet):
        lines += [f"## {heading}", ""]
        for e in sheet[number]:
            source = f" ({e.module})" if e.yours and e.module else ("" if e.yours else " *(course)*")
            note = f" · {_practice_note(e)}" if e.practised else ""
            lines.append(f"- **{_md(e.pattern)}**{source} · `{e.category}`{note}  ")
            lines.append(f"  {_md(e.how_to_spot)}" + (f"  \n  *Example:* {_md(e.example)}" if e.example else ""))
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    """One entry's text on its Markdown lines: its own line breaks kept as breaks, nothing read as a heading."""
    return "  \n  ".join(line.strip() for line in str(text).splitlines() if line.strip())


_CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}
h2{margin-top:2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
li{margin:.6rem 0;list-style:none}.spot{white-space:pre-wrap}.meta{color:#666;font-size:90%}
.course{color:#555}.course .tag{background:#eee;border-radius:3px;padding:0 .3rem;font-size:85%}
code{background:#f4f4f4;padding:0 .2rem}"""


def to_html(sheet: dict[int, list[Entry]], title: str, practice: dict[str, Practised] | None = None) -> str:
    esc = html.escape
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>"
             f"<style>{_CSS}</style></head><body><h1>{esc(title)}</h1>",
             "<p>Your catalog, grouped by the review question that finds each pattern. Entries marked "
             "<span class='tag'>course</span> are the course's own, for categories you have not added yet.</p>",
             f"<p>{esc(_weakest_line(practice or {}))}</p>"]
    for number, heading in _sections(sheet):
        parts.append(f"<h2 id='question-{number}'>{esc(heading)}</h2><ul>")
        for e in sheet[number]:
            tag = f" <span class='tag'>course</span>" if not e.yours else ""
            where = (f" · {esc(e.module)}" if e.module else "") + (f" · {esc(_practice_note(e))}" if e.practised else "")
            example = f"<div class='spot'><i>Example:</i> {esc(e.example)}</div>" if e.example else ""
            parts.append(f"<li class='{'yours' if e.yours else 'course'}'><b>{esc(e.pattern)}</b>{tag}"
                         f"<div class='meta'><code>{esc(e.category)}</code>{where}</div>"
                         f"<div class='spot'>{esc(e.how_to_spot)}</div>{example}</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write(table: pd.DataFrame, out_dir: Path, title: str = "Review cheat sheet",
          practice: dict[str, Practised] | None = None) -> CheatSheet:
    """Write the cheat sheet of `table` (a catalog, as course.notebook.catalog.load() gives it) into out_dir, the
    weakest categories of `practice` (practice_by_category()) first in each question."""
    sheet = group(table, practice)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, md_path = out_dir / HTML_NAME, out_dir / MARKDOWN_NAME
    html_path.write_text(to_html(sheet, title, practice), encoding="utf-8")
    md_path.write_text(to_markdown(sheet, title, practice), encoding="utf-8")
    entries = [e for entries in sheet.values() for e in entries]
    return CheatSheet(html_path, md_path, sum(e.yours for e in entries), sum(not e.yours for e in entries))
