"""The daily practice drill: the item bank and its check (bank), judging an answer (judge), FSRS scheduling
(schedule), the learner's SQLite record (record), progress tables and charts (stats), the session a notebook
drives (drill), its widgets (app) and `python -m course practice` (cli)."""
