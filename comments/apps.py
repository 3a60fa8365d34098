from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kexue.caching import bump_content_version

        from .models import Comment
        from .search_index import comment_saved

        post_save.connect(bump_content_version, sender=Comment, dispatch_uid="bump-comment")
        post_delete.connect(bump_content_version, sender=Comment, dispatch_uid="bump-del-comment")
        post_save.connect(comment_saved, sender=Comment, dispatch_uid="comments-search-index")
