from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blog.demo import demo_seeded
        from blog.search import register_indexer, register_result_source
        from kexue.caching import bump_content_version

        from .demo import seed_discussions
        from .models import Comment
        from .search import comment_results, comment_saved, index_comments

        demo_seeded.connect(seed_discussions, dispatch_uid="comments-demo-discussions")
        post_save.connect(bump_content_version, sender=Comment, dispatch_uid="bump-comment")
        post_delete.connect(bump_content_version, sender=Comment, dispatch_uid="bump-del-comment")
        post_save.connect(comment_saved, sender=Comment, dispatch_uid="comments-search-index")
        register_result_source(comment_results)
        register_indexer("comments", index_comments)
