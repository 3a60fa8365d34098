"""The shape of one demo post, shared by the content modules."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class DemoPost:
    slug: str
    title: str
    category: str  # a category slug
    tags: tuple[str, ...]  # tag slugs
    # A local date and time; a timedelta schedules the post that long after seeding.
    published: datetime | timedelta
    body: str
    status: str = "published"
    pinned: bool = False
