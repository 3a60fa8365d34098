import csv
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kexue.admin import SiteTimeZoneAdmin
from kexue.markup import render_post

from . import media, revisions
from .legacy import normalize
from .models import Attachment, Category, LegacyPath, Page, Post, Series, Subscriber, Tag
from .series import reorder

BODY_HELP = _(
    "Markdown with LaTeX math; the preview beside it shows the page as readers will see "
    "it. Tab inserts four spaces: to leave the field with the keyboard, press Esc and then "
    "Tab (or Shift+Tab). Ctrl+S (⌘S on a Mac) saves and continues editing."
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "order"]
    list_editable = ["order"]
    fields = [("name", "name_en"), "slug", "description", "order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_en"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug"]
    fields = [("name", "name_en"), "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_en"]


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", _("Draft")), ("scheduled", _("Scheduled")), ("public", _("Public"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Post.Status.PUBLISHED)
        return {
            "draft": queryset.filter(status=Post.Status.DRAFT),
            "scheduled": published.filter(published_at__gt=now),
            "public": published.filter(published_at__lte=now),
        }.get(self.value(), queryset)


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at <= timezone.now():
            raise forms.ValidationError(
                _("Choose a time in the future; to publish at once, use “Publish now”.")
            )
        return publish_at


class LegacyPathForm(forms.ModelForm):
    class Meta:
        model = LegacyPath
        fields = ["path"]

    def clean_path(self):
        path, _, query = self.cleaned_data["path"].partition("?")
        return normalize(path, dict(pair.partition("=")[::2] for pair in query.split("&")))


class LegacyPathInline(admin.TabularInline):
    """Addresses the post (or page) had on the old site; the importers fill them in."""

    model = LegacyPath
    form = LegacyPathForm
    extra = 0


class MarkdownEditorMixin:
    """The body's editor and its live preview, for posts and pages alike
    (templates/admin/blog/includes/editor_preview.html, static/js/editor.js)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["help_text"] = BODY_HELP
            kwargs["widget"] = forms.Textarea(
                attrs={"rows": 30, "spellcheck": "false", "class": "editor-source"}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def preview_view(self, request):
        """The editor's live preview: the body through the published page's pipeline."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        html, _toc = render_post(request.POST.get("body", ""))
        return JsonResponse({"html": html})


@admin.register(Page)
class PageAdmin(MarkdownEditorMixin, admin.ModelAdmin):
    inlines = [LegacyPathInline]
    list_display = ["title", "path", "status", "in_menu", "menu_order"]
    list_editable = ["in_menu", "menu_order"]
    list_filter = ["status", "in_menu"]
    search_fields = ["title", "path", "body"]
    fieldsets = [
        (None, {"fields": ["title", "path", "body"]}),
        (_("Publishing"), {"fields": ["status", "in_menu", "menu_order"]}),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view
        preview = path("preview/", view(self.preview_view), name="blog_page_preview")
        return [preview, *super().get_urls()]


class SeriesPartsFormSet(forms.BaseInlineFormSet):
    """The parts' numbers, edited together: duplicates are refused with one clear
    message, and the numbers are saved at once (blog.series.reorder), so two
    parts may trade places."""

    def get_unique_error_message(self, unique_check):
        return _("Two parts have the same number; give each part a number of its own.")

    def save_existing_objects(self, commit=True):
        changed = [form for form in self.initial_forms if form.has_changed()]
        positions = {form.instance.pk: form.cleaned_data["series_position"] for form in changed}
        if positions and commit:
            reorder(self.instance, positions)
        self.changed_objects = [(form.instance, form.changed_data) for form in changed]
        self.deleted_objects = []
        return [form.instance for form in changed]


class SeriesPartsInline(admin.TabularInline):
    """A series' parts and their numbers. Posts join or leave a series on their
    own page; here only the order changes."""

    model = Post
    formset = SeriesPartsFormSet
    fields = ["title", "status", "series_position"]
    readonly_fields = ["title", "status"]
    ordering = ["series_position", "id"]
    extra = 0
    can_delete = False
    verbose_name = _("part")
    verbose_name_plural = _("parts")

    def has_add_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["series_position"].required = True
        return formset


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    inlines = [SeriesPartsInline]
    list_display = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]


@admin.register(Post)
class PostAdmin(SiteTimeZoneAdmin, MarkdownEditorMixin, admin.ModelAdmin):
    inlines = [LegacyPathInline]
    list_display = ["title", "author", "category", "publication_state", "published_at", "pinned"]
    list_filter = [PublicationStateFilter, "category", "pinned", "tags"]
    list_select_related = ["author", "category"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags"]
    actions = ["publish_now", "schedule", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "author", "category", "tags"]}),
        (_("Series"), {"fields": ["series", "series_position"]}),
        (_("Options"), {"fields": ["allow_comments", "pinned"]}),
    ]

    @admin.display(description=_("state"), ordering="status")
    def publication_state(self, post):
        if post.is_scheduled:
            return _("Scheduled")
        return post.get_status_display()

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        revisions.save_post(obj, request.user)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("preview/", view(self.preview_view), name="blog_post_preview"),
            path(
                "<int:post_id>/revisions/",
                view(self.revisions_view),
                name="blog_post_revisions",
            ),
            path(
                "<int:post_id>/revisions/<int:revision_id>/",
                view(self.revision_view),
                name="blog_post_revision",
            ),
            *super().get_urls(),
        ]

    def _post_or_404(self, request, post_id):
        post = get_object_or_404(Post, pk=post_id)
        if not self.has_view_or_change_permission(request, post):
            raise PermissionDenied
        return post

    def _context(self, request, post, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": post,
            "title": title,
            "has_change_permission": self.has_change_permission(request, post),
        }

    def revisions_view(self, request, post_id):
        post = self._post_or_404(request, post_id)
        context = {
            **self._context(request, post, _("Text history")),
            "revisions": post.revisions.select_related("saved_by"),
        }
        return TemplateResponse(request, "admin/blog/post/revisions.html", context)

    def revision_view(self, request, post_id, revision_id):
        """An old text against the current one; POST restores it."""
        post = self._post_or_404(request, post_id)
        revision = get_object_or_404(post.revisions.select_related("saved_by"), pk=revision_id)
        if request.method == "POST":
            if not self.has_change_permission(request, post):
                raise PermissionDenied
            revisions.restore(post, revision, request.user)
            self.message_user(
                request,
                _("The text from before %(date)s is back; the text it replaced is in the history.")
                % {"date": date_format(timezone.localtime(revision.saved_at), "DATETIME_FORMAT")},
                messages.SUCCESS,
            )
            return redirect("admin:blog_post_change", post.pk)
        context = {
            **self._context(request, post, _("Revision")),
            "revision": revision,
            "diff": revisions.diff_lines(revision.body, post.body),
        }
        return TemplateResponse(request, "admin/blog/post/revision.html", context)

    @admin.action(description=_("Publish now"), permissions=["change"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        count = self._publish(queryset, lambda post: min(post.published_at, now))
        self.message_user(
            request,
            ngettext("%d post published.", "%d posts published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Schedule…"), permissions=["change"])
    def schedule(self, request, queryset):
        """Asks for the time on a page of its own, then publishes the posts at it."""
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            publish_at = form.cleaned_data["publish_at"]
            count = self._publish(queryset, lambda post: publish_at)
            self.message_user(
                request,
                ngettext("%d post scheduled.", "%d posts scheduled.", count) % count,
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Schedule posts"),
            "posts": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/blog/post/schedule.html", context)

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for post in queryset:
            post.status = Post.Status.DRAFT
            post.save()  # saving, not update(): the page caches must hear of it
            count += 1
        self.message_user(
            request,
            ngettext("%d post unpublished.", "%d posts unpublished.", count) % count,
            messages.SUCCESS,
        )

    def _publish(self, queryset, published_at):
        count = 0
        for post in queryset:
            post.status = Post.Status.PUBLISHED
            post.published_at = published_at(post)
            post.save()
            count += 1
        return count


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepared = None  # set by clean_file, on the upload form only

    def clean_file(self):
        self.prepared = media.prepare_upload(self.cleaned_data["file"])
        return self.prepared.file

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and not cleaned.get("title"):
            cleaned["title"] = upload.name.rsplit(".", 1)[0]
        return cleaned

    def save(self, commit=True):
        attachment = super().save(commit=False)
        if self.prepared:
            attachment.kind = self.prepared.kind
            attachment.size = self.prepared.file.size
            if self.prepared.web_file:
                attachment.web_file = self.prepared.web_file
        if commit:
            attachment.save()
        return attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """The media library: upload, find, and copy the Markdown that shows a file."""

    form = AttachmentForm
    list_display = ["thumbnail", "title", "kind", "snippet", "file_size", "uploaded_by",
                    "created_at"]  # fmt: skip
    list_display_links = ["thumbnail", "title"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["title", "file"]
    readonly_fields = ["thumbnail", "snippet", "file_link", "kind", "file_size", "uploaded_by",
                       "created_at"]  # fmt: skip

    class Media:
        css = {"all": ["css/editor.css"]}

    def get_fields(self, request, obj=None):
        # The stored file is what posts link to: replace it by uploading anew.
        if obj is None:
            return ["title", "file"]
        return ["thumbnail", "title", "snippet", *self.readonly_fields[2:]]

    @admin.display(description=_("preview"))
    def thumbnail(self, attachment):
        if attachment.kind != Attachment.Kind.IMAGE:
            return "—"
        return format_html(
            '<img src="{}" alt="" class="attachment-thumbnail" loading="lazy">',
            attachment.web_url,
        )

    @admin.display(description=_("Markdown"))
    def snippet(self, attachment):
        return format_html('<code class="attachment-snippet">{}</code>', attachment.markdown)

    @admin.display(description=_("file"))
    def file_link(self, attachment):
        return format_html('<a href="{}">{}</a>', attachment.file.url, attachment.file.name)

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, attachment):
        return filesizeformat(attachment.size)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    # Files go once the rows are gone for good: a rolled-back delete keeps its files.
    def delete_model(self, request, obj):
        names = self._stored_names([obj])
        super().delete_model(request, obj)
        transaction.on_commit(partial(media.delete_stored, names))

    def delete_queryset(self, request, queryset):
        names = self._stored_names(queryset)
        super().delete_queryset(request, queryset)
        transaction.on_commit(partial(media.delete_stored, names))

    @staticmethod
    def _stored_names(attachments):
        return [f.name for a in attachments for f in (a.file, a.web_file) if f]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """The confirmed list: counted (members and guests apart), exported, pruned.

    Rows are made only by confirming (blog.subscriptions), never here."""

    list_display = ["email", "member", "confirmed_at"]
    list_filter = [("member", admin.EmptyFieldListFilter), "confirmed_at"]
    show_facets = admin.ShowFacets.ALWAYS  # the counts beside each filter
    search_fields = ["email", "member__username"]
    readonly_fields = ["email", "member", "confirmed_at"]
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Export the selected subscribers (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        """A file a newsletter service imports: one address a row, with its date."""
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        writer = csv.writer(response)
        writer.writerow(["email", "member", "confirmed_at"])
        for subscriber in queryset.select_related("member").order_by("confirmed_at", "pk"):
            member = subscriber.member.get_username() if subscriber.member else ""
            writer.writerow(
                [spreadsheet_text(subscriber.email), spreadsheet_text(member)]
                + [subscriber.confirmed_at.isoformat()]
            )
        return response


# A spreadsheet runs a cell that starts with one of these as a formula, and an
# e-mail address may well start with "=" or "+" ("=cmd|..."@example.org).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """The value as a spreadsheet shows it and never runs it."""
    return f"'{value}" if value.startswith(FORMULA_START) else value
