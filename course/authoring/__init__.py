"""Course authors' tools: `make build` (modules/ from solutions/) and the `new-scenario` scaffold.
"""
