[
    {"lines": (21, 23), "category": "unbounded-load",
     "why": "Every order ever placed is fetched (no WHERE, fetchall) and the recent ones are picked in Python: "
            "memory and time grow with years of history, not with the dashboard."},
    {"lines": (29, 31), "category": "n-plus-one",
     "why": "One query per order for the customer's name: n round trips for n orders."},
    {"lines": (32, 35), "category": "n-plus-one",
     "why": "One more query per order for its items: 2n + 1 queries in all, where one JOIN would do."},
    {"lines": (29, 31), "category": "edge-case",
     "why": "A guest checkout has customer_id NULL: the lookup finds no row and unpacking None raises "
            "TypeError, so one guest order breaks the whole dashboard."},
]
