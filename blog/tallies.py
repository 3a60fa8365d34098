"""The counts the sidebar and the lists show, kept so that reading them costs
the same at fifty posts as at fifty thousand.

Three small tables (blog.models: CategoryTally, TagTally, MonthTally) hold how
many posts are published per category, per tag and per month of the site's
time zone, scheduled posts included: a post counts from the save that
publishes it, whatever its date. A scheduled post goes public by time, not by
a write, so what readers are shown is the kept count minus the posts still
to come. Those are few, found through the (status, published_at) index, and
read once for all of a page's counts (`scheduled()`).

The tables change in the transaction that changes a post: Post.save runs its
signals inside one (pre_save locks the stored row and remembers what it
counted, post_save counts the difference), a deletion counts down in
pre_delete inside the deleting transaction, and tags count in m2m_changed
inside the related manager's. Bulk writes send none of these, so whoever
writes posts or tag rows in bulk counts them: `count_new_posts()` after
inserting posts with their tags, `count_new_tags()` after inserting a saved
post's tag rows. `manage.py rebuild_tallies` counts everything afresh (after
a change of TIME_ZONE, say: months are local months).
"""

from collections import Counter
from datetime import date

from django.db import transaction
from django.db.models import F, Sum
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.utils import timezone

from kexue.caching import FRAGMENT_SECONDS, UNKNOWN, next_change_due, pages_cache

from .invalidation import next_scheduled_publication
from .models import Category, CategoryTally, MonthTally, Post, Tag, TagTally

TALLIES = {"category": CategoryTally, "tag": TagTally, "month": MonthTally}
KEY_FIELDS = {"category": "category_id", "tag": "tag_id", "month": "month"}
# The fields whose change can move a post between counts.
COUNTED_FIELDS = {"status", "published_at", "category", "category_id"}
SCHEDULED_KEY = "kexue:tallies:scheduled"


def month_of(moment):
    """The first day of the moment's month in the site's time zone (as the archive groups)."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return date(local.year, local.month, 1)


def counted_keys(status, published_at, category_id, tag_ids=()):
    """What one post adds to the tallies: nothing unless it is published."""
    if status != Post.Status.PUBLISHED:
        return Counter()
    keys = Counter({("month", month_of(published_at)): 1})
    if category_id is not None:
        keys["category", category_id] += 1
    for tag_id in tag_ids:
        keys["tag", tag_id] += 1
    return keys


def apply(changes):
    """Add each Counter value to its tally row, creating the rows that are missing.

    Rows are written kind by kind in one order, so two posts counted at once
    wait for each other instead of deadlocking."""
    for kind, model in TALLIES.items():
        field = KEY_FIELDS[kind]
        deltas = {}
        for (row_kind, key), delta in sorted(changes.items(), key=str):
            if row_kind == kind and delta:
                deltas.setdefault(delta, []).append(key)
        new = [key for delta, keys in deltas.items() if delta > 0 for key in keys]
        if new:
            model.objects.bulk_create(
                [model(**{field: key, "posts": 0}) for key in new], ignore_conflicts=True
            )
        for delta, keys in sorted(deltas.items()):
            model.objects.filter(**{f"{field}__in": keys}).update(posts=F("posts") + delta)


# Keeping them: a post saved, deleted or tagged.


def _tag_ids(post_id):
    return list(Post.tags.through.objects.filter(post_id=post_id).values_list("tag_id", flat=True))


def post_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._counted_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not COUNTED_FIELDS & set(update_fields):
        return
    # Locked until the save commits: a second save of the post waits, then reads
    # what this one wrote, so a change is never counted twice.
    stored = (
        Post.objects.select_for_update()
        .filter(pk=instance.pk)
        .values_list("status", "published_at", "category_id")
        .first()
    )
    instance._counted_before = stored


def post_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    stored = getattr(instance, "_counted_before", None)
    if stored is None and not created:
        return  # nothing that counts was saved
    instance._counted_before = None
    # As stored: the field converts a value given as text ("2999-01-01T00:00:00Z").
    published_at = Post._meta.get_field("published_at").to_python(instance.published_at)
    after = (instance.status, published_at, instance.category_id)
    before = stored or (Post.Status.DRAFT, instance.published_at, None)
    changes = counted_keys(*after)
    changes.subtract(counted_keys(*before))
    was_counted = before[0] == Post.Status.PUBLISHED
    if was_counted != (instance.status == Post.Status.PUBLISHED) and not created:
        # Published or withdrawn: its tags count, or stop counting, with it.
        sign = 1 if not was_counted else -1
        changes.update({("tag", tag_id): sign for tag_id in _tag_ids(instance.pk)})
    apply(changes)


def post_deleting(sender, instance, **kwargs):
    fields = ("status", "published_at", "category_id")
    stored = Post.objects.filter(pk=instance.pk).values_list(*fields).first()
    if stored is not None and stored[0] == Post.Status.PUBLISHED:
        keys = counted_keys(*stored, _tag_ids(instance.pk))
        apply(Counter({key: -count for key, count in keys.items()}))


def _published_pairs(instance, reverse, pk_set, *, lock):
    """The tag ids of the published posts' rows in the through table this change touches."""
    rows = Post.tags.through.objects.filter(post__status=Post.Status.PUBLISHED)
    rows = rows.filter(**{"tag_id" if reverse else "post_id": instance.pk})
    if pk_set is not None:
        rows = rows.filter(**{"post_id__in" if reverse else "tag_id__in": pk_set})
    if lock:
        # Two removals of one row: the second waits and then finds it gone.
        rows = rows.select_for_update(of=("self",))
    return list(rows.values_list("tag_id", flat=True))


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "post_add" and pk_set:
        # pk_set holds only the rows the manager added.
        added = _published_pairs(instance, reverse, pk_set, lock=False)
        apply(Counter(("tag", tag_id) for tag_id in added))
    elif action == "pre_clear" or (action == "pre_remove" and pk_set):
        # Counted down before the rows go, in the manager's transaction.
        removed = _published_pairs(instance, reverse, pk_set, lock=True)
        changes = Counter()
        changes.subtract(("tag", tag_id) for tag_id in removed)
        apply(changes)


def connect():
    pre_save.connect(post_saving, sender=Post, dispatch_uid="tallies-pre-save")
    post_save.connect(post_saved, sender=Post, dispatch_uid="tallies-post-save")
    pre_delete.connect(post_deleting, sender=Post, dispatch_uid="tallies-delete")
    m2m_changed.connect(tags_changed, sender=Post.tags.through, dispatch_uid="tallies-tags")


def count_new_posts(post_ids):
    """Count posts written with bulk_create (their tag rows too), which sent no signals."""
    changes = Counter()
    posts = Post.objects.filter(pk__in=post_ids, status=Post.Status.PUBLISHED)
    for published_at, category_id in posts.values_list("published_at", "category_id"):
        changes.update(counted_keys(Post.Status.PUBLISHED, published_at, category_id))
    through = Post.tags.through.objects.filter(post__in=posts)
    changes.update(("tag", tag_id) for tag_id in through.values_list("tag_id", flat=True))
    apply(changes)


def count_new_tags(post, tag_ids):
    """Count tag rows of a saved post written with bulk_create."""
    if post.status == Post.Status.PUBLISHED:
        apply(Counter(("tag", tag_id) for tag_id in tag_ids))


def fresh():
    """Every count as a fresh scan of the posts would give it (a Counter)."""
    changes = Counter()
    published = Post.objects.filter(status=Post.Status.PUBLISHED)
    for published_at, category_id in published.values_list("published_at", "category_id"):
        changes.update(counted_keys(Post.Status.PUBLISHED, published_at, category_id))
    rows = Post.tags.through.objects.filter(post__status=Post.Status.PUBLISHED)
    changes.update(("tag", tag_id) for tag_id in rows.values_list("tag_id", flat=True))
    return changes


def kept():
    """Every count as the tallies hold it (a Counter; rows at zero left out)."""
    counts = Counter()
    for kind, model in TALLIES.items():
        for key, posts in model.objects.values_list(KEY_FIELDS[kind], "posts"):
            if posts:
                counts[kind, key] = posts
    return counts


def wrong(counts, held):
    """The keys whose count differs between two Counters, in a stable order."""
    return sorted((key for key in counts | held if counts[key] != held[key]), key=str)


@transaction.atomic
def rebuild():
    """Write every tally afresh; returns the keys whose count was wrong.
    Counts moved by posts saved during the rebuild may be lost: run it again."""
    counts, held = fresh(), kept()
    for model in TALLIES.values():
        model.objects.all().delete()
    for kind, model in TALLIES.items():
        field = KEY_FIELDS[kind]
        model.objects.bulk_create(
            model(**{field: key, "posts": count})
            for (row_kind, key), count in counts.items()
            if row_kind == kind
        )
    return wrong(counts, held)


# Reading them: kept counts minus the scheduled posts still to come.


def scheduled():
    """What the posts still to come add to the tallies (a Counter).

    The content version knows when the next of them is due, and moves when it
    is: none due means none to read (the usual case, no query); otherwise they
    are read once per version."""
    version, due = next_change_due(next_scheduled_publication)
    if due is None:
        return Counter()
    key = f"{SCHEDULED_KEY}:{version}"
    to_come = pages_cache().get(key) if due is not UNKNOWN else None
    if to_come is None:
        to_come = Counter()
        rows = Post.objects.scheduled().values_list("pk", "published_at", "category_id", "tags")
        counted = set()
        for pk, published_at, category_id, tag_id in rows:
            if pk not in counted:
                counted.add(pk)
                to_come.update(counted_keys(Post.Status.PUBLISHED, published_at, category_id))
                to_come["all", None] += 1
            if tag_id is not None:
                to_come["tag", tag_id] += 1
        pages_cache().set(key, to_come, FRAGMENT_SECONDS)
    return to_come


def public_total():
    """How many posts the public can see."""
    kept = MonthTally.objects.aggregate(posts=Sum("posts"))["posts"] or 0
    return kept - scheduled()["all", None]


def public_count(kind, key):
    """How many public posts a category, tag or month (its first day) has."""
    model, field = TALLIES[kind], KEY_FIELDS[kind]
    kept = model.objects.filter(**{field: key}).values_list("posts", flat=True).first() or 0
    return kept - scheduled()[kind, key]


def year_count(year):
    kept = MonthTally.objects.filter(month__year=year).aggregate(posts=Sum("posts"))["posts"]
    to_come = scheduled()
    return (kept or 0) - sum(
        count for (kind, key), count in to_come.items() if kind == "month" and key.year == year
    )


def months():
    """(first day, public posts) for every month that has any, newest first."""
    to_come = scheduled()
    counted = MonthTally.objects.values_list("month", "posts")
    public = ((month, posts - to_come["month", month]) for month, posts in counted)
    return [(month, count) for month, count in public if count > 0]


def categories():
    """Categories with public posts, in their order, each with `post_count`."""
    to_come = scheduled()
    listed = []
    for category in Category.objects.filter(tally__posts__gt=0).annotate(kept=F("tally__posts")):
        category.post_count = category.kept - to_come["category", category.pk]
        if category.post_count > 0:
            listed.append(category)
    return listed


def popular_tags(limit):
    """The `limit` tags with the most public posts (then by name), each with `post_count`."""
    to_come = scheduled()
    # Scheduled posts only lower counts: the first limit + (tags they touch) by
    # kept count hold the first `limit` by public count.
    touched = sum(1 for kind, _key in to_come if kind == "tag")
    kept = Tag.objects.filter(tally__posts__gt=0).annotate(kept=F("tally__posts"))
    tags = list(kept.order_by("-kept", "name")[: limit + touched])
    for tag in tags:
        tag.post_count = tag.kept - to_come["tag", tag.pk]
    tags = [tag for tag in tags if tag.post_count > 0]
    return sorted(tags, key=lambda tag: (-tag.post_count, tag.name))[:limit]
