"""nbgrader's CheckCellMetadata, with nbgrader's cell-metadata schema checked once per process instead of once per cell.

Why: nbgrader 0.9.6 validates every nbgrader cell with `jsonschema.validate(metadata, schema)`, which first checks
the schema itself against its meta-schema, then builds a validator, for every cell of every notebook. Measured here
(cProfile of one `nbgrader autograde` pass over 10 module 01 submissions with every verdict judged ahead): 1.35 s of
the pass's 6.1 s went to `check_schema` alone. `nbgrader autograde` runs it twice per submission (the last step of
both its sanitize and autograde lists, grading/nbgrader_config.py) and `cohort autograde`'s intake once more. Other
nbgrader commands (generate_assignment, generate_feedback) keep nbgrader's own CheckCellMetadata: their preprocessor
lists are nbgrader's defaults, not configured here.

Same verdicts as nbgrader's: the same checks in the same order (nbgrader's own MetadataValidatorV3 code runs; only
the final schema check is swapped), and the schema check is `jsonschema.validate`'s own steps with the validator
made once: `validator_for(schema)`, `check_schema(schema)`, then `best_match(validator.iter_errors(metadata))` raised.
"""
from __future__ import annotations

import traceback
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match
from nbformat.notebooknode import NotebookNode
from nbgrader.nbgraderformat import SchemaTooNewError, SchemaTooOldError, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.nbgraderformat.v3 import MetadataValidatorV3
from nbgrader.preprocessors import CheckCellMetadata


_VALIDATORS: dict[int, Any] = {}   # schema version -> its validator (nbgrader's packaged v<N>.json, read-only)


def _schema_validator(version: int, schema: dict) -> Any:
    """The validator of nbgrader's schema `version`, the schema itself checked the first time."""
    validator = _VALIDATORS.get(version)
    if validator is None:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = _VALIDATORS[version] = cls(schema)
    return validator


class _SchemaOnce(BaseMetadataValidator):
    """BaseMetadataValidator.validate_cell, with the validator built once (see the module docstring)."""

    def validate_cell(self, cell: NotebookNode) -> None:
        if "nbgrader" not in cell.metadata:
            return
        schema = cell.metadata["nbgrader"].get("schema_version", 0)
        if schema < self.schema_version:
            raise SchemaTooOldError(f"Outdated schema version: {schema} (expected {self.schema_version})",
                                    schema, self.schema_version)
        if schema > self.schema_version:
            raise SchemaTooNewError(f"Schema version is too new: {schema} (expected {self.schema_version})",
                                    schema, self.schema_version)
        validator = _schema_validator(self.schema_version, self.schema)
        error = best_match(validator.iter_errors(cell.metadata["nbgrader"]))
        if error is not None:
            raise error


class MetadataValidator(MetadataValidatorV3, _SchemaOnce):
    """nbgrader's current validator; its `super().validate_cell` reaches _SchemaOnce before nbgrader's base."""


class CheckSchemaOnce(CheckCellMetadata):
    """CheckCellMetadata (the last sanitize and autograde step) with MetadataValidator above: same errors, same log.
    The schema check here is only of nbgrader's own packaged schema, so checking it once per process loses nothing."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        try:   # nbgrader 0.9.6's CheckCellMetadata.preprocess, word for word, with the validator above
            MetadataValidator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg)
        return nb, resources
