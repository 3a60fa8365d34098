"""Saving posts so no text is ever lost: each change keeps the text it replaced."""

import difflib

from django.db import transaction

from .models import Post, PostRevision


def save_post(post, user):
    """Save (and so re-render) the post; when its title or body changed, keep
    the stored version as a revision saved by `user`."""
    with transaction.atomic():
        previous = None
        if post.pk:
            # Locked, so two editors saving at once each keep what they replaced.
            stored = Post.objects.select_for_update().filter(pk=post.pk)
            previous = stored.values("title", "body").first()
        post.save()
        if previous and (previous["title"], previous["body"]) != (post.title, post.body):
            PostRevision.objects.create(post=post, saved_by=user, **previous)


def restore(post, revision, user):
    """Bring an old text back; the text it replaces becomes a revision itself."""
    post.title, post.body = revision.title, revision.body
    save_post(post, user)


def diff_lines(old, new):
    """A unified diff of two texts as (kind, line) pairs for a template to print
    escaped: kind is "hunk", "removed", "added" or "same"."""
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=3)
    kinds = {"@": "hunk", "-": "removed", "+": "added"}
    # The first two lines name the files being compared; there are none here.
    return [(kinds.get(line[:1], "same"), line) for line in list(lines)[2:]]
