"""What each slot of a cached page holds for one visitor.

A page in the shared cache was rendered for an anonymous reader, with each
personal part marked as a slot (`{% slot %}`, kexue/page_slots.py). For a
visitor with a session, each slot here renders that visitor's version from
the same template the page includes there, or answers None when theirs is
the anonymous one (a guest's header, a stranger's comment list), which then
stays as stored. A slot costs a query at most; the whole fill, a few.

Here, in the composition layer, because the slots belong to every app.
"""

from django.contrib.messages import get_messages
from django.shortcuts import get_object_or_404
from django.template.context_processors import csrf
from django.template.loader import get_template
from django.utils.translation import get_language

from blog.models import Post
from comments import page_parts
from comments.follows import is_following


class Fill:
    """One visitor's fills for the slots of one page."""

    def __init__(self, request):
        self.request = request
        self.user = request.user
        self.posts = {}
        self.context = {
            "request": request,
            "user": self.user,
            "LANGUAGE_CODE": get_language(),
            **csrf(request),  # lazy: only a form asks for the token
        }

    def render(self, template, **context):
        """The content of the slot `template` holds, rendered for this visitor."""
        captured = []
        get_template(template).render({**self.context, **context, "captured_slots": captured})
        return captured[0]

    def post(self, pk):
        if pk not in self.posts:
            fields = ("pk", "allow_comments")
            self.posts[pk] = get_object_or_404(Post.objects.only(*fields), pk=int(pk))
        return self.posts[pk]

    def member_nav(self):
        return self.render("includes/member_nav.html") if self.user.is_authenticated else None

    def take_part(self):
        if not self.user.is_authenticated:
            return None
        return self.render("includes/take_part.html")

    def subscribe(self, place):
        if not self.user.is_authenticated:
            return None
        return self.render("blog/includes/subscribe.html", place=place)

    def messages(self):
        messages = get_messages(self.request)
        return self.render("includes/messages.html", messages=messages) if messages else None

    def edit_profile(self, member_id):
        if not self.user.is_authenticated or str(self.user.pk) != member_id:
            return None
        return self.render("members/includes/edit_profile_link.html", member_id=self.user.pk)

    def comment_entries(self, post_id):
        post = self.post(post_id)
        if not page_parts.has_own_entries(post, self.request):
            return None
        entries = page_parts.entries(post, self.request, own=True)
        return self.render("comments/includes/entries.html", **entries)

    def follow(self, post_id):
        if not self.user.is_authenticated:
            return None
        post = self.post(post_id)
        following = is_following(post, self.user)
        return self.render("comments/includes/follow.html", post=post, following=following)

    def comment_form(self, post_id):
        if not self.user.is_authenticated:
            return None  # a guest's form is the shared one
        post = self.post(post_id)
        form = page_parts.comment_form(post, self.user)
        return self.render("comments/includes/form_block.html", post=post, form=form, ticketed=True)


SLOTS = {
    "member-nav": Fill.member_nav,
    "take-part": Fill.take_part,
    "subscribe": Fill.subscribe,
    "messages": Fill.messages,
    "edit-profile": Fill.edit_profile,
    "comment-entries": Fill.comment_entries,
    "follow": Fill.follow,
    "comment-form": Fill.comment_form,
}


def fills(stored, request):
    """{piece index: this visitor's bytes} for the slots of a StoredPage whose
    content is theirs alone; None if a slot is unknown here (stored by another
    version of the code): the page is then rendered for them."""
    fill, found = Fill(request), {}
    for index, piece in enumerate(stored.pieces):
        if piece.slot:
            if piece.slot not in SLOTS:
                return None
            html = SLOTS[piece.slot](fill, *piece.args)
            if html is not None:
                found[index] = html.encode()
    return found
