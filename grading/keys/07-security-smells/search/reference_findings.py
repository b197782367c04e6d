[
    {"lines": (23, 23), "category": "injection",
     "why": "the search text is pasted into the SQL string: a quote ends the literal and the rest is SQL the "
            "caller wrote, so x' OR tenant <> ' returns every tenant's orders, and O'Brien is a syntax error"},
    {"lines": (23, 23), "category": "edge-case",
     "why": "even without a quote, % and _ in the text are LIKE wildcards: '100%' also finds '100 pens' and "
            "'%' finds everything; the spec says every character matches only itself"},
]
