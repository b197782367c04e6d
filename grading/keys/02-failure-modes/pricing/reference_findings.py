[
    {"lines": (45, 47), "category": "error-handling",
     "why": "every HTTPError, 503/429/500 included, returns None, which means 'no such product': the failure "
            "is neither retried nor reported"},
    {"lines": 43, "category": "missing-timeout",
     "why": "urlopen without a timeout: a service that accepts the call and never answers holds the page forever"},
    {"lines": (51, 52), "category": "retry-storm",
     "why": "the same fixed 0.5 s wait after every failure: no backoff, no jitter, so clients that failed "
            "together retry together"},
]
