from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from . import licences
from .bilingual import InActiveLanguage
from .caching import bump_content_version
from .markup import render_snippet
from .safe_urls import is_site_path, is_web_url
from .texmacros import parse_macros

CACHE_KEY = "kexue:site-settings"

DEFAULT_LICENCE_NOTICE = (
    "除非另有说明，本站文章以 CC BY-NC-SA 4.0 许可发布：转载请注明作者与原文链接，"
    "不得用于商业目的，改编后须以相同方式共享。"
)


def validate_image_address(value):
    if not (is_site_path(value) or is_web_url(value)):
        raise ValidationError(
            _("Give an address on this site, starting with /, or an http(s) address."),
            code="not_an_image_address",
        )


class SiteSettings(models.Model):
    """The one row of site-wide texts that editors change in the admin."""

    site_name = models.CharField(_("site name"), max_length=100, default="Kexue 科学")
    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True, default="写给好奇者的数学与物理"
    )
    tagline_en = models.CharField(_("tagline in English"), max_length=200, blank=True)
    author_name = models.CharField(
        _("author name"),
        max_length=100,
        default="Kexue",
        help_text=_("Used in citations and feeds."),
    )
    share_image = models.CharField(
        _("share image"),
        max_length=500,
        blank=True,
        validators=[validate_image_address],
        help_text=_(
            "The picture link previews show for a post without an image of its own: the "
            "address of an image from the media library (/media/…) or an http(s) address. "
            "About 1200 × 630 pixels suits most sites."
        ),
    )
    licence = models.CharField(
        _("licence"), max_length=30, choices=licences.CHOICES, default=licences.DEFAULT
    )
    custom_licence_name = models.CharField(
        _("custom licence name"),
        max_length=100,
        blank=True,
        help_text=_("Only for a custom licence."),
    )
    custom_licence_url = models.URLField(
        _("custom licence URL"),
        blank=True,
        help_text=_("Only for a custom licence: where its terms are written."),
    )
    licence_notice = models.TextField(
        _("licence notice"),
        default=DEFAULT_LICENCE_NOTICE,
        help_text=_("Plain text. It may name only the licence chosen above."),
    )
    licence_notice_en = models.TextField(_("licence notice in English"), blank=True)
    show_licence_badge = models.BooleanField(
        _("show the licence badge"),
        default=True,
        help_text=_("Creative Commons licences have one; all rights reserved and custom do not."),
    )
    sponsor_text = models.TextField(
        _("sponsor acknowledgement"),
        blank=True,
        default="本站由读者的支持维持运行，感谢每一位赞助者。",
        help_text=_("Markdown: links and emphasis."),
    )
    sponsor_text_en = models.TextField(_("sponsor acknowledgement in English"), blank=True)
    sponsor_html = models.TextField(editable=False, blank=True)
    sponsor_html_en = models.TextField(editable=False, blank=True)
    take_part_text = models.TextField(
        _("take-part text"),
        blank=True,
        default="注册后即可参与评论与讨论，支持 Markdown 与 LaTeX 公式。",
        help_text=_("Markdown: links and emphasis."),
    )
    take_part_text_en = models.TextField(_("take-part text in English"), blank=True)
    take_part_html = models.TextField(editable=False, blank=True)
    take_part_html_en = models.TextField(editable=False, blank=True)

    # What pages show: the English text in the English interface when there is one.
    local_tagline = InActiveLanguage("tagline")
    local_licence_notice = InActiveLanguage("licence_notice")
    local_sponsor_html = InActiveLanguage("sponsor_html")
    local_take_part_html = InActiveLanguage("take_part_html")

    class Moderation(models.TextChoices):
        NONE = "none", _("Publish every comment at once")
        GUESTS = "guests", _("Hold guests' comments for moderation")
        EVERYONE = "everyone", _("Hold every comment for moderation")

    guests_may_comment = models.BooleanField(
        _("guests may comment"),
        default=True,
        help_text=_("Visitors without an account comment with a name and e-mail address."),
    )
    moderation = models.CharField(
        _("moderation"),
        max_length=10,
        choices=Moderation.choices,
        default=Moderation.GUESTS,
        help_text=_("A guest whose e-mail address already has an approved comment is trusted."),
    )

    tex_macros = models.TextField(
        _("TeX macros"),
        blank=True,
        default="",
        validators=[parse_macros],
        help_text=_(
            "One definition a line, for every formula of the site: \\newcommand{\\R}{\\mathbb{R}}, "
            "\\newcommand{\\E}[1]{\\mathbb{E}_{#1}} or \\def\\bm{\\boldsymbol}. Pages use a "
            "change at once; feeds and e-mails show formulas as stored MathML, so after a change "
            "run “manage.py rerender” to bring stored posts and comments up to date."
        ),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        parse_macros(self.tex_macros)  # a malformed definition is refused, nothing saved
        self.check_licence()  # so is a licence that would disagree with itself
        created = self._state.adding and not type(self).objects.filter(pk=1).exists()
        self.render()
        super().save(*args, **kwargs)
        self.forget_cached()
        if not created:  # the first, default row changes nothing already shown
            bump_content_version()

    def render(self):
        self.sponsor_html = render_snippet(self.sponsor_text)
        self.sponsor_html_en = render_snippet(self.sponsor_text_en)
        self.take_part_html = render_snippet(self.take_part_text)
        self.take_part_html_en = render_snippet(self.take_part_text_en)

    def clean(self):
        super().clean()
        self.check_licence()

    def check_licence(self):
        """A custom licence needs its name and address; a notice may name no
        licence but the chosen one (else the page would say two things)."""
        problems = {}
        if self.licence == licences.CUSTOM:
            if not self.custom_licence_name.strip():
                problems["custom_licence_name"] = _("A custom licence needs a name.")
            if not self.custom_licence_url.strip():
                problems["custom_licence_url"] = _(
                    "A custom licence needs the address where its terms are written."
                )
        for field in ("licence_notice", "licence_notice_en"):
            others = licences.named_in(getattr(self, field)) - {self.licence}
            if others:
                names = ", ".join(sorted(str(licences.LICENCES[code].name) for code in others))
                problems[field] = _(
                    "The notice names %(names)s, but the licence chosen is %(chosen)s: "
                    "change one of them."
                ) % {"names": names, "chosen": self.chosen_licence.name}
        if problems:
            raise ValidationError(problems)

    @property
    def chosen_licence(self):
        """The licence pages and feeds show: name, address and badge together."""
        if self.licence == licences.CUSTOM:
            return licences.custom(self.custom_licence_name, self.custom_licence_url)
        return licences.LICENCES[self.licence]

    def tex_macros_for_mathjax(self):
        """The macros in MathJax's tex.macros form (validated when saved)."""
        return parse_macros(self.tex_macros)

    @staticmethod
    def forget_cached():
        """Drop the cached row now for this process, and again after commit so a
        reader who cached the old row mid-transaction cannot keep it."""
        cache.delete(CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(CACHE_KEY))

    @classmethod
    def current(cls):
        """The settings row, read through the cache; created on first use."""
        settings = cache.get(CACHE_KEY)
        if settings is None:
            settings = cls.objects.filter(pk=1).first()
            if settings is None:
                try:
                    with transaction.atomic():
                        settings = cls()
                        settings.save()
                except IntegrityError:  # another request created it first
                    settings = cls.objects.get(pk=1)
            cache.set(CACHE_KEY, settings, timeout=None)
        return settings
