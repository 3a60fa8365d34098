"""The archive: every year and month with its count, and one year's posts.

The counts come from the kept tallies (blog.tallies), so the index of years
costs the same at any size; the posts are listed a year at a time (thousands
at most), so the page stays a few hundred kilobytes however long the blog
has run. Each line is formatted here in Python: a template loop with filters
and {% url %} per line costs ten times more.
"""

import html
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

PLACEHOLDER_ID = 987654321
PLACEHOLDER_YEAR = 9876
LINE = '<li><time datetime="{}">{}</time> <a href="{}">{}</a></li>'
MONTH_LINK = '<li><a href="{}">{}</a> <span class="count">({})</span></li>'


@dataclass
class Month:
    first_day: date
    count: int = 0
    lines: list = field(default_factory=list)

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

    def month_links(self):
        """Each month's link and count, formatted here: the sidebar shows every
        month of every year, and a template loop with {% url %} and a date
        filter per month costs ten times more."""
        pattern = reverse("blog:month", args=[PLACEHOLDER_YEAR, 12])
        pattern = pattern.replace(f"{PLACEHOLDER_YEAR}/12", "{}/{:02d}")
        lines = (
            MONTH_LINK.format(
                pattern.format(self.year, month.first_day.month),
                html.escape(date_format(month.first_day, "YEAR_MONTH_FORMAT")),
                month.count,
            )
            for month in self.months
        )
        return mark_safe("\n".join(lines))  # noqa: S308 - each line escaped when built


def years_of_months(months):
    """Years, newest first, with their months, from (first day, count) pairs newest first."""
    years = []
    for first_day, count in months:
        if not years or years[-1].year != first_day.year:
            years.append(Year(first_day.year))
        years[-1].months.append(Month(first_day, count))
    return years


def year_posts(rows):
    """One year's months, newest first, each with its posts' lines (rows newest first)."""
    # reverse() once, not once per post.
    url_pattern = reverse("blog:post", args=[PLACEHOLDER_ID]).replace(str(PLACEHOLDER_ID), "{}")
    months = []
    for row in rows:
        local = timezone.localtime(row["published_at"])
        if not months or months[-1].first_day.month != local.month:
            months.append(Month(date(local.year, local.month, 1)))
        url = url_pattern.format(row["id"])
        day = local.date()
        # The day alone: thousands of lines, each a few bytes shorter.
        line = LINE.format(day.isoformat(), day.strftime("%m-%d"), url, html.escape(row["title"]))
        months[-1].lines.append(line)
        months[-1].count += 1
    return months
