[
    {"lines": (31, 32), "category": "error-handling",
     "why": "commits every 500 rows: a bad row later leaves half the import committed, not all or nothing"},
    {"lines": (35, 38), "category": "error-handling",
     "why": "put_nowait on a full queue raises queue.Full, swallowed by except/pass: the change is lost silently"},
    {"lines": (19, 24), "category": "race-condition",
     "why": "select, then insert: a back-office insert of the same SKU in between makes the INSERT fail"},
]
