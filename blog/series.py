"""A series on its parts' pages and in the admin: the parts in order, and reordering them."""

from dataclasses import dataclass

from django.db import transaction

from kexue.caching import bump_content_version, cached_fragment

from .models import Post


@dataclass(frozen=True)
class Part:
    id: int
    title: str
    position: int
    url: str
    published_at: object


@dataclass(frozen=True)
class SeriesBox:
    series: object
    parts: list  # the published parts, in order
    current: Part | None  # None for a draft part, which readers do not see listed
    previous: Part | None
    next: Part | None


def published_parts(series):
    rows = Post.objects.published().filter(series=series).order_by("series_position", "id")
    return [
        Part(post.id, post.title, post.series_position, post.get_absolute_url(), post.published_at)
        for post in rows.only("id", "title", "series_position", "published_at")
    ]


def series_box(post):
    """The box a part of a series shows, or None. Its parts are one query, once
    per content version, shared by every part (post.series comes joined)."""
    if post.series_id is None:
        return None
    parts = cached_fragment(f"series:{post.series_id}", lambda: published_parts(post.series))
    ids = [part.id for part in parts]
    if post.pk in ids:
        at = ids.index(post.pk)
        current, before, after = parts[at], parts[:at], parts[at + 1 :]
    else:
        current, position = None, post.series_position or 0
        before = [part for part in parts if part.position < position]
        after = [part for part in parts if part.position > position]
    return SeriesBox(
        series=post.series,
        parts=parts,
        current=current,
        previous=before[-1] if before else None,
        next=after[0] if after else None,
    )


def reorder(series, positions):
    """Give the parts of a series new numbers at once: {post id: position}.

    Two parts may trade numbers, which saving them one by one would refuse
    (the first save meets the other's old number): the parts concerned are
    first taken out of their numbers, then given the new ones, in one
    transaction. Only the numbers change, so no post is rendered again."""
    if len(set(positions.values())) != len(positions):
        raise ValueError("two parts would share a position")
    with transaction.atomic():
        parts = Post.objects.filter(series=series, pk__in=positions)
        parts.update(series_position=None)
        for post_id, position in positions.items():
            Post.objects.filter(pk=post_id).update(series_position=position)
        bump_content_version()
