"""import_wxr with WordPress's theme unit test export: what the file holds arrives, once.

The expectations are read from the file here with plain ElementTree, apart from
the importer's own reader, so a reader that misses something cannot agree with
itself.
"""

import html
import io
import re
from datetime import UTC, datetime
from functools import cache
from urllib.parse import quote, unquote, urlsplit

import defusedxml.ElementTree as ET
import pytest
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db.models import Q
from django.utils.html import strip_tags

from blog.models import Category, LegacyPath, Page, Post, Tag
from comments.models import Comment
from tests.factories import PostFactory
from tests.sitewide.wxr_files import THEME_UNIT_TEST

pytestmark = pytest.mark.django_db

WP = "{https://wordpress.org/export/1.2/}"
IMPORTED_STATES = {"publish", "future", "draft", "pending", "private"}
APPROVAL = {"1": "approved", "0": "pending", "spam": "spam", "trash": "removed"}


@cache
def channel():
    return ET.parse(THEME_UNIT_TEST).getroot().find("channel")


def posts_in_file():
    return [
        item
        for item in channel().iter("item")
        if item.findtext(WP + "post_type") in ("post", "page")
        and item.findtext(WP + "status") in IMPORTED_STATES
    ]


def comments_in_file(item):
    return [
        comment
        for comment in item.iter(WP + "comment")
        if comment.findtext(WP + "comment_type") not in ("pingback", "trackback")
    ]


def is_page(item):
    """A WordPress page without comments, which arrives as a static page."""
    return item.findtext(WP + "post_type") == "page" and not comments_in_file(item)


def imported(item):
    """The post or page an item became."""
    if is_page(item):
        # Known by its GUID, or by its number when another item shares the GUID.
        number = item.findtext(WP + "post_id")
        guid = (item.findtext("guid") or "").strip()
        return Page.objects.get(Q(source_id=guid) | Q(source_id__endswith=f"/?p={number}"))
    return Post.objects.get(pk=int(item.findtext(WP + "post_id")))


def gmt(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def labels(item, domain):
    return [
        html.unescape(category.text.strip())
        for category in item.iter("category")
        if category.get("domain") == domain
    ]


def import_theme(*options):
    out = io.StringIO()
    call_command("import_wxr", str(THEME_UNIT_TEST), *options, stdout=out)
    return out.getvalue()


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Post, Page, Comment, Category, Tag, LegacyPath, get_user_model())
    }


def test_every_post_and_page_arrives_with_its_number_title_date_and_state():
    import_theme()
    items = posts_in_file()
    pages = [item for item in items if is_page(item)]
    assert Post.objects.count() == len(items) - len(pages)
    assert Page.objects.count() == len(pages) > 10
    pages_category = Category.objects.get(name="Pages")
    for item in items:
        imported_as = imported(item)
        title = " ".join(html.unescape(strip_tags(item.findtext("title"))).split())
        assert imported_as.title == (title or "(no title)")
        status = item.findtext(WP + "status")
        protected = bool(item.findtext(WP + "post_password"))
        public = status in ("publish", "future") and not protected
        assert imported_as.status == ("published" if public else "draft"), title
        if isinstance(imported_as, Page):
            continue
        post = imported_as
        assert post.published_at == gmt(item.findtext(WP + "post_date_gmt"))
        assert post.pinned == (item.findtext(WP + "is_sticky") == "1")
        assert post.allow_comments == (item.findtext(WP + "comment_status") == "open")
        if item.findtext(WP + "post_type") == "page":
            # A page with comments stays a post, so its discussion is kept.
            assert post.category == pages_category and post.comments.exists()


def test_pages_keep_their_old_paths_and_their_hierarchy_in_them(client):
    import_theme()
    for item in posts_in_file():
        if not is_page(item):
            continue
        page = imported(item)
        path = re.sub("^/+", "/", unquote(urlsplit(item.findtext("link")).path))
        assert page.get_absolute_url() == quote(path), page.title
        if page.is_public:
            assert client.get(page.get_absolute_url()).status_code == 200


def test_categories_and_tags_match_the_file():
    import_theme()
    declared_categories = {
        html.unescape(term.findtext(WP + "cat_name")) for term in channel().iter(WP + "category")
    }
    declared_tags = {
        html.unescape(term.findtext(WP + "tag_name")) for term in channel().iter(WP + "tag")
    }
    used_categories, used_tags = set(), set()
    for item in posts_in_file():
        categories, tags = labels(item, "category"), labels(item, "post_tag")
        if item.findtext(WP + "post_type") == "post":
            post = imported(item)
            # One category per post in Kexue: the first, the others become tags.
            first = categories[0] if categories else None
            assert (post.category.name if post.category else None) == first
            # Labels are matched by slug, so a tag "tags" takes in a category "Tags".
            assert {tag.name.casefold() for tag in post.tags.all()} == {
                name.casefold() for name in set(tags) | set(categories[1:])
            }
        used_categories |= set(categories)
        used_tags |= set(tags) | set(categories[1:])
    assert set(Category.objects.values_list("name", flat=True)) == (
        declared_categories | used_categories | {"Pages"}
    )
    assert {name.casefold() for name in Tag.objects.values_list("name", flat=True)} == {
        name.casefold() for name in declared_tags | used_tags
    }


def test_comments_keep_their_threads_dates_and_approval():
    import_theme()
    expected = 0
    for item in posts_in_file():
        if is_page(item):
            continue
        post = imported(item)
        stored = {comment.source_id: comment for comment in post.comments.all()}
        in_file = comments_in_file(item)
        expected += len(in_file)
        assert len(stored) == len(in_file)
        for source in in_file:
            comment = stored[source.findtext(WP + "comment_id")]
            parent = source.findtext(WP + "comment_parent")
            assert (comment.parent.source_id if comment.parent else "0") == parent
            assert comment.created_at == gmt(source.findtext(WP + "comment_date_gmt"))
            assert comment.status == APPROVAL[source.findtext(WP + "comment_approved")]
            assert comment.guest_name == source.findtext(WP + "comment_author").strip()
    assert Comment.objects.count() == expected
    assert expected > 0 and Comment.objects.filter(parent__isnull=False).exists()


def test_the_authors_become_members_who_cannot_log_in_yet():
    import_theme()
    for author in channel().iter(WP + "author"):
        member = get_user_model().objects.get(email=author.findtext(WP + "author_email"))
        assert member.username == author.findtext(WP + "author_login")
        assert member.display_name == author.findtext(WP + "author_display_name")
        assert not member.has_usable_password()
        assert not member.is_staff


def test_old_links_answer_301_with_the_post_or_the_page_itself(client, admin_client):
    import_theme()
    for item in posts_in_file():
        target = imported(item).get_absolute_url()
        link = urlsplit(item.findtext("link"))
        # One link in the file starts with "//", which a client would take for a host.
        path = re.sub("^/+", "/", link.path)
        query = dict([link.query.split("=")]) if link.query else {}
        if is_page(item) and unquote(path).strip("/") == unquote(target).strip("/"):
            # The page lives at its old address (drafts are for staff).
            assert admin_client.get(path, query).status_code == 200, path
            continue
        response = client.get(path, query)
        assert response.status_code == 301, path
        assert response["Location"] == target
        response = client.get("/", {"p": item.findtext(WP + "post_id")})
        assert (response.status_code, response["Location"]) == (301, target)


def test_importing_again_adds_nothing():
    import_theme()
    before = row_counts()
    output = import_theme()
    assert row_counts() == before
    assert "Posts: 0 new" in output
    assert "Comments: 0 new" in output
    assert "Old addresses: 0 new" in output


def test_a_dry_run_writes_nothing_and_says_what_an_import_would_do():
    before = row_counts()
    output = import_theme("--dry-run")
    assert row_counts() == before
    posts = [item for item in posts_in_file() if item.findtext(WP + "post_type") == "post"]
    assert f"Posts: {len(posts)} new" in output
    assert "Dry run: nothing was written" in output


def test_posts_made_after_the_import_get_numbers_of_their_own():
    import_theme()
    highest = max(
        int(item.findtext(WP + "post_id")) for item in posts_in_file() if not is_page(item)
    )
    assert PostFactory().pk > highest


def test_imported_posts_are_found_by_search_with_their_tags(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        import_theme()
    assert not Post.objects.filter(search_vector__isnull=True).exists()
    # A tag word that the post's own text does not hold: only the tags put it there.
    post, word = next(
        (post, tag.name)
        for post in Post.objects.filter(tags__isnull=False).distinct()
        for tag in post.tags.all()
        if tag.name.isalpha() and tag.name.lower() not in (post.title + post.body).lower()
    )
    found = Post.objects.filter(search_vector=SearchQuery(word, config="simple"))
    assert post in found
