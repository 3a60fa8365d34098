from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # No invalidation of pages here: most comment saves (pending, spam, an edit
        # nobody sees yet) change nothing readers see, so the services that make
        # a visible change say so (services.readers_see_a_change).
        from .models import Comment, ReadNotice, ThreadFollow
        from .notice_versions import follow_or_read_mark_changed
        from .notifications import comment_deleting
        from .search_index import comment_saved

        post_save.connect(comment_saved, sender=Comment, dispatch_uid="comments-search-index")
        pre_delete.connect(comment_deleting, sender=Comment, dispatch_uid="comments-cancel-mail")
        # A member's follows and read marks feed only their own unread count.
        for model in (ThreadFollow, ReadNotice):
            for signal in (post_save, post_delete):
                signal.connect(
                    follow_or_read_mark_changed,
                    sender=model,
                    dispatch_uid=f"comments-unread-{model.__name__}-{signal is post_save}",
                )
