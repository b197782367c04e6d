[
    {"lines": (33, 36), "category": "unbounded-load",
     "why": "Every ticket of every customer, bodies included, is fetched for one customer's panel and "
            "filtered in Python: memory and time grow with the whole table, not with the panel."},
    {"lines": (7, 14), "category": "unbounded-load",
     "why": "No index on customer_id: even with the filter in SQL, every lookup scans the whole table "
            "(EXPLAIN QUERY PLAN says SCAN tickets)."},
    {"lines": (44, 44), "category": "n-plus-one",
     "why": "open_tickets is called once per customer, a query each, and each reads the whole table: "
            "customers x tickets rows where one GROUP BY query would do."},
]
