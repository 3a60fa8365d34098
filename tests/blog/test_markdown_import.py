"""Importing posts from Markdown files with YAML front matter (`import_markdown`)."""

from datetime import UTC, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from blog.importing.markdown import MarkdownImportError, import_posts, read_post
from blog.models import Category, Post, Tag
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory

FULL = """\
---
title: "Euler's formula: a first look"
date: 2021-04-11 16:00
author: writer
category: Mathematics
tags: [complex numbers, series]
status: draft
pinned: true
slug: euler-formula
---

Take $\\theta=\\pi$ in $e^{i\\theta} = \\cos\\theta + i\\sin\\theta$.

<!--more-->

The rest, with `$code$`.

"""


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def post_file(folder, name="a-post.md", **fields):
    fields.setdefault("title", "A post")
    lines = [f"{key}: {value}" for key, value in fields.items()]
    return write(folder, name, "---\n" + "\n".join(lines) + "\n---\nBody with $x^2$.\n")


def written():
    return Post.objects.count(), Category.objects.count(), Tag.objects.count()


def test_front_matter_gives_every_field_and_the_body_as_written(tmp_path):
    post = read_post(write(tmp_path, "file-name.md", FULL))

    assert post.title == "Euler's formula: a first look"
    assert post.slug == "euler-formula"
    assert post.author == "writer"
    assert post.category == "Mathematics"
    assert post.tags == ("complex numbers", "series")
    assert post.status == "draft" and post.pinned is True
    assert post.body == FULL.split("---\n\n", 1)[1].rstrip()
    assert post.body.startswith("Take $\\theta") and post.body.endswith("`$code$`.")


def test_a_date_without_offset_is_local_time_and_one_with_an_offset_is_kept(tmp_path, settings):
    local = ZoneInfo(settings.TIME_ZONE)
    naive = read_post(post_file(tmp_path, date="2021-04-11 16:00"))
    day = read_post(post_file(tmp_path, date="2021-04-11"))
    offset = read_post(post_file(tmp_path, date="2021-04-11T16:00:00+00:00"))

    assert naive.published_at == datetime(2021, 4, 11, 16, 0, tzinfo=local)
    assert day.published_at == datetime(2021, 4, 11, tzinfo=local)
    assert offset.published_at == datetime(2021, 4, 11, 16, 0, tzinfo=UTC)


def test_days_ahead_schedule_from_now_on_the_hour(tmp_path):
    now = datetime(2026, 3, 1, 9, 41, 7, tzinfo=UTC)

    ahead = read_post(post_file(tmp_path, date="+3 days"), now=now)
    tomorrow = read_post(post_file(tmp_path, date="+1 day"), now=now)

    assert ahead.published_at == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert tomorrow.published_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_only_the_title_is_needed(tmp_path):
    before = timezone.now()
    post = read_post(write(tmp_path, "Only A Title.md", "---\ntitle: T\n---\nText.\n"))

    assert post.slug == "only-a-title"
    assert post.status == Post.Status.PUBLISHED and post.pinned is False
    assert post.author is None and post.category is None and post.tags == ()
    assert before <= post.published_at <= timezone.now()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ndate: 2021-04-11\n---\nNo title.\n", "no title"),
        ("---\ntitle: T\nstatus: live\n---\n", "unknown status 'live' (use draft or published)"),
        ("---\ntitle: T\ndate: next tuesday\n---\n", "cannot read the date 'next tuesday'"),
        ("---\ntitle: [unclosed\n---\n", "the front matter is not valid YAML"),
        ("---\ntitle: T\ntag: [x]\n---\n", "unknown field tag"),
        ("title: T\n\nNo fences.\n", "no front matter"),
        ("---\n- a list\n---\n", "not a list of `name: value` fields"),
        ("---\ntitle: T\ntags: python\n---\n", "tags must be a list"),
        ("---\ntitle: T\npinned: yes please\n---\n", "pinned is 'yes please', not true or false"),
        ("---\ntitle: T\ncategory: '!!'\n---\n", "the category '!!' has no letters or digits"),
        ("---\ntitle: T\nslug: '2048'\n---\n", "slug '2048' is only digits"),
    ],
)
@pytest.mark.django_db
def test_a_bad_file_is_named_with_its_problem_and_nothing_is_written(tmp_path, text, message):
    UserFactory(username="writer")
    post_file(tmp_path, "fine.md", category="Fine", tags="[fine]")
    bad = write(tmp_path, "zz-bad.md", text)

    with pytest.raises(MarkdownImportError) as raised:
        import_posts(tmp_path, default_author="writer")

    [problem] = raised.value.problems
    assert problem.startswith(f"{bad}: ") and message in problem
    assert written() == (0, 0, 0)


@pytest.mark.django_db
def test_unknown_authors_and_a_missing_default_are_reported_for_every_file(tmp_path):
    UserFactory(username="writer")
    known = post_file(tmp_path, "known.md", author="writer")
    stranger = post_file(tmp_path, "stranger.md", author="nobody")
    anonymous = post_file(tmp_path, "anonymous.md")

    with pytest.raises(MarkdownImportError) as raised:
        import_posts(tmp_path)

    assert raised.value.problems == [
        f"{anonymous}: no author, and no default author was given",
        f"{stranger}: no user named 'nobody'",
    ]
    assert str(known) not in str(raised.value)
    with pytest.raises(MarkdownImportError, match="default author: no user named 'ghost'"):
        import_posts(known, default_author="ghost")
    assert written() == (0, 0, 0)


@pytest.mark.django_db
def test_two_files_with_one_slug_and_missing_paths_are_problems(tmp_path):
    UserFactory(username="writer")
    first = post_file(tmp_path, "one.md", slug="same")
    second = post_file(tmp_path, "two.md", slug="same")

    with pytest.raises(MarkdownImportError) as raised:
        import_posts([first, second, tmp_path / "gone.md"], default_author="writer")

    assert raised.value.problems == [
        f"{tmp_path / 'gone.md'}: no such file or folder",
        f"{second}: slug 'same' is also the slug of {first}",
    ]
    assert written() == (0, 0, 0)


@pytest.mark.django_db
def test_importing_renders_each_post_and_creates_its_labels(tmp_path):
    writer = UserFactory(username="writer")
    write(tmp_path, "euler.md", FULL)

    imported = import_posts(tmp_path)

    post = Post.objects.get()
    assert [item.slug for item in imported.new] == ["euler-formula"]
    assert post.author == writer and post.slug == "euler-formula"
    assert post.status == Post.Status.DRAFT and post.pinned
    assert 'class="arithmatex"' in post.body_html and post.has_math
    assert post.excerpt_html != post.body_html  # the more marker cut the excerpt
    assert post.category.name == "Mathematics" and post.category.slug == "mathematics"
    assert sorted(post.tags.values_list("slug", flat=True)) == ["complex-numbers", "series"]


@pytest.mark.django_db
def test_labels_are_found_by_slug_or_by_name(tmp_path):
    UserFactory(username="writer")
    math = CategoryFactory(name="数学", slug="math")
    series = TagFactory(name="级数", slug="series")
    python = TagFactory(name="Python", slug="python")
    post_file(tmp_path, "a.md", category="math", tags="[级数, Python]")
    post_file(tmp_path, "b.md", category="数学", tags="[series]")

    import_posts(tmp_path, default_author="writer")

    assert set(Post.objects.values_list("category", flat=True)) == {math.pk}
    assert set(Post.objects.get(slug="a").tags.all()) == {series, python}
    assert Category.objects.count() == 1 and Tag.objects.count() == 2


@pytest.mark.django_db
def test_importing_again_adds_only_new_files_and_never_edits_a_post(tmp_path):
    UserFactory(username="writer")
    existing = PostFactory(slug="kept", title="Edited on the site")
    post_file(tmp_path, "kept.md", title="From the file")
    post_file(tmp_path, "first.md")
    import_posts(tmp_path, default_author="writer")
    post_file(tmp_path, "second.md")

    again = import_posts(tmp_path, default_author="writer")

    assert [post.slug for post in again.new] == ["second"]
    assert Post.objects.count() == 3
    existing.refresh_from_db()
    assert existing.title == "Edited on the site"


@pytest.mark.django_db
def test_imported_posts_are_indexed_for_search_after_commit(
    tmp_path, django_capture_on_commit_callbacks
):
    UserFactory(username="writer")
    post_file(tmp_path, "indexed.md", title="Fourier")

    with django_capture_on_commit_callbacks(execute=True):
        import_posts(tmp_path, default_author="writer")

    assert Post.objects.filter(search_vector__isnull=False).count() == 1


def command(*args):
    out = StringIO()
    call_command("import_markdown", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_imports_files_and_folders_with_a_default_author(tmp_path):
    UserFactory(username="writer")
    (tmp_path / "more").mkdir()
    post_file(tmp_path / "more", "nested.md")
    single = post_file(tmp_path, "single.md", date="2020-01-02 03:04")

    output = command(tmp_path / "more", single, "--author", "writer", "--verbosity", "2")

    assert "Posts: 2 (2 new, 0 already there)." in output
    assert f"single: A post ({single})" in output
    assert set(Post.objects.values_list("slug", flat=True)) == {"nested", "single"}
    assert "Posts: 2 (0 new, 2 already there)." in command(tmp_path, "--author", "writer")


@pytest.mark.django_db
def test_dry_run_checks_and_counts_but_writes_nothing(tmp_path):
    UserFactory(username="writer")
    PostFactory(slug="there")
    post_file(tmp_path, "there.md")
    post_file(tmp_path, "new.md", category="New", tags="[new]")
    categories, tags = Category.objects.count(), Tag.objects.count()

    output = command(tmp_path, "--author", "writer", "--dry-run")

    assert "Posts: 2 (1 new, 1 already there). Dry run: nothing written." in output
    assert not Post.objects.filter(slug="new").exists()
    assert (Category.objects.count(), Tag.objects.count()) == (categories, tags)
    with pytest.raises(CommandError, match="no user named 'ghost'"):
        command(tmp_path, "--author", "ghost", "--dry-run")


@pytest.mark.django_db
def test_command_stops_on_a_bad_file_and_names_it(tmp_path):
    UserFactory(username="writer")
    post_file(tmp_path, "good.md")
    bad = write(tmp_path, "bad.md", "---\ntitle: T\nstatus: live\n---\n")

    with pytest.raises(CommandError) as raised:
        command(tmp_path, "--author", "writer")

    assert str(raised.value).startswith("Nothing imported.\n")
    assert f"{bad}: unknown status 'live'" in str(raised.value)
    assert not Post.objects.exists()
