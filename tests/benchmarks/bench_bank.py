"""Practice bank witnesses: how long each takes (target: 0.1 s a run, so the suite's bank check stays quick).

Printed, never asserted (a timed assertion flakes on a busy machine): the slowest witnesses first, the
median and the count over the target, for `make bench`.
"""
from __future__ import annotations

import statistics

from course.practice.bank import WITNESS_SECONDS, load_bank, run_witness


def bench_bank_witnesses(slowest: int = 5) -> None:
    timings: list[tuple[float, str]] = []
    for item in load_bank():
        other = "mutant" if item.flaw_free else "fixed"
        for name in item.witnesses:
            for version in ("snippet", other):
                runs = [run_witness(item, name, version).seconds for _ in range(3)]
                timings.append((min(runs), f"{item.id}:{name} on the {version}"))
    timings.sort(reverse=True)
    seconds = [t for t, _ in timings]
    over = sum(t > WITNESS_SECONDS for t in seconds)
    print(f"\n5. Practice bank witnesses ({len(timings)} runs of {len(load_bank())} items, fastest of 3 each; "
          f"target {WITNESS_SECONDS} s): median {statistics.median(seconds) * 1000:.1f} ms, "
          f"max {seconds[0] * 1000:.1f} ms, {over} over the target")
    for t, what in timings[:slowest]:
        print(f"   {t * 1000:7.1f} ms  {what}")


if __name__ == "__main__":
    bench_bank_witnesses()
