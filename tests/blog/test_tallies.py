"""The kept post counts (blog.tallies) equal a fresh count after every kind of change,
and what readers are shown equals what published() finds, scheduled posts included."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from blog import tallies
from blog.importing.markdown import import_posts
from blog.models import Category, MonthTally, Post, Tag, TagTally
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory
from tests.sitewide.wxr_files import category, item, wxr

pytestmark = pytest.mark.django_db


def assert_counts_are_right():
    assert tallies.kept() == tallies.fresh()
    public = Post.objects.published()
    assert tallies.public_total() == public.count()
    assert {c.pk: c.post_count for c in tallies.categories()} == {
        c.pk: public.filter(category=c).count()
        for c in Category.objects.all()
        if public.filter(category=c).exists()
    }
    assert {t.pk: t.post_count for t in tallies.popular_tags(100)} == {
        t.pk: public.filter(tags=t).count()
        for t in Tag.objects.all()
        if public.filter(tags=t).exists()
    }
    for month, count in tallies.months():
        local = timezone.get_default_timezone()
        in_month = [
            p
            for p in public
            if (timezone.localtime(p.published_at, local).date().replace(day=1)) == month
        ]
        assert count == len(in_month), month
    assert sum(count for _month, count in tallies.months()) == public.count()


def test_publishing_unpublishing_and_deleting_move_every_count():
    physics, maths = CategoryFactory(), CategoryFactory()
    tags = TagFactory.create_batch(3)
    post = PostFactory(category=physics, tags=tags[:2])
    draft = PostFactory(category=physics, tags=tags, status="draft")
    assert_counts_are_right()
    assert tallies.public_count("tag", tags[2].pk) == 0
    draft.status = "published"
    draft.save()
    assert_counts_are_right()
    assert tallies.public_count("tag", tags[2].pk) == 1
    post.status = "draft"
    post.save()
    assert_counts_are_right()
    assert tallies.public_count("category", physics.pk) == 1
    draft.category = maths
    draft.published_at = datetime(2011, 7, 1, tzinfo=UTC)
    draft.save()
    assert_counts_are_right()
    assert [c.pk for c in tallies.categories()] == [maths.pk]
    draft.delete()
    post.delete()
    assert_counts_are_right()
    assert tallies.public_total() == 0 and tallies.months() == []


def test_a_save_that_changes_nothing_counted_counts_nothing_twice():
    post = PostFactory(tags=TagFactory.create_batch(2))
    for _ in range(3):
        post.title += "!"
        post.save()
    post.save(update_fields=["title"])
    assert_counts_are_right()
    assert tallies.public_total() == 1


def test_tags_added_removed_and_cleared_from_either_side():
    post, other = PostFactory(), PostFactory()
    draft = PostFactory(status="draft")
    first, second = TagFactory(), TagFactory()
    post.tags.add(first, second)
    post.tags.add(first)  # already there
    first.posts.add(other, draft)
    assert_counts_are_right()
    assert tallies.public_count("tag", first.pk) == 2
    post.tags.remove(first, TagFactory())  # one of them was never there
    second.posts.remove(other)  # never there
    assert_counts_are_right()
    post.tags.set([first])
    first.posts.clear()
    assert_counts_are_right()
    other.tags.set([second])
    post.tags.clear()
    second.delete()
    assert_counts_are_right()


def test_deleting_a_category_or_a_tag_drops_its_count():
    physics, tag = CategoryFactory(), TagFactory()
    PostFactory.create_batch(2, category=physics, tags=[tag])
    physics.delete()
    tag.delete()
    assert_counts_are_right()
    assert tallies.categories() == [] and TagTally.objects.count() == 0


def test_a_scheduled_post_counts_for_readers_once_its_time_comes(monkeypatch):
    physics, tag = CategoryFactory(), TagFactory()
    PostFactory(category=physics, tags=[tag])
    now = timezone.now()
    PostFactory(category=physics, tags=[tag], published_at=now + timedelta(hours=2))
    assert_counts_are_right()
    assert tallies.public_count("category", physics.pk) == 1
    assert tallies.popular_tags(5)[0].post_count == 1
    # Time passes; nothing is written.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=3))
    assert_counts_are_right()
    assert tallies.public_total() == 2
    assert tallies.public_count("category", physics.pk) == 2
    assert tallies.popular_tags(5)[0].post_count == 2


def test_scheduled_posts_do_not_push_a_tag_out_of_the_popular_ones():
    # Kept counts: busy 3 (2 of them scheduled), quiet 2; public: quiet 2, busy 1.
    busy, quiet = TagFactory(name="busy"), TagFactory(name="quiet")
    PostFactory(tags=[busy])
    PostFactory.create_batch(2, tags=[quiet])
    later = timezone.now() + timedelta(days=1)
    PostFactory.create_batch(2, tags=[busy], published_at=later)
    assert [(t.name, t.post_count) for t in tallies.popular_tags(1)] == [("quiet", 2)]
    assert [(t.name, t.post_count) for t in tallies.popular_tags(2)] == [
        ("quiet", 2),
        ("busy", 1),
    ]


def test_list_pages_page_by_the_kept_counts(client):
    category = CategoryFactory(slug="physics")
    PostFactory.create_batch(11, category=category)
    PostFactory(category=category, published_at=timezone.now() + timedelta(days=1))
    for url in ["/", "/category/physics/"]:
        assert client.get(url + "?page=2").content.decode().count('<article class="entry') == 1
        assert client.get(url + "?page=3").status_code == 404


def test_importing_markdown_counts_its_posts(tmp_path):
    for name, status in [("one.md", "published"), ("two.md", "draft")]:
        (tmp_path / name).write_text(
            f"---\ntitle: {name}\nstatus: {status}\ncategory: Physics\n"
            "tags: [waves, light]\ndate: 2020-02-02 10:00\n---\nBody.\n",
            encoding="utf-8",
        )
    import_posts(tmp_path, default_author=UserFactory().username)
    assert_counts_are_right()
    assert tallies.public_total() == 1
    assert tallies.public_count("tag", Tag.objects.get(name="light").pk) == 1


def test_importing_wordpress_counts_its_posts_and_their_tags(tmp_path):
    tags = [("waves", "Waves"), ("light", "Light")]
    text = wxr(
        item(12, "Published", categories=[("physics", "Physics")], tags=tags),
        item(13, "Draft", status="draft", tags=tags),
        item(
            14,
            "Later",
            status="future",
            date="2999-01-01 08:00:00",
            date_gmt="2999-01-01 00:00:00",
            tags=tags[:1],
        ),  # fmt: skip
        terms=[category("physics", "Physics")],
    )
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    call_command("import_wxr", str(path), stdout=io.StringIO())
    assert_counts_are_right()
    assert tallies.public_count("tag", Tag.objects.get(slug="waves").pk) == 1
    assert MonthTally.objects.filter(month__year=2999).exists()


def test_rebuild_tallies_finds_and_rewrites_wrong_counts():
    tag = TagFactory()
    PostFactory.create_batch(2, tags=[tag], published_at=datetime(2020, 5, 5, tzinfo=UTC))
    out = io.StringIO()
    call_command("rebuild_tallies", "--check", stdout=out)
    assert "Every count is right." in out.getvalue()
    TagTally.objects.filter(tag=tag).update(posts=7)
    MonthTally.objects.all().delete()
    with pytest.raises(CommandError, match="2 counts are wrong"):
        call_command("rebuild_tallies", "--check", stdout=io.StringIO())
    assert TagTally.objects.get(tag=tag).posts == 7  # --check changes nothing
    out = io.StringIO()
    call_command("rebuild_tallies", stdout=out)
    assert f"Wrong: tag {tag.pk}" in out.getvalue()
    assert "2 counts were wrong and are rewritten." in out.getvalue()
    assert_counts_are_right()
