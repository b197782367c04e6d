"""What an answer key says, as dataclasses. Keys live in grading/keys/<module>/<scenario>/key.py.

A key file defines `EXERCISES = [...]` with instances of the classes below. Paths in a key are
relative to the key file's folder. Exercise ids are the notebook's answer-cell grade ids
(`<scenario>_tests`, `<scenario>_findings`, `<scenario>_fix`); the grade cell that carries the
points is `<id>_score`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import importlib.util
from pathlib import Path
from typing import Union

from course.paths import module_keys_dir


@dataclass(frozen=True)
class Impl:
    """One implementation a learner's tests are run against, sitting at the scenario's import path."""
    path: str                    # file, relative to the key folder
    flaw: str | None = None      # None for a wheat; for a chaff, the id of its single seeded flaw
    note: str = ""               # for authors: what it looks like and why it is here
    # Shown to learners (course.judge.report), so written in the spec's words, never the implementation's code:
    rule: str = ""               # a chaff: the rule of the spec it violates (named when a test catches it)
    freedom: str = ""            # a wheat: the freedom of the spec it uses (named when a test fails on it)


@dataclass(frozen=True)
class TestsExercise:
    """Learner-written tests, graded by wheats (must pass) and chaffs (should fail)."""
    id: str
    scenario: str
    wheats: tuple[Impl, ...]
    chaffs: tuple[Impl, ...]
    flaw_titles: dict[str, str] = field(default_factory=dict)   # chaff flaw id -> what the flaw is (feedback)
    key_dir: Path = Path(".")
    # chaff flaw id -> taxonomy categories, for cohort analytics; a findings exercise keying the same flaw id
    # gives its categories instead (course.cohort.analytics)
    flaw_categories: dict[str, tuple[str, ...]] = field(default_factory=dict)

    kind = "tests"


@dataclass(frozen=True)
class Flaw:
    """One keyed flaw in the snippet, matched by line overlap and category."""
    id: str
    lines: tuple[int, int]                 # inclusive span of the flawed code
    categories: frozenset[str]             # any of these counts
    title: str                             # shown once missed flaws may be revealed
    tolerance: tuple[int, int] | None = None   # wider neutral span that still counts as overlap
    also: tuple[tuple[int, int], ...] = ()      # other places the same flaw stands (a pattern repeated):
                                                # a finding on any of them matches it, once
    file: str = ""                          # in a multi-file review: the file it is in (FindingsExercise.files)
    severity: str = ""                      # in a review: the key's severity (findings.SEVERITIES)

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """Every span of the flaw's own lines: `lines` first, then `also`."""
        return (self.lines, *self.also)


@dataclass(frozen=True)
class FindingsExercise:
    """A learner's list of flaws in the snippet."""
    id: str
    scenario: str
    flaws: tuple[Flaw, ...]
    decoys: tuple[tuple, ...] = ()   # correct code that looks suspicious: (first, last), or (file, first, last) in a review
    key_dir: Path = Path(".")
    # A review of a whole change (module 08): the files under review, each finding names one of them, and the
    # answer is {"verdict": ..., "findings": [...]}, scored as TPR - FPR plus severity and verdict
    # (course.judge.findings.score_review). Empty: a single snippet, scored by recall and false alarms.
    files: tuple[str, ...] = ()
    verdict: str = ""                          # the right verdict of a review (findings.VERDICTS)
    # judgement calls the key scores neither way: (file, first, last, categories) in a review, (first, last,
    # categories) in a snippet; a finding there in one of those categories that matches no flaw is not a false
    # alarm, and earns nothing (any other category is judged as anywhere else)
    neutral: tuple[tuple, ...] = ()

    kind = "findings"

    def __post_init__(self) -> None:
        """A judgement call without its categories (the older (file, first, last) form) would fail every grading
        of the exercise; the key is refused when it loads instead, saying which span."""
        from course.taxonomy import BY_ID

        width = 4 if self.files else 3
        for span in self.neutral:
            categories = span[-1] if len(span) == width else None
            if not isinstance(categories, frozenset) or not categories or not categories <= set(BY_ID):
                raise ValueError(f"{self.id}: a judgement call is ({'file, ' if self.files else ''}first, last, "
                                 f"frozenset of taxonomy categories), got {span!r}")

    @property
    def flaw_free_files(self) -> tuple[str, ...]:
        """The files under review that hold no keyed flaw (each one a negative case for the false-alarm rate)."""
        flawed = {flaw.file for flaw in self.flaws}
        return tuple(f for f in self.files if f not in flawed)


@dataclass(frozen=True)
class FixExercise:
    """The learner's repaired module, graded by hidden tests, one property per test function."""
    id: str
    scenario: str
    hidden_tests: str                      # pytest file, relative to the key folder
    reference: str                         # the reference fix, relative to the key folder
    properties: dict[str, str] = field(default_factory=dict)   # hidden test name -> property shown in feedback
    allowed_imports: tuple[str, ...] = ()   # beyond course.fix_policy.ALLOWED_IMPORTS (e.g. "urllib" for HTTP clients)
    key_dir: Path = Path(".")

    kind = "fix"


@dataclass(frozen=True)
class AiComment:
    """The key's word on one of the AI reviewer's comments (their text is public: course/scenarios/<name>/ai_review.py)."""
    id: str
    right: bool                  # would following it improve the change?
    flaw: str | None = None      # the keyed flaw a right comment points at
    note: str = ""               # why it is right or wrong (shown after the reveal)


@dataclass(frozen=True)
class TriageExercise:
    """The learner's agree / disagree (and why) on each AI reviewer comment, after their own review (module 08)."""
    id: str
    scenario: str
    review: str                              # the id of the findings exercise the learner's own review answers
    comments: tuple[AiComment, ...]
    key_dir: Path = Path(".")

    kind = "triage"


Exercise = Union[TestsExercise, FindingsExercise, FixExercise, TriageExercise]


def load_module_key(module: str) -> dict[str, Exercise]:
    """All exercises of a module, by id, from every <scenario>/key.py under its key folder."""
    exercises: dict[str, Exercise] = {}
    base = module_keys_dir(module)
    for key_file in sorted(base.glob("*/key.py")):
        spec = importlib.util.spec_from_file_location(f"_course_key_{module}_{key_file.parent.name}", key_file)
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for ex in getattr(mod, "EXERCISES"):
            ex = _with_key_dir(ex, key_file.parent)
            if ex.id in exercises:
                raise ValueError(f"exercise id {ex.id!r} defined twice under {base}")
            exercises[ex.id] = ex
    return exercises


def _with_key_dir(ex: Exercise, key_dir: Path) -> Exercise:
    from dataclasses import replace
    return replace(ex, key_dir=key_dir)


def chaff_categories(ex: TestsExercise) -> dict[str, tuple[str, ...]]:
    """Per chaff flaw of a tests exercise, its taxonomy categories: the exercise's own `flaw_categories`, else those
    of the findings exercise of the same scenario keying the same flaw id (course.cohort.analytics merges alike)."""
    found: dict[str, tuple[str, ...]] = {}
    module = ex.key_dir.parent.name
    if any(c.flaw not in ex.flaw_categories for c in ex.chaffs) and module_keys_dir(module).is_dir():
        for other in load_module_key(module).values():
            if isinstance(other, FindingsExercise) and other.scenario == ex.scenario:
                found.update({flaw.id: tuple(sorted(flaw.categories)) for flaw in other.flaws})
    return {c.flaw: tuple(ex.flaw_categories.get(c.flaw) or found.get(c.flaw, ())) for c in ex.chaffs if c.flaw}
