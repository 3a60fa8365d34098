"""How allauth speaks for this site: its name in every mail, an HTML part
beside the plain text, every mail through the outbox, 429 for exhausted login
limits, reserved usernames."""

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django import forms
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from kexue.models import SiteSettings
from kexue.outbox.queueing import queue_email

# Paths under /members/ (members/urls.py, and the notifications page that
# kexue/urls.py mounts there) that a profile URL /members/<username>/ must not shadow.
RESERVED_USERNAMES = {"settings", "delete", "notifications"}


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's mail templates read as `current_site`."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        if username.lower() in RESERVED_USERNAMES:
            raise self.validation_error("username_blacklisted")
        return super().clean_username(username, shallow=shallow)

    def pre_authenticate(self, request, **credentials):
        # allauth answers an exhausted failed-login limit with a form error;
        # the site refuses it like every other exhausted limit, with a 429.
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            raise ImmediateHttpResponse(respond_429(request)) from None

    def get_from_email(self):
        _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        return formataddr((SiteSettings.current().site_name, address))

    def format_email_subject(self, subject):
        return f"[{SiteSettings.current().site_name}] {subject}"

    def send_mail(self, template_prefix, email, context_data):
        # Queued, never sent here: a sign-up or a reset answers at once whether
        # the mail server is up or not, and `send_mail` delivers it later.
        request = context.request
        site = SiteIdentity(name=SiteSettings.current().site_name, domain=request.get_host())
        data = {"request": request, "email": email, "current_site": site, **context_data}
        queue_email(self.render_mail(template_prefix, email, data))

    def render_mail(self, template_prefix, email, context_data, headers=None):
        message = super().render_mail(template_prefix, email, context_data, headers=headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            html = render_to_string(
                "members/email/message.html",
                {"subject": message.subject, "text": message.body, **context_data},
            )
            message.attach_alternative(html, "text/html")
        return message
