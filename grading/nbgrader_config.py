"""nbgrader configuration shared by every cohort: plain `nbgrader autograde` and formgrader use the judge.

A cohort's own nbgrader_config.py loads this file (through course/nbgrader/tools.py LOAD_JUDGE_CONFIG: loaded,
or nbgrader stops) and adds only its course id and exchange folder (`python -m course cohort init` writes it;
the tests do the same), so the cohort commands, plain `nbgrader` and formgrader all grade alike. Everything
graded is decided by course.nbgrader.judge.Judge.
"""
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import AssignLatePenalties, IgnorePattern, LimitOutput, SaveAutoGrades
from nbgrader.preprocessors import ClearOutput, DeduplicateIds, OverwriteCells, OverwriteKernelspec

from course.answers import CODE_STUB
from course.nbgrader.intake import FlagNeedsAttention, SubmissionIntake
from course.nbgrader.judge import Judge
from course.nbgrader.metadata import CheckSchemaOnce
from course.nbgrader.sanitize import RestoreCellFlags, RestoreMissingCells

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

# Every submission is read through intake: a notebook that is not valid JSON, or saved under another name,
# is graded (0, or from the misnamed file) and flagged "needs manual grading" instead of dropped with no grade
# (course/nbgrader/intake.py).
c.Autograde.exporter_class = SubmissionIntake
# nbgrader's default sanitize list, with the submission's nbgrader flags restored from the gradebook first:
# a flipped flag or a copied locked cell would otherwise lose the whole submission (course/nbgrader/sanitize.py).
# Answer and grade cells the learner deleted come back from the gradebook (nbgrader alone drops a submission
# missing both an answer cell and its score cell).
c.Autograde.sanitize_preprocessors = [
    ClearOutput, RestoreCellFlags, RestoreMissingCells, DeduplicateIds, OverwriteKernelspec, OverwriteCells,
    CheckSchemaOnce,
]
# The judge replaces Execute: the learner's notebook never runs during autograde.
c.Autograde.autograde_preprocessors = [
    Judge, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades, FlagNeedsAttention, AssignLatePenalties,
    CheckSchemaOnce,
]
# CheckSchemaOnce is nbgrader's CheckCellMetadata with nbgrader's schema checked once per process, not once per cell
# (a fifth of the pass's time; course/nbgrader/metadata.py).
c.Judge.enabled = True
# A deleted grade cell is put back (and judged from the answer cells) instead of "needs manual grading".
c.OverwriteCells.add_missing_cells = True
# Feedback never shows hidden tests (there are none in our notebooks; keys live in grading/keys), nor a
# traceback frame or a line of grader code (course/nbgrader/feedback.py).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
    "course.nbgrader.feedback.TrimGraderCode",
]
c.ClearHiddenTests.enforce_metadata = False
c.ClearSolutions.code_stub = {"python": CODE_STUB}
