"""The judge as an nbgrader autograde preprocessor, so plain `nbgrader autograde` (and formgrader) use it.

Configured in grading/nbgrader_config.py in place of nbgrader's `Execute`: the learner's notebook is
never executed during autograde (no kernel to hijack, hang or vandalise; see handbook 5.0 and 5.4).
It fails closed: every grade cell's output is cleared first, and each one then gets exactly the
judge's clamped score (course.judge.scoring) and its feedback. A grade cell the judge cannot score gets 0.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Unicode

from course.judge import attempts, report
from course.judge.batch_verdicts import BatchVerdicts
from course.judge.engine import Verdict, grade_cells, judge_limits, judge_notebook
from course.judge.scoring import clamp_score, feedback_output, score_output
from course.judge.verdict_cache import VerdictCache, default_path

JUDGE_MARK = "course_judge"


def judge_mark(verdict: Verdict | None, score: float, points: float, hints_used: int = 0) -> dict:
    """What the judge records on a graded cell for the instructor (course.cohort.analytics reads it): the score,
    which keyed flaws the learner's tests caught or findings named, and the hint tier their self-checks reached
    (course.judge.attempts: the learner's own count, reported, never scored). Only flaws FOUND are listed, never
    the missed ones, so nothing here tells a learner what they still have to find."""
    judged = verdict is not None and "internal_error" not in verdict.details
    details = verdict.details if verdict is not None else {}
    found = sorted(details.get("caught", {})) if "caught" in details else sorted(details.get("matched", []))
    mark = {"score": score, "points": points, "exercise": verdict.exercise_id if verdict else None,
            "judged": judged, "found": found, "hints_used": hints_used}
    # a review of a whole change (module 08): the files the learner's own false alarms fell in, and the AI
    # comments they agreed with (their own decisions; which comments are wrong stays in the key)
    mark.update({k: list(details[k]) for k in ("false_alarm_files", "agreed") if k in details})
    return mark


class Judge(NbGraderPreprocessor):
    """Scores every grade cell from the answer cells' source, outside the learner's kernel."""

    enabled = Bool(True, help="Always on: a silently disabled judge would hand out full marks.").tag(config=True)
    reveal_missed = Bool(False, help="Show where missed flaws are (use after the deadline).").tag(config=True)
    cache_path = Unicode("", help="Verdict cache (SQLite). Default: beside the gradebook.").tag(config=True)
    allow_unsandboxed = Bool(False, help="Grade even without bubblewrap (learner code then runs unisolated: "
                             "it could read the keys). Off: autograde stops with an error instead.").tag(config=True)
    prejudged = Unicode("", help="Whole-notebook verdicts judged ahead of this pass (course.judge.batch_verdicts), used "
                        "for notebooks with exactly the same answers; set by `python -m course cohort autograde`.").tag(config=True)

    def cache_file(self, resources) -> Path | None:
        """Where this run's verdict cache is (None: COURSE_JUDGE_CACHE=off): the configured file, else beside
        the gradebook, else the user's default. `cohort autograde` hands the same file to its local workers."""
        if default_path() is None:          # COURSE_JUDGE_CACHE=off
            return None
        if self.cache_path:
            return Path(self.cache_path)
        db_url = resources.get("nbgrader", {}).get("db_url", "")
        if db_url.startswith("sqlite:///"):
            return Path(urlparse(db_url).path).parent / ".judge-cache.sqlite3"
        return default_path()

    def _cache(self, resources) -> VerdictCache:
        return VerdictCache(self.cache_file(resources))

    def hidden_paths(self, resources) -> list[str]:
        """What sandboxed runs must not see besides what the sandbox always hides: the whole course folder (other
        learners' submissions) and nbgrader's exchange as this run configures it (on the hub it is outside the
        course folder). `cohort autograde` hands the same list to its workers."""
        return [str(p) for p in (self._course_dir(resources), self._exchange_root()) if p]

    def _hide_course_dir(self, resources) -> None:
        from course.judge.sandbox import hide_also
        hide_also(self.hidden_paths(resources))

    @staticmethod
    def _course_dir(resources) -> Path | None:
        db_url = resources.get("nbgrader", {}).get("db_url", "")
        return Path(urlparse(db_url).path).parent if db_url.startswith("sqlite:///") else None

    def _submission_dir(self, resources) -> Path | None:
        """The learner's submitted folder (where their attempts file was handed in), or None outside a course."""
        meta, owner = resources.get("nbgrader", {}), self.parent
        if not meta.get("student") or not meta.get("assignment"):
            return None
        while owner is not None and getattr(owner, "coursedir", None) is None:   # the converter running us
            owner = getattr(owner, "parent", None)
        if owner is not None:
            coursedir = owner.coursedir
            return Path(coursedir.format_path(coursedir.submitted_directory, meta["student"], meta["assignment"]))
        course = self._course_dir(resources)
        return course / "submitted" / meta["student"] / meta["assignment"] if course else None

    def _exchange_root(self) -> str:
        """Exchange.root as this nbgrader run is configured (nbgrader's default when no config sets it)."""
        from nbgrader.exchange.default.exchange import Exchange
        configured = self.config.Exchange.get("root") if "Exchange" in self.config else None
        return str(configured or Exchange.class_traits()["root"].default_value)

    def __call__(self, nb, resources):
        """nbconvert skips a disabled preprocessor, and nbgrader would then score the cleared grade cells as
        passed: a disabled Judge refuses to grade instead (the submission is not graded, nbgrader exits 1)."""
        if not self.enabled:
            raise RuntimeError("Judge.enabled is False: nothing is graded without the course judge "
                               "(remove --Judge.enabled=False or the setting that turned it off)")
        return super().__call__(nb, resources)

    def preprocess(self, nb, resources):
        from course.judge.sandbox import sandbox_available
        if not sandbox_available() and not self.allow_unsandboxed:
            raise RuntimeError("the course judge needs bubblewrap (bwrap) to isolate learner code and it is not "
                               "available here: install it (apt-get install bubblewrap), or accept unisolated "
                               "grading with --Judge.allow_unsandboxed=True")
        judge_limits()                           # a misconfigured limit stops grading; it must not zero everyone
        cells = grade_cells(nb)
        for cell in cells:                       # fail closed: nothing the learner left survives
            cell["outputs"] = []
            cell["execution_count"] = None
        module = resources.get("nbgrader", {}).get("assignment", "")
        self._hide_course_dir(resources)
        batch = BatchVerdicts(Path(self.prejudged)) if self.prejudged else None
        verdicts = batch.get(nb, module, self.reveal_missed) if batch else None
        if batch:
            self.log.info("Verdicts %s", "judged ahead: read from the batch store" if verdicts is not None
                          else "not judged ahead: judging now")
        if verdicts is None:
            cache = self._cache(resources)
            try:
                verdicts = judge_notebook(nb, module, reveal=self.reveal_missed, cache=cache)
                if batch and all("internal_error" not in v.details for v in verdicts.values()):
                    batch.put(nb, module, self.reveal_missed, verdicts)   # a grader error is judged again
            except Exception as exc:   # never full marks, never a lost batch
                self.log.error("judge failed on %s: %r", module, exc)
                verdicts = {}
            finally:
                cache.close()
        if batch:
            batch.close()
        hints = attempts.hints_used(self._submission_dir(resources))
        for cell in cells:
            meta = cell["metadata"]["nbgrader"]
            points = float(meta.get("points", 0))
            verdict = verdicts.get(meta["grade_id"])
            if verdict is None:
                text, score = "Not graded: the judge could not score this cell. Please tell your instructor.", 0.0
                rows: list = []
            else:
                text, score, rows = verdict.feedback, clamp_score(verdict.fraction * points, points), verdict.rows
            title = f"[judged outside your notebook] {score:g} / {points:g} points"
            cell["outputs"] = [feedback_output(f"{title}\n{text}", report.verdict_html(rows, text, title)),
                               score_output(score, points)]
            exercise = verdict.exercise_id if verdict else ""
            cell["metadata"][JUDGE_MARK] = judge_mark(verdict, score, points, hints.get(exercise, 0))
            if not cell["metadata"][JUDGE_MARK]["judged"]:
                self.log.error("Not graded (grader error): %s: %s", meta["grade_id"], text.splitlines()[0])
            if cell.get("cell_type") == "code":
                cell["execution_count"] = 1
        return nb, resources
