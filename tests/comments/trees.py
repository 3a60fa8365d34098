"""Discussions built in a few queries, with the tree columns mptt would write."""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from comments.models import Comment
from kexue.caching import bump_content_version
from kexue.markup import render_comment


def chain_thread(length, branch_at=1):
    """A thread shape: a chain of `length` comments, plus a second reply at depth `branch_at`.

    Shapes are nested lists: a comment is the list of its replies."""
    node = []
    for _ in range(length - 1):
        node = [node]
    shape = node
    at = shape
    for _ in range(branch_at - 1):
        at = at[0]
    at.append([])
    return shape


def size(shape):
    return 1 + sum(size(child) for child in shape)


def bulk_discussion(post, shapes, writers=(None,), status=Comment.Status.APPROVED, body=None):
    """One top-level thread per shape, oldest first; returns the comments in tree order.

    `writers` take turns (None is a guest). Rows are inserted level by level with
    bulk_create, so a thousand comments cost a handful of queries."""
    body = body or "A remark with math: $\\int_0^1 x^2\\,dx = \\tfrac{1}{3}$."
    body_html = render_comment(body)
    next_tree = (Comment.objects.aggregate(top=Max("tree_id"))["top"] or 0) + 1
    moment = timezone.now() - timedelta(days=30)
    ordered, levels = [], []

    def place(shape, parent, tree_id, level, lft):
        nonlocal moment
        moment += timedelta(seconds=1)
        writer = writers[len(ordered) % len(writers)]
        comment = Comment(
            post=post,
            author=writer,
            guest_name="" if writer else f"Guest {len(ordered)}",
            guest_email="" if writer else f"guest{len(ordered)}@example.net",
            body=body,
            body_html=body_html,
            status=status,
            created_at=moment,
            tree_id=tree_id,
            level=level,
            lft=lft,
        )
        comment.tree_parent = parent
        ordered.append(comment)
        while len(levels) <= level:
            levels.append([])
        levels[level].append(comment)
        edge = lft + 1
        for child in shape:
            edge = place(child, comment, tree_id, level + 1, edge) + 1
        comment.rght = edge
        return edge

    for offset, shape in enumerate(shapes):
        place(shape, None, next_tree + offset, 0, 1)
    for level in levels:
        for comment in level:
            comment.parent_id = comment.tree_parent.pk if comment.tree_parent else None
        Comment.objects.bulk_create(level)
    bump_content_version()  # bulk_create sends no signals
    return ordered
