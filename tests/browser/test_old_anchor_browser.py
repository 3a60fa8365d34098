"""An old #comment-ID link, followed through the post's 301, lands on the imported comment."""

from datetime import UTC, datetime, timedelta

import pytest

from blog.models import LegacyPath
from comments.importing import ImportedComment, import_discussion
from comments.models import Comment
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = datetime(2015, 3, 1, tzinfo=UTC)


def old_comment(number, hours):
    return ImportedComment(
        key=str(number),
        source_id=str(number),
        body=f"Old comment {number}.\n\n" + "A paragraph that takes room on the page.\n\n" * 6,
        guest_name=f"Reader {number}",
        created_at=START + timedelta(hours=hours),
    )


IN_VIEW = (
    "selector => { const box = document.querySelector(selector).getBoundingClientRect();"
    " return box.top >= 0 && box.top < window.innerHeight; }"
)


def test_an_old_anchor_whose_id_another_comment_took_still_finds_its_comment(page):
    taken = Comment(post=PostFactory(), body="Written in Kexue.", guest_name="Early")
    taken.save()
    post = PostFactory()
    LegacyPath.objects.create(path="/?p=77", post=post)
    # The comment the old link names comes last, far down the page.
    earlier = [old_comment(taken.pk + number, number) for number in range(1, 30)]
    import_discussion(post, [*earlier, old_comment(taken.pk, 100)])
    imported = post.comments.get(source_id=str(taken.pk))
    target = f'[data-old-id="{taken.pk}"]'

    page.goto(f"{page.base_url}/?p=77")
    assert page.url == page.base_url + post.get_absolute_url()
    assert not page.evaluate(IN_VIEW, target)

    page.goto(f"{page.base_url}/?p=77#comment-{taken.pk}")

    assert page.url.endswith(f"{post.get_absolute_url()}#comment-{taken.pk}")
    assert page.get_attribute(target, "id") == f"comment-{imported.pk}"
    page.wait_for_function(IN_VIEW, arg=target)
    assert page.console_errors == []
