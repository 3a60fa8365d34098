import re
import time

from django import forms
from django.utils.translation import gettext_lazy as _

from members.validators import validate_single_line_text, validate_web_url

from . import stamps
from .models import Comment

MAX_LENGTH = 10_000
MAX_LINKS = 5
MIN_SECONDS_TO_WRITE = 3
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_LENGTH,
        help_text=_("Markdown and LaTeX: $x^2$ inline, $$…$$ on its own lines."),
        error_messages={"required": _("Write something before posting.")},
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    guest_name = forms.CharField(
        label=_("Name"), max_length=50, required=False, validators=[validate_single_line_text]
    )
    guest_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Never shown. Used for reply notifications if you ask for them."),
    )
    guest_website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        validators=[validate_web_url],
        # URLField would replace the validator's message with its generic one.
        error_messages={"invalid": validate_web_url.message},
    )
    guest_wants_replies = forms.BooleanField(label=_("E-mail me replies"), required=False)
    # Bots fill every field; people never see this one, and the keyboard never reaches it.
    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # The "shown at" stamp (comments/stamps.py). The template writes the input
    # itself, always with `self.stamp`: a page sent back with errors carries a
    # fresh stamp, never the one that may have been refused.
    started = forms.CharField(
        error_messages={
            "required": _("This form was damaged. Check your comment and post it again.")
        }
    )

    def __init__(self, *args, post, user, ticketed=True, **kwargs):
        """`ticketed`: the page is made for this visitor, so the form carries
        their CSRF token and a stamp. A form on a page the shared cache may
        serve to anyone carries neither; it gets them from the comment script,
        or, without script, from the confirm page it is sent to."""
        super().__init__(*args, **kwargs)
        self.post = post
        self.user = user
        self.ticketed = ticketed
        self.stamp = stamps.issue() if ticketed else ""
        if user.is_authenticated:
            for name in ["guest_name", "guest_email", "guest_website", "guest_wants_replies"]:
                del self.fields[name]
        else:
            self.fields["guest_name"].required = True
            self.fields["guest_email"].required = True

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Write something before posting."))
        if len(LINK.findall(body)) > MAX_LINKS:
            raise forms.ValidationError(
                _("At most %(count)d links per comment, please.") % {"count": MAX_LINKS}
            )
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = self.post.comments.shown().filter(pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(_("The comment you reply to is no longer there."))
        return parent

    def clean_homepage(self):
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(_("This comment looks automated and was not posted."))
        return ""

    def clean_started(self):
        try:
            stamp = stamps.read(self.cleaned_data["started"])
        except stamps.StampRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        if time.time() - stamp.shown_at < MIN_SECONDS_TO_WRITE:
            raise forms.ValidationError(
                _("That was quick. Take a moment to read your comment, then post it again.")
            )
        return stamp


class DraftForm(CommentForm):
    """A comment sent from a form that had no stamp to confirm (views.compose):
    every check but the stamp's, which the confirm page issues."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["started"]


class EditCommentForm(forms.ModelForm):
    # The posting form's field: an edit keeps the length limit and the messages.
    body = CommentForm.base_fields["body"]

    class Meta:
        model = Comment
        fields = ["body"]

    def clean_body(self):
        return CommentForm.clean_body(self)


class FollowByEmailForm(forms.Form):
    """A guest's request to follow a discussion."""

    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send one mail with a link to confirm; nothing else until you do."),
        error_messages={"required": _("Give the address the comments should go to.")},
    )
