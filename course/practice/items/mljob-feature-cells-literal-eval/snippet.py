"""Read the experiment manifest uploaded with a training job."""
from __future__ import annotations

import ast
import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Experiment:
    name: str
    features: list[str]
    weights: tuple[float, ...]


def read_manifest(text: str) -> list[Experiment]:
    """Parse the manifest CSV (name, features, weights).

    The list columns were written by pandas, which stores them as their
    repr, e.g. "['age', 'income']" and "(0.7, 0.3)".
    """
    experiments = []
    for lineno, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            features = ast.literal_eval(row["features"])
            weights = ast.literal_eval(row["weights"])
        except (ValueError, SyntaxError) as exc:
            raise ValueError(f"manifest line {lineno}: cannot read the list columns") from exc
        if not isinstance(features, list) or not isinstance(weights, tuple):
            raise ValueError(f"manifest line {lineno}: features must be a list, weights a tuple")
        experiments.append(Experiment(row["name"], [str(f) for f in features], tuple(map(float, weights))))
    return experiments
