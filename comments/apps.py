from django.apps import AppConfig
from django.db.models.signals import post_save, pre_delete
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # No cache invalidation here: most comment saves (pending, spam, an edit
        # nobody sees yet) change nothing readers see, so the services that make
        # a visible change say so (services.readers_see_a_change).
        from .models import Comment
        from .notifications import comment_deleting
        from .search_index import comment_saved

        post_save.connect(comment_saved, sender=Comment, dispatch_uid="comments-search-index")
        pre_delete.connect(comment_deleting, sender=Comment, dispatch_uid="comments-cancel-mail")
