[
    {"lines": (27, 29), "category": "hidden-state",
     "why": "headers={} is one dict shared by every call: setdefault keeps the FIRST customer's unsubscribe "
            "link, and the nightly job and the worker (which pass no headers) send it to everyone else."},
    {"lines": (30, 30), "category": "hidden-state",
     "why": "request_id.get() has no default: the nightly job has no request and the worker thread starts "
            "with an empty context, so both crash with LookupError on their first email."},
    {"lines": (35, 35), "category": "hidden-state",
     "why": "datetime.now() is naive local time: the Date header says -0000 (zone unknown), so mail clients "
            "read the server's local time as UTC and show it off by the server's offset."},
]
