"""Where comments are shown short (sidebar, profile, moderation), formulas are whole math."""

import re

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.factories import MemberCommentFactory, PostFactory, StaffFactory

pytestmark = pytest.mark.django_db

BODY = (
    r"Yes: $\frac{dH}{dT} = \frac{\operatorname{Var}_p(z)}{T^3} \ge 0$, so entropy never decreases."
)
FORMULA = (
    '<span class="arithmatex">\\(\\frac{dH}{dT} = \\frac{\\operatorname{Var}_p(z)}{T^3} '
    "\\ge 0\\)</span>"
)
MATHJAX = 'id="MathJax-script"'
MACROS = 'id="tex-macros"'  # the site's TeX macros, which comments may use too
SCOPE = '<span class="math-scope tex2jax_ignore">'


def section(page, start):
    part = page[page.index(start) :]
    return part[: part.index("</section>")]


def test_the_recent_comments_widget_shows_a_whole_formula_as_math_not_markdown(client, member):
    MemberCommentFactory(author=member, body=BODY)
    page = client.get("/").content.decode()
    widget = section(page, '<section class="widget widget-recent-comments">')
    assert '<a class="math-scope tex2jax_ignore" href="' in widget
    assert FORMULA in widget and "$" not in widget
    assert MATHJAX in page


def test_a_profile_lists_comments_as_snippets_with_their_formulas(client, member):
    MemberCommentFactory(author=member, body="intro " * 60 + "and then $x^2$ at the end.")
    page = client.get(reverse("members:profile", args=[member.username])).content.decode()
    listed = section(page, '<section class="member-comments">')
    excerpt = re.search(r'<p class="comment-excerpt math-scope tex2jax_ignore">(.*?)</p>', listed)
    assert excerpt.group(1).endswith("…") and "x^2" not in excerpt.group(1)
    assert MATHJAX in page


def pending_reply(post):
    parent = Comment(post=post, guest_name="Ann", body=BODY, status="approved")
    parent.save()
    reply = Comment(post=post, parent=parent, guest_name="Bo", body="And $y_1$?", status="pending")
    reply.save()
    return reply


def test_the_moderation_queue_typesets_comments_and_quotes_the_parent_with_whole_formulas(client):
    pending_reply(PostFactory())
    client.force_login(StaffFactory())
    page = client.get(reverse("admin:comments_moderation")).content.decode()
    assert MATHJAX in page and MACROS in page
    assert '<div class="moderation-body math-scope tex2jax_ignore">' in page
    quote = re.search(r"<blockquote>Ann: (.*?)</blockquote>", page).group(1)
    assert quote == f"{SCOPE}Yes: {FORMULA}, so entropy never decreases.</span>"


def test_the_comment_list_and_form_in_the_admin_show_formulas_as_math(client):
    reply = pending_reply(PostFactory())
    client.force_login(StaffFactory())
    listing = client.get(reverse("admin:comments_comment_changelist")).content.decode()
    assert MATHJAX in listing and MACROS in listing
    assert SCOPE + 'And <span class="arithmatex">\\(y_1\\)</span>?</span>' in listing
    form = client.get(reverse("admin:comments_comment_change", args=[reply.pk])).content.decode()
    assert MATHJAX in form and MACROS in form and FORMULA in form
