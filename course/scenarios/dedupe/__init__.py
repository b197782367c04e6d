"""A hidden O(n²) (module 03, fix-only drill): the newsletter's send list, deduplicated with `in` on lists.

The prompt: "Merge the newsletter's address lists from the CRM, the shop and the events tool into one
send list: every address once, in the order first seen, without the addresses that unsubscribed."

SPEC:
- build_send_list(sources, unsubscribed) returns a list with every address that appears in
  `sources` (a list of lists of addresses), once, in the order first seen (source by source), leaving
  out every address in `unsubscribed` (a list). Equal addresses are the same person.
- The work it does grows about linearly with the number of addresses: the lists have hundreds of
  thousands of entries. Counted, not timed: the addresses are values that count every comparison,
  hash and conversion to text done on them; sorting (n log n) is fine, comparing each address with
  every other is not.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="dedupe",
    module="03-hidden-performance",
    snippet="recipients.py",
    import_name="recipients",
    title="build_send_list: every address once, minus the unsubscribed",
)
