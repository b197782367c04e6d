"""Mutants of a module: small, deliberate breaks of correct code, to see which tests notice (mutation testing).

Why: a test suite's worth is which broken versions it rejects. A mutant is the module with one operator applied at
one place (a `+ 1` dropped, `<=` made `<`, a Decimal made a float); a test *kills* a mutant when it passes on the
module and fails on the mutant. Operators work on the syntax tree, so they apply to any version of the code (the
learner's own fix included), and every mutant is built the same way on every run. Used by live experiments; nothing
here runs the code (course.judge.testrun does, sandboxed).
"""
from __future__ import annotations

import ast
import copy
from dataclasses import dataclass
from typing import Callable, Iterator

MAX_MUTANTS = 12   # enough for a plot a learner can read, few enough to run in seconds


@dataclass(frozen=True)
class Mutant:
    name: str          # short label: "drop + 1 (line 19)"
    operator: str      # which operator made it
    line: int          # where (the module's line number)
    source: str        # the mutated module


def _drop_plus_one(node: ast.AST) -> ast.AST | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) \
            and isinstance(node.right, ast.Constant) and node.right.value == 1:
        return node.left
    return None


_SWAPS = {ast.LtE: ast.Lt, ast.Lt: ast.LtE, ast.GtE: ast.Gt, ast.Gt: ast.GtE}


def _boundary(node: ast.AST) -> ast.AST | None:
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _SWAPS:
        return ast.Compare(node.left, [_SWAPS[type(node.ops[0])]()], node.comparators)
    return None


def _float_for_decimal(node: ast.AST) -> ast.AST | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Decimal":
        return ast.Call(ast.Name("float", ast.Load()), node.args, node.keywords)
    return None


def _fixed_offset_zone(node: ast.AST) -> ast.AST | None:
    if isinstance(node, ast.Constant) and node.value == "Europe/Berlin":
        return ast.Constant("Etc/GMT-1")   # UTC+1 all year (the tz database's sign is inverted)
    return None


def _drop_astimezone(node: ast.AST) -> ast.AST | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "astimezone":
        return node.func.value
    return None


def _assign_for_add(node: ast.AST) -> ast.AST | None:
    if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
        return ast.Assign([node.target], node.value, lineno=node.lineno)
    return None


def _empty_for_empty(node: ast.AST) -> ast.AST | None:
    """A public function that returns an empty dict when its first argument is empty."""
    if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and node.args.args:
        guard = ast.parse(f"if not {node.args.args[0].arg}:\n    return {{}}").body[0]
        mutated = copy.copy(node)
        mutated.body = [guard, *node.body]
        return mutated
    return None


OPERATORS: dict[str, Callable[[ast.AST], ast.AST | None]] = {
    "drop + 1": _drop_plus_one,
    "< for <=": _boundary,
    "float for Decimal": _float_for_decimal,
    "UTC+1 for Berlin": _fixed_offset_zone,
    "UTC day": _drop_astimezone,
    "= for +=": _assign_for_add,
    "{} when empty": _empty_for_empty,
}


class _AtSite(ast.NodeTransformer):
    """Applies `operator` at its `site`-th applicable node (in the tree's walk order), nowhere else."""

    def __init__(self, operator: Callable[[ast.AST], ast.AST | None], site: int) -> None:
        self.operator, self.site, self.seen, self.line = operator, site, 0, 0

    def visit(self, node: ast.AST) -> ast.AST:
        replacement = self.operator(node)
        if replacement is not None:
            if self.seen == self.site:
                self.seen += 1
                self.line = getattr(node, "lineno", 0)
                return ast.copy_location(replacement, node) if hasattr(node, "lineno") else replacement
            self.seen += 1
        return self.generic_visit(node)


def mutants(source: str, limit: int = MAX_MUTANTS) -> list[Mutant]:
    """Every single-operator mutant of `source` (operators in OPERATORS order, then by place), distinct from it and
    from each other, at most `limit`. A source that does not parse has none."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    base = ast.unparse(tree)
    found: list[Mutant] = []
    seen = {base}
    for name, operator in OPERATORS.items():
        for mutant_source, line in _each_site(tree, operator):
            if mutant_source in seen or len(found) >= limit:
                continue
            seen.add(mutant_source)
            found.append(Mutant(f"{name} (line {line})", name, line, mutant_source))
    return found


def _each_site(tree: ast.Module, operator: Callable[[ast.AST], ast.AST | None]) -> Iterator[tuple[str, int]]:
    site = 0
    while True:
        transformer = _AtSite(operator, site)
        mutated = ast.fix_missing_locations(transformer.visit(copy.deepcopy(tree)))
        if transformer.seen <= site:
            return
        yield ast.unparse(mutated), transformer.line
        site += 1
