"""import_wxr with small exports written here: each case of the mapping from WordPress."""

import io
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from blog.models import Attachment, Category, LegacyPath, Page, Post
from comments.models import Comment
from tests.factories import PostFactory, UserFactory

from .wxr_files import SITE, author, category, comment, item, wxr

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_import(tmp_path):
    """Write an export and import it; returns the command's output."""

    def run(text, *options):
        path = tmp_path / "export.xml"
        path.write_text(text, encoding="utf-8")
        out = io.StringIO()
        call_command("import_wxr", str(path), *options, stdout=out)
        return out.getvalue()

    return run


def test_a_wxr_1_1_export_imports(run_import):
    run_import(wxr(item(12, "Version one point one"), version="1.1"))
    assert Post.objects.get(pk=12).title == "Version one point one"


def test_without_a_gmt_date_the_local_date_is_read_in_the_site_time_zone(run_import):
    run_import(
        wxr(
            item(1, date="2019-03-17 20:30:00", date_gmt="0000-00-00 00:00:00"),
            item(2, date="2019-03-18 08:00:00", date_gmt=""),
        )
    )
    local = ZoneInfo(settings.TIME_ZONE)
    assert Post.objects.get(pk=1).published_at == datetime(2019, 3, 17, 20, 30, tzinfo=local)
    assert Post.objects.get(pk=2).published_at == datetime(2019, 3, 18, 8, 0, tzinfo=local)


def test_states_map_to_published_or_draft_and_the_rest_is_skipped(run_import):
    output = run_import(
        wxr(
            item(1, status="publish"),
            item(2, status="future", date="2099-01-01 08:00:00", date_gmt="2099-01-01 00:00:00"),
            item(3, status="draft"),
            item(4, status="pending"),
            item(5, status="private"),
            item(6, status="publish", password="secret"),
            item(7, status="trash"),
            item(8, status="auto-draft"),
        )
    )
    states = dict(Post.objects.values_list("pk", "status"))
    assert states == {
        1: "published",
        2: "published",
        3: "draft",
        4: "draft",
        5: "draft",
        6: "draft",  # Kexue has no passwords: a protected post is not made public
    }
    assert list(Post.objects.published().values_list("pk", flat=True)) == [1]
    assert "Skipped: 1 posts in the trash." in output
    assert "Skipped: 1 auto-drafts" in output
    assert "Note: 1 password-protected posts imported as drafts." in output


def test_pages_become_static_pages_at_their_old_paths(run_import, client):
    output = run_import(
        wxr(
            item(40, "About", post_type="page", name="about", link=f"{SITE}/about/"),
            item(41, "Team", post_type="page", name="team", link=f"{SITE}/about/team/"),
            item(42, "Plans", post_type="page", status="draft", link=f"{SITE}/?page_id=42"),
        )
    )
    assert not Post.objects.exists()
    about, team = Page.objects.get(path="about"), Page.objects.get(path="about/team")
    assert (about.title, about.status, about.in_menu) == ("About", "published", False)
    assert "Hello." in about.body_html
    assert Page.objects.get(title="Plans").status == "draft"
    assert client.get("/about/team/").status_code == 200  # where it was
    for query, page in [({"page_id": "41"}, team), ({"p": "40"}, about)]:
        response = client.get("/", query)
        assert (response.status_code, response["Location"]) == (301, page.get_absolute_url())
    assert "pages: 3 new" in output
    assert "Posts: 0 new" in run_import(wxr(item(40, "About", post_type="page", name="about")))
    assert Page.objects.count() == 3  # imported again: found, not doubled


def test_a_page_whose_old_path_is_kexues_own_gets_its_slug(run_import, client):
    run_import(
        wxr(item(50, "Search tips", post_type="page", name="tips", link=f"{SITE}/search/tips/"))
    )
    page = Page.objects.get()
    assert page.path == "tips"
    assert client.get("/search/", {"q": "tips"}).status_code == 200  # search is not hidden
    for path, query in [("/search/tips/", {}), ("/", {"page_id": "50"})]:
        response = client.get(path, query)
        assert (response.status_code, response["Location"]) == (301, "/tips/")


def test_a_page_with_comments_stays_a_post_so_its_discussion_is_kept(run_import, client):
    output = run_import(
        wxr(
            item(
                60,
                "Guestbook",
                post_type="page",
                name="guestbook",
                link=f"{SITE}/guestbook/",
                comments=[comment(61, "Hello from a reader.")],
            )
        )
    )
    guestbook = Post.objects.get(pk=60)
    assert guestbook.category == Category.objects.get(slug="pages", name="Pages")
    assert guestbook.comments.count() == 1
    assert not Page.objects.exists()
    assert "pages with comments imported as posts" in output
    response = client.get("/guestbook/")
    assert (response.status_code, response["Location"]) == (301, reverse("blog:post", args=[60]))


def test_other_item_types_are_skipped_with_their_reason(run_import):
    output = run_import(
        wxr(
            item(1),
            item(2, post_type="attachment", status="inherit"),
            item(3, post_type="nav_menu_item"),
            item(4, post_type="wp_block"),
        )
    )
    assert list(Post.objects.values_list("pk", flat=True)) == [1]
    assert "Skipped: 1 attachments" in output
    assert "Skipped: 1 menu entries (menus are not imported)." in output
    assert "Skipped: 1 items of the type 'wp_block' (not imported)." in output


def test_an_unknown_author_becomes_a_member_who_claims_the_account_by_password_reset(
    run_import,
):
    output = run_import(
        wxr(
            item(1, creator="lin"),
            authors=[author("lin", email="lin@old.example.org", display_name="林 天")],
        )
    )
    member = Post.objects.get(pk=1).author
    assert (member.username, member.email, member.display_name) == (
        "lin",
        "lin@old.example.org",
        "林 天",
    )
    assert not member.has_usable_password()
    assert EmailAddress.objects.filter(user=member, email=member.email, verified=False).exists()
    assert "Authors: 1 new members." in output


def test_a_taken_username_gets_a_number_rather_than_someone_elses_posts(run_import):
    someone = UserFactory(username="lin", email="someone@example.org")
    run_import(wxr(item(1, creator="lin"), authors=[author("lin", email="lin@old.example.org")]))
    member = Post.objects.get(pk=1).author
    assert member != someone
    assert member.username == "lin-2"


def test_authors_are_found_by_mapping_then_by_email_then_by_the_default(run_import):
    mapped = UserFactory(username="editor")
    by_email = UserFactory(username="second", email="Writer@Example.org")
    default = UserFactory(username="house")
    output = run_import(
        wxr(
            item(1, creator="lin"),
            item(2, creator="writer"),
            item(3, creator="stranger"),
            authors=[
                author("lin", email="lin@old.example.org"),
                author("writer", email="writer@example.org"),
                author("stranger", email="stranger@old.example.org"),
            ],
        ),
        "--author",
        "lin=editor",
        "--default-author",
        "house",
    )
    authors = dict(Post.objects.values_list("pk", "author"))
    assert authors == {1: mapped.pk, 2: by_email.pk, 3: default.pk}
    assert get_user_model().objects.count() == 3
    assert "1 mapped with --author" in output
    assert "1 matched by e-mail" in output
    assert "1 credited to --default-author" in output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--author", "lin=nobody"], "--author lin=nobody: there is no member 'nobody'"),
        (["--author", "ghost=editor"], "has no author with the login 'ghost'"),
        (["--author", "lin"], "--author takes LOGIN=USERNAME, not 'lin'"),
        (["--default-author", "nobody"], "--default-author nobody: there is no member"),
    ],
)
def test_a_wrong_author_option_is_refused_before_anything_is_written(run_import, options, message):
    UserFactory(username="editor")
    with pytest.raises(CommandError, match="^Nothing imported: ") as refused:
        run_import(wxr(item(1, creator="lin")), *options)
    assert message in str(refused.value)
    assert not Post.objects.exists()


def test_the_old_number_is_kept_when_free_and_its_old_addresses_lead_to_the_new_one(
    run_import, client
):
    PostFactory(id=5)
    run_import(wxr(item(5, "Number five", name="five"), item(6, "Number six", name="six")))
    moved = Post.objects.get(title="Number five")
    assert moved.pk != 5
    assert Post.objects.get(title="Number six").pk == 6
    assert client.get("/archives/5/").status_code == 200  # still the post that had it
    for path in ("/archives/5.html", "/2019/03/17/five/", "/2019/03/five/", "/?p=5"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, moved.get_absolute_url())
    assert not LegacyPath.objects.filter(path="/archives/5").exists()


def test_slugs_are_decoded_unique_and_never_a_bare_number(run_import):
    run_import(
        wxr(
            item(1, "Greek", name="%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf"),
            item(2, "Digits", name="2019"),
            item(3, "Same", name="same"),
            item(4, "Same again", name="same"),
            item(5, "Made from the title", name=""),
        )
    )
    slugs = dict(Post.objects.values_list("pk", "slug"))
    assert slugs == {
        1: "επίπεδο",
        2: "post-2019",
        3: "same",
        4: "same-2",
        5: "made-from-the-title",
    }


def test_sticky_closed_comments_excerpt_and_labels(run_import):
    run_import(
        wxr(
            item(
                1,
                sticky=True,
                comment_status="closed",
                excerpt="<p>The summary.</p>",
                content="<p>The whole text.</p>",
                categories=[("physics", "Physics"), ("math", "Math &amp; more")],
                tags=[("entropy", "entropy")],
            ),
            terms=[category("unused", "Declared but unused")],
        )
    )
    post = Post.objects.get(pk=1)
    assert post.pinned and not post.allow_comments
    assert post.body.index("The summary.") < post.body.index("<!--more-->")
    assert post.body.index("<!--more-->") < post.body.index("The whole text.")
    assert "The summary." in post.excerpt_html and "The whole text." not in post.excerpt_html
    assert post.category.name == "Physics"
    assert sorted(tag.name for tag in post.tags.all()) == ["Math & more", "entropy"]
    assert Category.objects.filter(slug="unused", name="Declared but unused").exists()


def test_bodies_become_markdown_with_their_math_and_block_footnotes(run_import):
    body = (
        '<!-- wp:paragraph --><p>Claim $x_1 &lt; y$<sup data-fn="f-1" class="fn">'
        '<a href="#f-1" id="f-1-link">1</a></sup>.</p><!-- /wp:paragraph -->'
        "<!-- wp:footnotes /-->"
    )
    notes = json.dumps([{"id": "f-1", "content": "The note."}])
    run_import(wxr(item(1, content=body, meta=[("footnotes", notes)])))
    post = Post.objects.get(pk=1)
    assert r"\(x_1 < y\)" in post.body
    assert "[^1]: The note." in post.body
    assert "wp:paragraph" not in post.body_html


def test_existing_categories_are_matched_by_slug(run_import):
    physics = Category.objects.create(name="物理", slug="physics")
    run_import(wxr(item(1, categories=[("physics", "Physics")])))
    assert Post.objects.get(pk=1).category == physics
    assert Category.objects.count() == 1


def test_comments_keep_parents_states_writers_and_order(run_import):
    writer = UserFactory(username="lin-here", email="lin@old.example.org")
    run_import(
        wxr(
            item(
                1,
                comments=[
                    # A reply listed before its parent still lands under it.
                    comment(12, "The reply.", parent=11, date_gmt="2019-03-19 01:00:00"),
                    comment(11, "The first.", approved="1"),
                    comment(13, "Held.", approved="0"),
                    comment(14, "Buy now.", approved="spam"),
                    comment(15, "Thrown away.", approved="trash"),
                    comment(16, "By the author.", user_id=7, author="Lin"),
                    comment(17, "Its parent is gone.", parent=99),
                    comment(18, "A pingback.", comment_type="pingback"),
                    comment(19, "   "),
                ],
            ),
            authors=[author("lin", email="lin@old.example.org", author_id="7")],
        )
    )
    comments = {c.source_id: c for c in Comment.objects.all()}
    assert sorted(comments) == ["11", "12", "13", "14", "15", "16", "17"]
    assert comments["12"].parent == comments["11"]
    assert comments["17"].parent is None
    states = {key: c.status for key, c in comments.items()}
    assert states["13"] == "pending"
    assert states["14"] == "spam"
    assert states["15"] == "removed"
    assert comments["16"].author == writer
    assert comments["11"].guest_name == "Reader"
    assert comments["11"].created_at == datetime(2019, 3, 18, 1, 0, tzinfo=UTC)
    assert str(comments["11"].ip_address) == "192.0.2.7"


def test_a_later_export_adds_only_the_new_comments(run_import):
    first = [comment(11, "The first.")]
    run_import(wxr(item(1, comments=first)))
    later = [*first, comment(12, "A reply from later.", parent=11)]
    output = run_import(wxr(item(1, comments=later)))
    assert Post.objects.count() == 1
    reply = Comment.objects.get(source_id="12")
    assert reply.parent == Comment.objects.get(source_id="11")
    assert "Comments: 1 new" in output
    assert "1 updated" in output


def test_a_dry_run_reports_the_changes_and_writes_nothing(run_import):
    run_import(wxr(item(1, comments=[comment(11, "The first.")])))
    export = wxr(
        item(1, comments=[comment(11, "The first."), comment(12, "New.", parent=11)]),
        item(2, "Brand new"),
        authors=[author("lin", email="lin@old.example.org")],
    )
    output = run_import(export, "--dry-run")
    assert Post.objects.count() == 1
    assert Comment.objects.count() == 1
    assert "Posts: 1 new, 1 imported before" in output
    assert "Comments: 1 new" in output
    assert "1 updated" in output


def test_old_addresses_never_hide_kexue_pages(run_import):
    run_import(
        wxr(
            item(1, link=f"{SITE}/search/", name="searching"),
            item(2, link=f"{SITE}/category/news/", name="news"),
            item(3, link=f"{SITE}/archives/hello/", name="hello"),
        )
    )
    paths = set(LegacyPath.objects.values_list("path", flat=True))
    assert "/search" not in paths
    assert "/category/news" not in paths
    # /archives/<slug>/ is Kexue's own only when a post has that slug.
    assert "/archives/hello" in paths


def test_a_post_and_its_comments_commit_together_or_not_at_all(run_import, monkeypatch):
    from comments import importing

    real = importing.import_discussion

    def fail_on_second_post(post, comments):
        if post.pk == 2:
            raise importing.DiscussionImportError("a comment the loader refuses")
        return real(post, comments)

    monkeypatch.setattr("kexue.sitewide.wxr.importer.import_discussion", fail_on_second_post)
    export = wxr(
        item(1, comments=[comment(11, "Fine.")]),
        item(2, comments=[comment(21, "Refused.")]),
        item(3),
    )
    with pytest.raises(CommandError, match=r"^Stopped at item 2 \(wp:post_id 2") as stopped:
        run_import(export)
    assert "the 1 posts and pages created before it were" in str(stopped.value)
    assert list(Post.objects.values_list("pk", flat=True)) == [1]
    assert list(Comment.objects.values_list("source_id", flat=True)) == ["11"]
    assert not LegacyPath.objects.filter(post_id=2).exists()


def test_fetch_media_copies_files_from_the_uploads_folder_and_rewrites_links(run_import, tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2019" / "03").mkdir(parents=True)
    Image.new("RGB", (40, 30), "teal").save(uploads / "2019" / "03" / "figure.png")
    here = f"{SITE}/wp-content/uploads/2019/03/figure.png"
    resized = f"{SITE}/wp-content/uploads/2019/03/figure-20x15.png"
    missing = f"{SITE}/wp-content/uploads/2019/03/gone.png"
    body = f'<p><img src="{here}"><img src="{resized}"><img src="{missing}"></p>'
    output = run_import(wxr(item(1, content=body)), "--fetch-media", str(uploads))
    attachment = Attachment.objects.get()
    post = Post.objects.get(pk=1)
    assert here not in post.body and resized not in post.body
    assert post.body.count(attachment.web_url) == 2
    assert missing in post.body  # not in the folder: the old address stays
    assert "Media files: 1 copied, 1 missing." in output
    # The site's CSP refuses images from elsewhere: the summary says which posts still link them.
    assert "Images: 1 posts show images from old.example.org" in output


def test_a_dry_run_with_fetch_media_stores_no_file(run_import, tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2019" / "03").mkdir(parents=True)
    Image.new("RGB", (40, 30), "teal").save(uploads / "2019" / "03" / "figure.png")
    body = f'<img src="{SITE}/wp-content/uploads/2019/03/figure.png">'
    output = run_import(wxr(item(1, content=body)), "--fetch-media", str(uploads), "--dry-run")
    assert not Attachment.objects.exists()
    assert not (tmp_path / "media").exists()
    assert "Media files: 1 copied." in output


def test_fetch_media_never_reads_outside_the_folder(run_import, tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "private.png")
    body = f'<img src="{SITE}/wp-content/uploads/../private.png">'
    run_import(wxr(item(1, content=body)), "--fetch-media", str(uploads))
    assert not Attachment.objects.exists()
