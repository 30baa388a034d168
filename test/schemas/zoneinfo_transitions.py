"""The oracle of test/schemas/dst-differential.test.ts: Python's zoneinfo (PEP 495).

Reads zone names on stdin (one a line), finds every UTC-offset transition of each zone between
FIRST_YEAR and LAST_YEAR (a weekly scan, then bisection to the second), and prints one JSON line
per transition: the instant, the offsets before and after, and for wall-clock times around and
inside the gap or overlap the UTC instant zoneinfo gives with fold=0 — which PEP 495 defines as
the offset before the transition in a gap and the earlier instant in an overlap, the same choice
as Temporal's 'compatible'.
"""

import datetime as dt
import json
import sys
import zoneinfo

FIRST_YEAR = 1990
LAST_YEAR = 2035
STEP_SECONDS = 7 * 86400
UTC = dt.timezone.utc


def offset_at(tz, t):
    return int(dt.datetime.fromtimestamp(t, tz).utcoffset().total_seconds())


def transition_between(tz, lo, hi):
    """The first second in (lo, hi] whose offset differs from lo's."""
    before = offset_at(tz, lo)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if offset_at(tz, mid) == before:
            lo = mid
        else:
            hi = mid
    return hi


def wall_to_utc(tz, wall_seconds):
    wall = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=wall_seconds)
    return int(wall.replace(tzinfo=tz, fold=0).timestamp())


def probes(t, before, after):
    """Wall times (seconds, wall clock read as if UTC) at the edges and inside the changed hour."""
    low, high = sorted((t + before, t + after))
    return sorted({low - 1, low, (low + high) // 2, high - 1, high, low - 3600, high + 3600})


def main():
    start = int(dt.datetime(FIRST_YEAR, 1, 1, tzinfo=UTC).timestamp())
    end = int(dt.datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC).timestamp())
    for name in (line.strip() for line in sys.stdin):
        if not name:
            continue
        tz = zoneinfo.ZoneInfo(name)
        lo = start
        previous = offset_at(tz, lo)
        while lo < end:
            hi = min(lo + STEP_SECONDS, end)
            current = offset_at(tz, hi)
            if current != previous:
                t = transition_between(tz, lo, hi)
                before, after = offset_at(tz, t - 1), offset_at(tz, t)
                walls = probes(t, before, after)
                print(json.dumps({
                    "zone": name, "at": t, "before": before, "after": after,
                    "walls": [[w, wall_to_utc(tz, w)] for w in walls],
                }))
                lo = t
                previous = after
            else:
                lo = hi


if __name__ == "__main__":
    main()
