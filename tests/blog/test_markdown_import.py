"""Importing posts from Markdown files with YAML front matter (`import_markdown`)."""

from datetime import UTC, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from blog.importing.markdown import MarkdownImportError, import_posts, read_post, read_posts
from blog.models import Category, LegacyPath, Post, Tag
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


HUGO = """\
---
title: 熵与信息
date: 2019-03-17T20:30:00+08:00
categories: [信息论, 数学]
tags: [熵, 数学]
draft: true
slug: entropy
aliases: [/2019/03/entropy/, "https://old.example.org/posts/熵.html?utm=x", "/?p=42"]
layout: post
weight: 3
---
Body.
"""


def test_hugo_front_matter_files_the_first_category_and_tags_the_others(tmp_path):
    post = read_post(write(tmp_path, "whatever.md", HUGO))

    assert post.slug == "entropy" and post.status == Post.Status.DRAFT
    assert post.published_at == datetime(2019, 3, 17, 12, 30, tzinfo=UTC)
    assert post.category == "信息论"
    assert post.tags == ("数学", "熵")
    assert post.aliases == ("/2019/03/entropy", "/posts/熵.html", "/?p=42")
    assert post.ignored == ("layout", "weight")


def test_toml_front_matter_reads_like_yaml(tmp_path):
    text = (
        '+++\ntitle = "Noether"\ndate = 2020-05-04T10:00:00Z\ntags = ["symmetry"]\n'
        "draft = false\n[params]\nmath = true\n+++\nBody with $x$.\n"
    )
    post = read_post(write(tmp_path, "noether.md", text))

    assert post.title == "Noether" and post.slug == "noether"
    assert post.published_at == datetime(2020, 5, 4, 10, 0, tzinfo=UTC)
    assert post.tags == ("symmetry",) and post.status == Post.Status.PUBLISHED
    assert post.ignored == ("params",) and post.body == "Body with $x$."


def test_jekyll_file_names_give_the_day_and_the_slug(tmp_path, settings):
    local = ZoneInfo(settings.TIME_ZONE)
    named = read_post(write(tmp_path, "2018-07-09-random-walk.md", "---\ntitle: T\n---\n"))
    dated = read_post(
        write(
            tmp_path,
            "2018-07-09-dated.markdown",
            "---\ntitle: T\ndate: 2018-07-10 08:15:00 +0800\npublished: false\n"
            "redirect_from: /walk.html\n---\n",
        )
    )

    assert named.slug == "random-walk"
    assert named.published_at == datetime(2018, 7, 9, tzinfo=local)
    assert dated.slug == "dated" and dated.status == Post.Status.DRAFT
    assert dated.published_at == datetime(2018, 7, 10, 0, 15, tzinfo=UTC)
    assert dated.aliases == ("/walk.html",)
    with pytest.raises(MarkdownImportError, match="begins with 2018-13-40, which is no date"):
        read_post(write(tmp_path, "2018-13-40-x.md", "---\ntitle: T\n---\n"))


def test_a_folder_skips_hugo_section_pages_and_an_exports_media(tmp_path):
    (tmp_path / "posts" / "bundle").mkdir(parents=True)
    (tmp_path / "media" / "attachments").mkdir(parents=True)
    bundle = post_file(tmp_path / "posts" / "bundle", "index.md")
    post_file(tmp_path / "posts", "_index.md")
    write(tmp_path / "media" / "attachments", "notes.md", "A file, not a post.")

    [post] = read_posts(tmp_path)

    assert post.path == bundle and post.slug == "bundle"


@pytest.mark.django_db
def test_unknown_fields_are_ignored_and_counted_per_file(tmp_path):
    UserFactory(username="writer")
    write(tmp_path, "hugo.md", HUGO)
    post_file(tmp_path, "jekyll.md", layout="post")

    imported = import_posts(tmp_path, default_author="writer")

    assert imported.ignored_fields == {"layout": 2, "weight": 1}
    assert Post.objects.count() == 2


@pytest.mark.django_db
def test_aliases_answer_301_unless_kexue_or_another_post_answers_them(tmp_path, client):
    UserFactory(username="writer")
    other = PostFactory(slug="taken")
    LegacyPath.objects.create(path="/held", post=other)
    aliases = [
        "/2019/old-name/",
        "/archives/old-name.html",
        "/archives/",
        "/feed",
        f"/archives/{other.pk}",
        "/archives/taken",
        "/archives/sibling",
        "/held",
    ]
    post_file(tmp_path, "moved.md", aliases="[" + ", ".join(aliases) + "]")
    post_file(tmp_path, "sibling.md")

    imported = import_posts(tmp_path, default_author="writer")

    post = Post.objects.get(slug="moved")
    assert sorted(post.legacy_paths.values_list("path", flat=True)) == [
        "/2019/old-name",
        "/archives/old-name.html",
    ]
    for old in ["/2019/old-name/", "/archives/old-name.html"]:
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == post.get_absolute_url()
    moved = tmp_path / "moved.md"
    assert imported.warnings == [
        f"{moved}: alias '/archives' left out: Kexue answers it (blog:archive)",
        f"{moved}: alias '/feed' left out: Kexue answers it (blog:feed)",
        f"{moved}: alias '/archives/{other.pk}' left out: Kexue answers it (blog:post)",
        f"{moved}: alias '/archives/taken' left out: Kexue answers it (blog:post_by_slug)",
        f"{moved}: alias '/archives/sibling' left out: Kexue answers it (blog:post_by_slug)",
        f"{moved}: alias '/held' left out: it leads to 'taken' already",
    ]
    assert LegacyPath.objects.get(path="/held").post == other


@pytest.mark.django_db
def test_two_files_with_one_alias_are_a_problem(tmp_path):
    UserFactory(username="writer")
    first = post_file(tmp_path, "one.md", aliases="[/old]")
    second = post_file(tmp_path, "two.md", aliases="[/old/]")

    with pytest.raises(MarkdownImportError) as raised:
        import_posts(tmp_path, default_author="writer")

    assert raised.value.problems == [f"{second}: alias '/old' is also an alias in {first}"]
    assert written() == (0, 0, 0) and not LegacyPath.objects.exists()


@pytest.mark.django_db
def test_comments_may_be_closed_on_an_imported_post(tmp_path):
    UserFactory(username="writer")
    post_file(tmp_path, "closed.md", allow_comments="false")
    post_file(tmp_path, "open.md")

    import_posts(tmp_path, default_author="writer")

    assert dict(Post.objects.values_list("slug", "allow_comments")) == {
        "closed": False,
        "open": True,
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ndate: 2021-04-11\n---\nNo title.\n", "no title"),
        ("---\ntitle: T\nstatus: live\n---\n", "unknown status 'live' (use draft or published)"),
        ("---\ntitle: T\ndate: next tuesday\n---\n", "cannot read the date 'next tuesday'"),
        ("---\ntitle: [unclosed\n---\n", "the front matter is not valid YAML"),
        ("+++\ntitle = [unclosed\n+++\n", "the front matter is not valid TOML"),
        ("---\ntitle: T\ncategory: a\ncategories: [b]\n---\n", "category or categories"),
        ("---\ntitle: T\ncategories: math\n---\n", "categories must be a list"),
        ("---\ntitle: T\ndraft: maybe\n---\n", "draft is 'maybe', not true or false"),
        ("---\ntitle: T\nstatus: published\ndraft: true\n---\n", "draft: true says draft"),
        ("---\ntitle: T\naliases: {old: /x}\n---\n", "aliases must be a list of old paths"),
        ("---\ntitle: T\naliases: [3]\n---\n", "the alias 3 is not a path"),
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


@pytest.mark.django_db
def test_command_reports_ignored_fields_once_and_left_out_aliases(tmp_path):
    UserFactory(username="writer")
    post_file(tmp_path, "a.md", layout="post", weight="1")
    post_file(tmp_path, "b.md", layout="post", aliases="[/feed/]")

    output = command(tmp_path, "--author", "writer")

    assert (
        "Front-matter fields Kexue does not use, ignored: layout (2 files), weight (1 file)."
        in output
    )
    assert f"{tmp_path / 'b.md'}: alias '/feed' left out: Kexue answers it (blog:feed)" in output
    assert "Posts: 2 (2 new, 0 already there)." in output
