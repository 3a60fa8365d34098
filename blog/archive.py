"""Grouping the whole archive by year and month in one pass over one query."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone


@dataclass
class Month:
    first_day: date
    posts: list = field(default_factory=list)


@dataclass
class Year:
    year: int
    months: list = field(default_factory=list)

    @property
    def count(self):
        return sum(len(month.posts) for month in self.months)


def archive_tree(rows):
    """Years, newest first, each with its months and their posts (rows must be newest first)."""
    years = []
    for row in rows:
        local = timezone.localtime(row["published_at"])
        if not years or years[-1].year != local.year:
            years.append(Year(local.year))
        months = years[-1].months
        if not months or months[-1].first_day.month != local.month:
            months.append(Month(date(local.year, local.month, 1)))
        months[-1].posts.append(row)
    return years
