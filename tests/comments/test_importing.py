"""Loading a discussion from plain values (seed_demo now, blog imports later)."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from comments.importing import DiscussionImportError, ImportedComment, import_discussion
from comments.management.commands.check_comment_trees import broken_trees
from comments.models import Comment
from kexue.caching import page_version
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def hour(number):
    return START + timedelta(hours=number)


def thread():
    """a ← b ← c, a ← d, and a second top-level comment e; members and guests mixed."""
    return [
        ImportedComment(key="a", body="Why $n^2$?", member="ada", created_at=hour(0)),
        ImportedComment(
            key="b",
            parent="a",
            body="Because $\\sum_{k<n} (2k+1) = n^2$.",
            guest_name="Omar",
            guest_email="omar@example.org",
            guest_wants_replies=True,
            created_at=hour(1),
        ),
        ImportedComment(key="c", parent="b", body="Nice.", member="ada", created_at=hour(2)),
        ImportedComment(key="d", parent="a", body="Or by dots.", member="bo", created_at=hour(3)),
        ImportedComment(
            key="e",
            body="Held back.",
            guest_name="Li",
            status=Comment.Status.PENDING,
            created_at=hour(4),
        ),
    ]


@pytest.fixture
def writers():
    return {"ada": UserFactory(username="ada"), "bo": UserFactory(username="bo")}


def test_the_discussion_keeps_its_tree_writers_dates_and_states(post, writers):
    assert import_discussion(post, thread()) == 5

    comments = list(Comment.objects.filter(post=post).order_by("tree_id", "lft"))
    by_body = {comment.body[:5]: comment for comment in comments}
    a, b, c, d, e = (by_body[key] for key in ("Why $", "Becau", "Nice.", "Or by", "Held "))
    assert comments == [a, b, c, d, e]
    assert (b.parent, c.parent, d.parent, e.parent) == (a, b, a, None)
    assert [comment.level for comment in comments] == [0, 1, 2, 1, 0]
    assert broken_trees() == []
    assert a.author == writers["ada"] and d.author == writers["bo"]
    assert b.author is None and (b.guest_name, b.guest_email) == ("Omar", "omar@example.org")
    assert b.guest_wants_replies and not e.guest_wants_replies
    assert [comment.created_at for comment in comments] == [hour(n) for n in range(5)]
    assert e.status == Comment.Status.PENDING and a.status == Comment.Status.APPROVED
    assert 'class="arithmatex"' in b.body_html


def test_a_post_with_comments_gets_none_added(post, writers):
    import_discussion(post, thread())

    assert import_discussion(post, thread()) == 0
    assert Comment.objects.filter(post=post).count() == 5


def test_discussions_on_different_posts_are_separate_trees(post, writers):
    other = PostFactory()
    import_discussion(post, thread())
    import_discussion(other, thread())

    assert other.comments.count() == 5
    assert not set(post.comments.values_list("tree_id", flat=True)) & set(
        other.comments.values_list("tree_id", flat=True)
    )
    assert broken_trees() == []


def test_a_comment_without_a_date_is_dated_when_loaded(post):
    before = datetime.now(UTC)
    import_discussion(post, [ImportedComment(key="a", body="Hello.", guest_name="Li")])

    assert Comment.objects.get().created_at >= before


@pytest.mark.parametrize(
    ("comments", "message"),
    [
        (
            [ImportedComment(key="a", body="x", guest_name="G")] * 2,
            "comment 'a': another comment has this key",
        ),
        (
            [ImportedComment(key="a", parent="z", body="x", guest_name="G")],
            "comment 'a': replies to 'z', which is not an earlier comment",
        ),
        (
            [ImportedComment(key="a", body="x", member="nobody")],
            "comment 'a': no member named 'nobody'",
        ),
        ([ImportedComment(key="a", body="x")], "comment 'a': neither a member nor a guest's name"),
        (
            [ImportedComment(key="a", body="x", guest_name="G", status="hidden")],
            "comment 'a': unknown status 'hidden'",
        ),
        ([ImportedComment(key="a", body=" ", guest_name="G")], "comment 'a': no text"),
    ],
)
def test_a_bad_discussion_is_refused_whole(post, comments, message):
    fine = ImportedComment(key="first", body="Fine.", guest_name="G")

    with pytest.raises(DiscussionImportError) as raised:
        import_discussion(post, [fine, *comments])

    assert str(raised.value) == f"{post.slug}, {message}"
    assert not Comment.objects.exists()


def from_old_site(number, parent=None, at=None, **fields):
    """A comment as an export gives it: keyed and identified by its old id."""
    fields.setdefault("guest_name", f"Reader {number}")
    return ImportedComment(
        key=str(number),
        source_id=str(number),
        parent=str(parent) if parent is not None else None,
        body=fields.pop("body", f"Comment {number}."),
        created_at=hour(number if at is None else at),
        **fields,
    )


def tree_shape(post):
    """(old id, parent's old id, level) of the post's comments in display order."""
    return [
        (comment.source_id, comment.parent.source_id if comment.parent else None, comment.level)
        for comment in post.comments.in_display_order().select_related("parent")
    ]


def test_siblings_follow_their_dates_whatever_the_order_of_the_list(post):
    # 3 and 2 both answer 1; 3 comes first in the list but was written later.
    comments = [
        from_old_site(800001, at=0),
        from_old_site(800003, parent=800001, at=5),
        from_old_site(800002, parent=800001, at=2),
        from_old_site(800004, at=1),
    ]

    import_discussion(post, comments)

    assert tree_shape(post) == [
        ("800001", None, 0),
        ("800002", "800001", 1),
        ("800003", "800001", 1),
        ("800004", None, 0),
    ]
    assert broken_trees() == []


def test_a_deep_thread_keeps_every_level_and_the_trees_check_clean(post):
    chain = [from_old_site(810000)] + [
        from_old_site(810000 + depth, parent=810000 + depth - 1) for depth in range(1, 15)
    ]

    assert import_discussion(post, chain) == 15

    assert [level for _, _, level in tree_shape(post)] == list(range(15))
    out = StringIO()
    call_command("check_comment_trees", stdout=out)
    assert out.getvalue().strip() == "All comment trees are valid."


def test_free_old_ids_become_the_comments_ids_and_later_comments_come_after(post):
    import_discussion(post, [from_old_site(900045), from_old_site(900046, parent=900045)])

    assert set(post.comments.values_list("pk", flat=True)) == {900045, 900046}
    later = Comment(post=post, body="Written in Kexue.", guest_name="New")
    later.save()
    assert later.pk > 900046


def test_an_old_id_taken_by_another_comment_is_kept_for_the_old_anchor(post, client):
    taken = Comment(post=PostFactory(), body="Already here.", guest_name="Early")
    taken.save()

    import_discussion(post, [from_old_site(taken.pk), from_old_site(900100, parent=taken.pk)])

    moved = post.comments.get(source_id=str(taken.pk))
    assert moved.pk != taken.pk
    assert post.comments.get(source_id="900100").parent == moved
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{moved.pk}"' in page and f'data-old-id="{taken.pk}"' in page
    assert 'id="comment-900100"' in page and 'data-old-id="900100"' not in page


def test_loading_again_adds_only_what_is_new_replies_to_old_comments_included(post):
    first = [
        from_old_site(820001),
        from_old_site(820002, parent=820001),
        from_old_site(820003),
    ]
    import_discussion(post, first)
    unrelated = PostFactory()
    import_discussion(unrelated, [from_old_site(830001), from_old_site(830002, parent=830001)])
    before = set(post.comments.values_list("pk", flat=True))
    later = [
        *first,
        from_old_site(820004, parent=820002),  # deeper into the first thread
        from_old_site(820005, parent=820001, at=820001.5),  # before 2, its elder sibling
        from_old_site(820006, parent=820003),
        from_old_site(820007),
    ]

    assert import_discussion(post, later) == 4
    assert import_discussion(post, later) == 0

    assert tree_shape(post) == [
        ("820001", None, 0),
        ("820005", "820001", 1),
        ("820002", "820001", 1),
        ("820004", "820002", 2),
        ("820003", None, 0),
        ("820006", "820003", 1),
        ("820007", None, 0),
    ]
    assert before < set(post.comments.values_list("pk", flat=True))  # stored ones stay
    assert broken_trees() == []


def test_a_discussion_without_old_ids_goes_only_onto_a_post_without_comments(post):
    Comment(post=post, body="Written in Kexue.", guest_name="New").save()

    assert import_discussion(post, thread()[4:]) == 0
    assert post.comments.count() == 1


def test_old_comments_join_a_post_that_has_comments_of_its_own(post):
    Comment(post=post, body="Written in Kexue.", guest_name="New").save()

    assert import_discussion(post, [from_old_site(840001), from_old_site(840002, 840001)]) == 2
    assert post.comments.count() == 3
    assert broken_trees() == []


def test_what_the_old_site_stored_is_untrusted_input(post):
    comments = [
        from_old_site(
            850001,
            body="<script>alert(1)</script> <img src=x onerror=alert(2)> $a<b$",
            guest_website="https://reader.example.org/",
            guest_email="reader@example.org",
            guest_wants_replies=True,
            ip_address="2001:db8::1",
        ),
        from_old_site(
            850002,
            guest_name="A name far longer than the fifty characters a guest may use here",
            guest_website="javascript:alert(3)",
            guest_email="not an address",
            guest_wants_replies=True,
            ip_address="localhost",
        ),
    ]

    import_discussion(post, comments)

    kept, dropped = post.comments.order_by("created_at")
    assert "<script" not in kept.body_html and "<img" not in kept.body_html
    assert 'class="arithmatex"' in kept.body_html
    assert (kept.guest_website, kept.guest_email, kept.ip_address) == (
        "https://reader.example.org/",
        "reader@example.org",
        "2001:db8::1",
    )
    assert kept.guest_wants_replies
    assert (dropped.guest_website, dropped.guest_email, dropped.ip_address) == ("", "", None)
    assert not dropped.guest_wants_replies
    assert dropped.guest_name == "A name far longer than the fifty characters a gues"


def test_imported_comments_are_found_by_search(post, client):
    import_discussion(post, [from_old_site(860001, body="Zygomorphic flowers and $x$.")])

    page = client.get("/search/", {"q": "zygomorphic"}).content.decode()

    assert "Zygomorphic" in page


def test_an_import_changes_what_cached_pages_show(post):
    version = page_version()

    import_discussion(post, [from_old_site(870001)])

    assert page_version() != version


@pytest.mark.parametrize(
    ("comments", "message"),
    [
        (
            [from_old_site(1), ImportedComment(key="b", body="x", guest_name="G")],
            "comment 'b': no id on the old site, unlike other comments of the post",
        ),
        (
            [from_old_site(1), ImportedComment(key="b", source_id="1", body="x", guest_name="G")],
            "comment 'b': another comment has the id '1' on the old site",
        ),
        (
            [ImportedComment(key="b", source_id="9" * 65, body="x", guest_name="G")],
            "comment 'b': an id on the old site longer than 64 characters",
        ),
        (
            [ImportedComment(key="b", body="x", guest_name="G", created_at=datetime(2020, 1, 1))],
            "comment 'b': its date has no time zone",
        ),
    ],
)
def test_a_bad_list_of_old_comments_is_refused_whole(post, comments, message):
    with pytest.raises(DiscussionImportError) as raised:
        import_discussion(post, comments)

    assert str(raised.value) == f"{post.slug}, {message}"
    assert not Comment.objects.exists()


def test_imported_comments_get_the_html_and_mathml_a_saved_comment_gets(post, mathml_worker):
    bodies = [r"Why $n^2$ and not \(n^3\)?", "No math.", "$$\\sum_k k = \\frac{n(n+1)}{2}$$"]
    import_discussion(
        post,
        [
            ImportedComment(key=str(number), body=body, guest_name="G", created_at=hour(number))
            for number, body in enumerate(bodies)
        ],
    )
    stored = list(Comment.objects.filter(post=post).order_by("created_at"))
    assert [comment.body_html.count("<math") for comment in stored] == [2, 0, 1]
    for comment in stored:
        saved_alike = Comment(body=comment.body)
        saved_alike.render()
        assert comment.body_html == saved_alike.body_html
