import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kexue.bilingual import InActiveLanguage
from kexue.markup import render_post, split_excerpt
from kexue.models import SiteSettings
from kexue.search_db import SearchIndex

from .excerpts import description, leading_blocks, without_footnotes
from .page_paths import PATH_LENGTH, clean_path, validate_page_path
from .reading_time import reading_minutes

MATH_MARKER = 'class="arithmatex"'
TOC_MIN_ENTRIES = 3
SLUG_LENGTH = 200
# What /archives/<int:pk>/ takes: a slug like this would never reach its post.
POST_NUMBER = re.compile(r"[0-9]+")


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    local_name = InActiveLanguage("name")  # what pages show

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:category", args=[self.slug])


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    local_name = InActiveLanguage("name")  # what pages show

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:tag", args=[self.slug])


class Series(models.Model):
    """Posts that read in order ("Variational autoencoders, part 1 … 5"). A post
    is in at most one series, at a position of its own (Post.series_position)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("blog:series", args=[self.slug])


class PostQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and not scheduled for later."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published, but for a moment still to come."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def for_listing(self):
        """The joins every list page needs, so listing N posts costs no N queries."""
        return self.select_related("category", "author").order_by("-published_at", "-id")


class PostManager(models.Manager.from_queryset(PostQuerySet)):
    def get_queryset(self):
        # The search vector is for the database to search in; no page reads it.
        return super().get_queryset().defer("search_vector")


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    # /archives/<slug>/ answers with a redirect to the post's own address, so the
    # slug stays free to change while links built on it keep working.
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_LENGTH,
        unique=True,
        blank=True,
        allow_unicode=True,
        validators=[
            RegexValidator(
                rf"^{POST_NUMBER.pattern}\Z",
                inverse_match=True,
                message=_("A slug of digits alone reads as a post number; add a word."),
                code="slug_is_a_number",
            )
        ],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("category"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("tags"))
    body = models.TextField(_("body"), help_text=_("Markdown with LaTeX math."))
    body_html = models.TextField(editable=False, blank=True)
    excerpt_html = models.TextField(editable=False, blank=True)
    toc_html = models.TextField(editable=False, blank=True)
    description = models.CharField(editable=False, blank=True, max_length=300)
    has_math = models.BooleanField(editable=False, default=False)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publish date"),
        default=timezone.now,
        help_text=_("A date in the future schedules the post."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    allow_comments = models.BooleanField(_("allow comments"), default=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,  # the parts stay, as posts of their own
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("series"),
    )
    series_position = models.PositiveSmallIntegerField(
        _("part"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Its number in the series; left empty, the post becomes the last part."),
    )
    # The post's identity on the site it was imported from (a WordPress GUID), so
    # importing the same export again finds it instead of adding it twice.
    source_id = models.CharField(
        _("id on the old site"), max_length=500, blank=True, editable=False
    )
    # Title (A), tags and category (B), body text (C); kept current by blog.signals.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            # Published posts newest first, ties by number: lists, the archive, and a
            # post's neighbours, which start from its own moment (blog.views).
            models.Index(fields=["status", "-published_at", "-id"], name="post_public_order"),
            models.Index(fields=["category", "-published_at", "-id"], name="post_category_order"),
            # The home page's order, so its list needs no sort of every post.
            models.Index(fields=["-pinned", "-published_at", "-id"], name="post_home_order"),
            SearchIndex(fields=["search_vector"], name="post_search"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_id"], condition=~models.Q(source_id=""), name="post_source_once"
            ),
            models.UniqueConstraint(
                fields=["series", "series_position"],
                name="series_part_once",
                violation_error_message=_("Another part of this series has this number."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.render()
        if not self.slug:
            self.slug = self.free_slug()
        # One transaction for the post and the counts its save moves (blog.tallies
        # keeps them from the save's signals), so no reader sees one without the other.
        with transaction.atomic():
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:post", args=[self.pk])

    def clean(self):
        super().clean()
        if self.series_id is None:
            self.series_position = None  # a number in no series means nothing
        elif self.series_position is None:
            self.series_position = self.next_series_position()

    def next_series_position(self):
        parts = Post.objects.filter(series_id=self.series_id).exclude(pk=self.pk)
        return (parts.aggregate(last=models.Max("series_position"))["last"] or 0) + 1

    def render(self, *, mathml=True):
        """Store the page's HTML; pages never render Markdown on a request.
        mathml=False stores formulas as TeX only, for a caller that adds the
        MathML of many posts at once (add_mathml_to_each)."""
        # Stored MathML expands the site's macros as the pages do.
        macros = SiteSettings.current().tex_macros_for_mathjax()
        self.body_html, toc_html = render_post(self.body, tex_macros=macros, mathml=mathml)
        # A table of contents only helps a long post with several sections.
        self.toc_html = toc_html if toc_html.count("<li>") >= TOC_MIN_ENTRIES else ""
        head = split_excerpt(self.body)
        self.excerpt_html = without_footnotes(
            render_post(head, tex_macros=macros, mathml=mathml)[0]
            if head is not None
            else leading_blocks(self.body_html)
        )
        self.description = description(self.excerpt_html)
        self.has_math = MATH_MARKER in self.body_html
        self.reading_minutes = reading_minutes(self.body_html)

    def free_slug(self):
        """A slug made from the title that no other post has and that cannot pass
        for a post number."""
        base = slugify(self.title, allow_unicode=True)[: SLUG_LENGTH - 10]  # room for "-2"
        base = base.rstrip("-")
        if not base or POST_NUMBER.fullmatch(base):
            base = f"post-{base}".rstrip("-")
        others = Post.objects.exclude(pk=self.pk).filter(slug__startswith=base)
        taken = set(others.values_list("slug", flat=True))
        slug, counter = base, 1
        while slug in taken:
            counter += 1
            slug = f"{base}-{counter}"
        return slug

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()


class CategoryTally(models.Model):
    """How many of a category's posts are published, scheduled ones included.

    Kept by blog.tallies in the transaction that changes a post; readers
    subtract the scheduled posts still to come."""

    category = models.OneToOneField(
        Category, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    posts = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.category_id}: {self.posts}"


class TagTally(models.Model):
    """How many posts with a tag are published, scheduled ones included (blog.tallies)."""

    tag = models.OneToOneField(
        Tag, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    posts = models.IntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.tag_id}: {self.posts}"


class MonthTally(models.Model):
    """How many posts are published in a month of the site's time zone, scheduled
    ones included (blog.tallies); their sum is every published post."""

    month = models.DateField(primary_key=True)  # the first day
    posts = models.IntegerField(default=0)

    class Meta:
        ordering = ["-month"]
        default_permissions = ()

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.posts}"


class PostRevision(models.Model):
    """The text a post had before a save changed it (blog.revisions keeps them).

    `saved_by` and `saved_at` belong to that save: who replaced this text, and when.
    """

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )
    saved_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        ordering = ["-saved_at", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        # Reached only through its post, under the post's permissions.
        default_permissions = ()

    def __str__(self):
        return f"{self.title} ({self.saved_at:%Y-%m-%d %H:%M})"


class Attachment(models.Model):
    """A file in the media library. Uploads are checked and prepared by blog.media;
    files go through the default storage, so object storage works by settings."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        FILE = "file", _("File")

    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("The alt text of an image; the file's name when left empty."),
    )
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", max_length=255)
    # Only for images wider than blog.media.WEB_WIDTH; smaller ones serve as they are.
    web_file = models.FileField(
        _("web-sized image"),
        upload_to="attachments/%Y/%m/",
        max_length=255,
        blank=True,
        editable=False,
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="attachments",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    @property
    def web_url(self):
        """What posts link to: the web-sized copy when the image needed one."""
        return (self.web_file or self.file).url

    @property
    def markdown(self):
        """The snippet an editor pastes into a post."""
        label = self.title.replace("[", r"\[").replace("]", r"\]")
        prefix = "!" if self.kind == self.Kind.IMAGE else ""
        return f"{prefix}[{label}]({self.web_url})"


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Post.Status.PUBLISHED)

    def in_menu(self):
        """The header's menu, in the editors' order."""
        return self.published().filter(in_menu=True).order_by("menu_order", "title")


class Page(models.Model):
    """A static page (About, FAQ, the licence explained) at a path the editor chooses.

    A model of its own rather than a kind of Post: a page has no date, author,
    category, tags, comments or series, and every list, feed, archive, sitemap
    section and search that reads posts would otherwise have to leave pages out,
    one filter forgotten away from showing "About" in the RSS feed. Its body
    goes through the posts' pipeline (math, table of contents, sanitizing)."""

    title = models.CharField(_("title"), max_length=200)
    path = models.CharField(
        _("path"),
        max_length=PATH_LENGTH,
        unique=True,
        validators=[validate_page_path],
        help_text=_("The page's address on the site: about gives /about/."),
    )
    body = models.TextField(_("body"), help_text=_("Markdown with LaTeX math."))
    body_html = models.TextField(editable=False, blank=True)
    toc_html = models.TextField(editable=False, blank=True)
    description = models.CharField(editable=False, blank=True, max_length=300)
    has_math = models.BooleanField(editable=False, default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Post.Status.choices, default=Post.Status.DRAFT
    )
    in_menu = models.BooleanField(
        _("in the menu"), default=False, help_text=_("Listed in the header, after Archive.")
    )
    menu_order = models.PositiveSmallIntegerField(
        _("menu order"), default=0, help_text=_("Smaller numbers come first.")
    )
    # As Post.source_id: a WordPress page imported again is found, not doubled.
    source_id = models.CharField(
        _("id on the old site"), max_length=500, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(
                fields=["source_id"], condition=~models.Q(source_id=""), name="page_source_once"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.path = clean_path(self.path)
        self.render()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog:page", args=[self.path])

    def clean_fields(self, exclude=None):
        self.path = clean_path(self.path)
        super().clean_fields(exclude)

    def render(self, *, mathml=True):
        """Store the page's HTML, as Post.render does."""
        macros = SiteSettings.current().tex_macros_for_mathjax()
        self.body_html, toc_html = render_post(self.body, tex_macros=macros, mathml=mathml)
        self.toc_html = toc_html if toc_html.count("<li>") >= TOC_MIN_ENTRIES else ""
        self.description = description(leading_blocks(self.body_html))
        self.has_math = MATH_MARKER in self.body_html

    @property
    def is_public(self):
        return self.status == Post.Status.PUBLISHED


class LegacyPath(models.Model):
    """An address a post had before the blog moved to Kexue, answered with a 301.

    Written by the importers (a WordPress item's link, `?p=ID`, a Hugo alias);
    read only for requests that would otherwise be a 404, or that ask the home
    page for `?p=` or `?page_id=` (blog/legacy.py)."""

    # A path as the old site wrote it, normalized by blog.legacy.normalize:
    # "/2019/03/02/hello-world", "/archives/12.html", "/?p=12".
    path = models.CharField(_("old path"), max_length=500, unique=True)
    # The old address leads to a post or to a static page (a WordPress page).
    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legacy_paths",
        verbose_name=_("post"),
    )
    page = models.ForeignKey(
        "Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legacy_paths",
        verbose_name=_("page"),
    )

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=True) ^ models.Q(page__isnull=True),
                name="legacy_path_one_target",
            )
        ]

    def __str__(self):
        return self.path


class Subscriber(models.Model):
    """An address that asked for new posts by e-mail and confirmed it.

    Only confirmed addresses are stored: until the link in the confirmation
    mail is followed, the request lives in that link's signature alone
    (blog.subscriptions), so an address someone else typed in receives the one
    confirmation and nothing else, and the list holds no one who did not ask."""

    email = models.EmailField(_("e-mail address"), unique=True)  # stored in lower case
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,  # a deleted account takes its subscription with it
        null=True,
        blank=True,
        related_name="post_subscriptions",
        verbose_name=_("member"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email


class Announcement(models.Model):
    """The mark that a post's new-post mail was queued, once in its life.

    Written in the transaction that queues the mails, with the post as its
    primary key: a second run, concurrent or later, and a post re-saved,
    unpublished and published again, find it and send nothing."""

    post = models.OneToOneField(
        Post,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="announcement",
        verbose_name=_("post"),
    )
    announced_at = models.DateTimeField(_("announced"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("new-post announcement")
        verbose_name_plural = _("new-post announcements")
        default_permissions = ()

    def __str__(self):
        return f"{self.post} ({self.announced_at:%Y-%m-%d %H:%M})"
