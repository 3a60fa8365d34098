"""The whole archive, grouped by year and month, in one pass over one query.

The page lists every post (thousands), so each line is formatted here in
Python: a template loop with filters and {% url %} per line costs ten times more.
"""

import html
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

PLACEHOLDER_ID = 987654321
LINE = '<li><time datetime="{}">{}</time> <a href="{}">{}</a></li>'


@dataclass
class Month:
    first_day: date
    lines: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.lines)

    @property
    def posts_html(self):
        return mark_safe("\n".join(self.lines))  # noqa: S308 - each line escaped when built


@dataclass
class Year:
    year: int
    months: list = field(default_factory=list)

    @property
    def count(self):
        return sum(month.count for month in self.months)


def archive_tree(rows):
    """Years, newest first, each with its months and their posts (rows must be newest first)."""
    # reverse() once, not once per post.
    url_pattern = reverse("blog:post", args=[PLACEHOLDER_ID]).replace(str(PLACEHOLDER_ID), "{}")
    years = []
    for row in rows:
        local = timezone.localtime(row["published_at"])
        if not years or years[-1].year != local.year:
            years.append(Year(local.year))
        months = years[-1].months
        if not months or months[-1].first_day.month != local.month:
            months.append(Month(date(local.year, local.month, 1)))
        url = url_pattern.format(row["id"])
        day = local.strftime("%m-%d")
        iso = local.isoformat(timespec="seconds")  # HTML allows no microseconds
        months[-1].lines.append(LINE.format(iso, day, url, html.escape(row["title"])))
    return years
