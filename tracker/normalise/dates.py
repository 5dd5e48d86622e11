"""Fuzzy dates as sources and analysts write them -> a half-open interval [start, end).

"2021" -> [2021-01-01, 2022-01-01); "2013-01" -> the month; "2017-03-30" -> that day;
"term 2019-01 to 2022-01" and "study period 2013-2016" -> the span.  Text around the date is
ignored ("2025-07-01 (fixture commit date)").  No date at all -> ``None``.
"""

from __future__ import annotations

import datetime as dt
import re

_DATE = r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?"
_RANGE = re.compile(rf"(?<!\d){_DATE}\s*(?:to|-|–|/)\s*{_DATE}(?!\d)")
_SINGLE = re.compile(rf"(?<!\d){_DATE}(?!\d)")


def _start(y: str, m: str | None, d: str | None) -> dt.date:
    return dt.date(int(y), int(m or 1), int(d or 1))


def _end(y: str, m: str | None, d: str | None) -> dt.date:
    """Exclusive end of the period a fuzzy date names."""
    if d:
        return dt.date(int(y), int(m), int(d)) + dt.timedelta(days=1)
    if m:
        year, month = int(y) + (int(m) == 12), int(m) % 12 + 1
        return dt.date(year, month, 1)
    return dt.date(int(y) + 1, 1, 1)


def fuzzy_period(text: str | None) -> tuple[dt.date, dt.date] | None:
    """The interval a fuzzy date or date range covers, or ``None`` when no date is given."""
    if not text:
        return None
    try:
        m = _RANGE.search(text)
        # "2025-05-26/30" is a day range, "2013-2016" a year range, "2019-01 to 2022-01" a term
        if m and m.group(1) and len(m.group(4)) == 4 and int(m.group(4)) >= int(m.group(1)):
            a, b = m.groups()[:3], m.groups()[3:]
            return _start(*a), _end(*b)
        m = _SINGLE.search(text)
        if m:
            return _start(*m.groups()), _end(*m.groups())
    except ValueError:
        return None
    return None
