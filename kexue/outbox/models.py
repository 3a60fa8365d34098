from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)


class Message(models.Model):
    """One e-mail to one address, waiting to be delivered or kept as sent.

    Written in the caller's transaction (a comment and the notice of it commit
    together); `delivery.send_due` sends it and, after a failure, tries again
    later."""

    recipient = models.EmailField(_("to"))
    # Text, not bounded columns: the sender and the subject are built from the
    # site's name and posts' titles, and a long one must not fail the comment
    # or the sign-up that queues the mail.
    from_email = models.TextField(_("from"))
    subject = models.TextField(_("subject"))
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("queued e-mail")
        verbose_name_plural = _("queued e-mails")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_due",
            )
        ]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"
