"""Answer key for the search scenario (module 07-security-smells).

The snippet is solutions/07-security-smells/search.py. The assistant made the tenant and the limit
parameters and put the search text into the SQL with an f-string (LIKE's % signs are where the
f-string crept in). Its two flaws, both on line 23:
- injection (injection), line 23: the text is SQL. A quote ends the string literal; what follows is
  SQL the caller wrote: `x' OR tenant <> '` returns every tenant's orders (globex's confidential
  prototype included), `' UNION SELECT ...` reads any table, and "O'Brien" is a syntax error (a 500).
- wildcards (edge-case; spec-misread accepted), line 23: even without a quote, `%` and `_` in the
  text are LIKE wildcards, so "100%" finds "100 pens" and "%" finds everything. The spec says every
  character matches only itself.
Decoys: line 24, `ORDER BY {SORTS[sort]}`, is an f-string into SQL, but of a fixed string picked from
SORTS after line 19 refused anything else; line 26 passes tenant and limit as parameters.

Chaffs, one hole each, in the shapes the fix usually takes on the way:
- chaff_fstring: wildcards escaped (with ESCAPE '\\'), the text still inside an f-string literal;
- chaff_percent: the same hole built with %-formatting (a suite that passes on one passes on both);
- chaff_quotes_only: the half-fix: quotes doubled (which IS SQLite's escape, so no injection), but the
  wildcards are left as wildcards;
- chaff_no_escape_clause: parameterised, wildcards "escaped" with a backslash, but without LIKE's
  ESCAPE clause a backslash is an ordinary character: "100%" then finds nothing.
Spec freedom the wheats use: how the match is done (wheat_like_escaped: LIKE with ESCAPE, the SQL put
together with an f-string of fixed fragments, so it looks like the snippet; wheat_instr: instr() on
lower(), two fixed queries).
"""
from course.judge.exercises import FindingsExercise, FixExercise, Flaw, Impl, TestsExercise

# What the tests' feedback says about a caught or missed chaff: the spec rule it breaks, never the flaw, since
# the tests are scored before the findings step (the learner-experience issue's sequencing rule).
SPEC_RULES = {
    "injection": "Breaks the spec rule: only the tenant's own orders, whatever the text holds.",
    "injection-percent": "Breaks the spec rule: only the tenant's own orders, whatever the text holds "
                         "(a second version that breaks it).",
    "wildcards": "Breaks the spec rule: every character of the text stands for itself.",
    "no-escape-clause": "Breaks the spec rule: every character of the text stands for itself "
                        "(a second version that breaks it).",
}

FLAW_TITLES = {
    "injection": "The search text is pasted into the SQL inside an f-string: a quote ends the literal and the "
                 "rest is SQL (other tenants' orders, any table).",
    "injection-percent": "The search text is pasted into the SQL with %-formatting: a quote ends the literal and "
                         "the rest is SQL.",
    "wildcards": "% and _ in the search text are LIKE wildcards: '100%' finds '100 pens', '%' finds everything.",
    "no-escape-clause": "Wildcards are escaped with a backslash, but LIKE has no ESCAPE clause, so the backslash "
                        "is an ordinary character and '100%' finds nothing.",
}

EXERCISES = [
    TestsExercise(
        id="search_tests",
        scenario="search",
        wheats=(
            Impl("wheat_like_escaped.py",
                 freedom="how the query is built is not specified (LIKE, instr, anything that keeps the rules).",
                 note="the snippet's shape (an f-string into SQL, ORDER BY from SORTS) with every value a parameter"),
            Impl("wheat_instr.py",
                 freedom="how the query is built is not specified (LIKE, instr, anything that keeps the rules).",
                 note="instr(lower(product), lower(?)), two fixed queries, no LIKE"),
        ),
        chaffs=(
            Impl("chaff_fstring.py", flaw="injection",
                 rule="only the tenant's own orders, whatever the text holds.",
                 note="wildcards escaped right; the text in an f-string literal"),
            Impl("chaff_percent.py", flaw="injection-percent",
                 rule="only the tenant's own orders, whatever the text holds.",
                 note="the same, with %-formatting"),
            Impl("chaff_quotes_only.py", flaw="wildcards",
                 rule="every character of the text stands for itself.",
                 note="looks like a fix: quotes doubled (no injection); wildcards left as they are"),
            Impl("chaff_no_escape_clause.py", flaw="no-escape-clause",
                 rule="every character of the text stands for itself.",
                 note="parameterised and backslash-escaped, without ESCAPE '\\'"),
        ),
        flaw_titles=SPEC_RULES,
        flaw_categories={"injection-percent": ("injection",), "no-escape-clause": ("edge-case", "spec-misread")},
    ),
    FindingsExercise(
        id="search_findings",
        scenario="search",
        flaws=(
            Flaw("injection", lines=(23, 23), tolerance=(21, 23), categories=frozenset({"injection"}),
                 title=FLAW_TITLES["injection"]),
            Flaw("wildcards", lines=(23, 23), tolerance=(21, 23), categories=frozenset({"edge-case", "spec-misread"}),
                 title=FLAW_TITLES["wildcards"]),
        ),
        decoys=((24, 24),),
    ),
    FixExercise(
        id="search_fix",
        scenario="search",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        properties={
            "test_searching_finds_the_tenants_orders_newest_first": "a search finds the tenant's orders, newest first",
            "test_sort_limit_and_unknown_sort": "sort, limit, and ValueError for any other sort",
            "test_no_text_reaches_another_tenants_orders": "no search text reaches another tenant's orders or fails",
            "test_quotes_and_backslashes_are_characters": "quotes and backslashes are searched for as characters",
            "test_wildcards_are_characters": "% and _ are searched for as characters",
        },
    ),
]
