from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from blog.models import Post
from kexue.markup import render_comment
from kexue.models import SiteSettings
from kexue.search_db import SearchIndex


def writer_name(member, guest_name):
    """The name shown for a comment: the member's public name, else the guest's."""
    return member.display_name_for_public if member is not None else guest_name


class CommentQuerySet(TreeQuerySet):
    """The filters pages share. Built on mptt's queryset so that the manager made
    from it is a TreeManager and tree operations (rebuild, moves) keep working."""

    def approved(self):
        """Approved by a moderator or by the site's policy, deleted by its writer or not."""
        return self.filter(status=Comment.Status.APPROVED)

    def shown(self):
        """What readers see as a comment, and what counts count: approved and not
        deleted by its writer. (A thread also shows a deleted comment's placeholder
        above its visible replies; thread.lay_out decides that.)"""
        return self.approved().filter(is_deleted=False)

    def on_published_posts(self):
        return self.filter(post__in=Post.objects.published())

    def public(self):
        """Shown, on a post the public may read: for every list outside a post's page."""
        return self.shown().on_published_posts()

    def pending(self):
        """The moderation queue, oldest first."""
        return self.filter(status=Comment.Status.PENDING).order_by("created_at")

    def in_display_order(self):
        """Every comment after its parent and before its parent's later replies."""
        return self.order_by("tree_id", "lft")

    def newest_first(self):
        return self.order_by("-created_at")

    def by_member(self, member):
        return self.filter(author=member)

    def by_guest(self, email):
        return self.filter(author__isnull=True, guest_email__iexact=email)


class Comment(MPTTModel):
    """One comment in a post's discussion; replies hang below it in an mptt tree.

    Every top-level comment starts its own tree, so a post's whole discussion is
    one indexed query ordered by (tree_id, lft), in display order.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    post = models.ForeignKey(
        "blog.Post", on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    parent = TreeForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("member"),
    )
    guest_name = models.CharField(_("name"), max_length=50, blank=True)
    guest_email = models.EmailField(_("e-mail"), blank=True)
    guest_website = models.URLField(_("website"), max_length=200, blank=True)
    guest_wants_replies = models.BooleanField(_("e-mail replies to the guest"), default=False)
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    is_deleted = models.BooleanField(_("deleted by its author"), default=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    # When readers could first see it: its posting, or its moderator's approval
    # later (set under the tree lock). What a thread's followers hear about is
    # ordered by this, so a comment held for moderation is news when it is
    # approved, not before. None: never approved here (imported ones are history,
    # not news).
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # The comment's id on the site it was imported from, so importing again skips
    # it and links to the old #comment-ID anchor still find it.
    source_id = models.CharField(_("id on the old site"), max_length=64, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class MPTTMeta:
        order_insertion_by = ["created_at"]

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "tree_id", "lft"], name="comment_thread"),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
            models.Index(fields=["author", "-created_at"], name="comment_by_member"),
            SearchIndex(fields=["search_vector"], name="comment_search"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "source_id"],
                condition=~models.Q(source_id=""),
                name="comment_source_once",
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.author_name}: {self.body[:40]}"

    def save(self, *args, update_fields=None, **kwargs):
        # Rendered unless this very text was rendered already (submit_comment
        # renders before it takes the tree lock, the slow part of a write out
        # of it) or the save leaves body_html alone (a status change).
        rendering = update_fields is None or "body_html" in update_fields
        if rendering and self._rendered_body != self.body:
            self.render()
        if self._state.adding and self.parent_id is None and not self.tree_id:
            # A new thread starts after the last tree, never between two:
            # order_insertion_by would place a root dated before the newest
            # one (another host's clock a little behind) in date order and
            # renumber every later tree, which comments/locking.py's
            # tree-creation lock does not cover.
            type(self)._tree_manager.insert_node(self, None)
        super().save(*args, update_fields=update_fields, **kwargs)

    def render(self, *, mathml=True):
        # Stored MathML expands the site's macros as the pages do.
        macros = SiteSettings.current().tex_macros_for_mathjax()
        self.body_html = render_comment(self.body, tex_macros=macros, mathml=mathml)
        self._rendered_body = self.body if mathml else None

    _rendered_body = None

    def get_absolute_url(self):
        """A permanent address that finds the comment on whichever page it is."""
        return reverse("comments:permalink", args=[self.pk])

    @property
    def author_name(self):
        return writer_name(self.author, self.guest_name)

    @property
    def notify_address(self):
        """Where replies to this comment are announced, or "" for nowhere."""
        if self.author_id is not None:
            member = self.author
            wants = member.notify_on_reply and member.is_active and not member.is_deleted
            return member.email if wants else ""
        return self.guest_email if self.guest_wants_replies else ""

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def is_shown(self):
        """What `Comment.objects.shown()` selects: approved and not deleted by its writer."""
        return self.is_approved and not self.is_deleted


class Notification(models.Model):
    """A comment announced by e-mail: which comment queued which mail.

    The mail itself waits in the shared outbox (kexue.outbox), written in the
    same transaction as the comment; `send_mail` delivers and retries it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="notifications")
    message = models.OneToOneField(
        "outbox.Message", on_delete=models.CASCADE, related_name="notification"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"#{self.comment_id} → {self.message}"


class Unsubscribe(models.Model):
    """A guest address that asked for no more reply notifications."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.email


class SpentStamp(models.Model):
    """A comment form's stamp that has posted a comment (comments/stamps.py):
    the same stamp never posts another."""

    nonce = models.CharField(max_length=32, primary_key=True)
    spent_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.nonce


class ThreadFollowQuerySet(models.QuerySet):
    def confirmed(self):
        """The followers: members, and guests who confirmed their address."""
        return self.filter(confirmed_at__isnull=False)

    def of_member(self, member):
        return self.filter(member=member)

    def of_guest(self, email):
        return self.filter(member__isnull=True, email__iexact=email)


class ThreadFollow(models.Model):
    """Someone who hears about new comments on a post's discussion.

    One row per post and follower. A follower is either a `member` (with `email`
    empty: mail goes to the member's account address) or a guest's `email`
    (with `member` empty). `confirmed_at` is None while a guest has not yet
    clicked the link in the confirmation mail; such a row follows nothing
    (`ThreadFollow.objects.confirmed()` are the followers). A member's row is
    confirmed when made.

    New comments for a follower are the post's public ones approved
    (`Comment.approved_at`) after `seen_until`, not their own. `last_digest_at`
    is when the last digest mail was queued (None: none yet); the next waits
    until KEXUE_FOLLOW_DIGEST_MINUTES have passed since (comments/digests.py).
    `site_url` is the site's address as the follower used it, for the links of
    mails a management command writes without a request.
    """

    post = models.ForeignKey(
        "blog.Post", on_delete=models.CASCADE, related_name="follows", verbose_name=_("post")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thread_follows",
        verbose_name=_("member"),
    )
    email = models.EmailField(_("guest's e-mail"), blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    seen_until = models.DateTimeField(_("news after"), default=timezone.now)
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    site_url = models.CharField(_("site address"), max_length=200, blank=True)

    objects = ThreadFollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread follower")
        verbose_name_plural = _("thread followers")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member"],
                condition=models.Q(member__isnull=False),
                name="follow_once_per_member",
            ),
            models.UniqueConstraint(
                "post",
                Lower("email"),
                condition=models.Q(member__isnull=True),
                name="follow_once_per_guest",
            ),
            models.CheckConstraint(
                condition=models.Q(member__isnull=True, email__gt="")
                | models.Q(member__isnull=False, email=""),
                name="follow_member_or_guest",
            ),
        ]

    def __str__(self):
        return f"{self.address} → #{self.post_id}"

    @property
    def address(self):
        """Where this follower's mail goes."""
        return self.member.email if self.member_id is not None else self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class ReadNotice(models.Model):
    """A notice on a member's notifications page (comments/notices.py) that they
    marked read. Notices themselves are not stored: they are derived from the
    comments, so a comment moderated away or deleted stops being one at once.

    One row per notice read rather than a "read up to" time: a guest's reply
    waits for moderation and may become visible long after it was written, and
    a time mark would count it as read before its reader ever saw it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_notices"
    )
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "comment"], name="notice_read_once")
        ]

    def __str__(self):
        return f"{self.member_id} read #{self.comment_id}"
