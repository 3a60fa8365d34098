"""Verify the mptt columns of every comment tree, and rebuild broken ones."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max, Min

from comments.locking import all_comment_trees_lock
from comments.models import Comment
from comments.services import readers_see_a_change


def broken_trees():
    """tree_ids whose lft/rght/level disagree with the parent links."""
    broken = set()
    nodes = Comment.objects.in_display_order().values(
        "id", "tree_id", "parent_id", "lft", "rght", "level"
    )
    by_id = {}
    stack = []
    for node in nodes:
        by_id[node["id"]] = node
        while stack and (
            stack[-1]["tree_id"] != node["tree_id"] or stack[-1]["rght"] < node["lft"]
        ):
            stack.pop()
        expected_parent = stack[-1]["id"] if stack else None
        if node["parent_id"] != expected_parent or node["level"] != len(stack):
            broken.add(node["tree_id"])
        if node["rght"] <= node["lft"]:
            broken.add(node["tree_id"])
        stack.append(node)
    # Every tree numbers its nodes 1 … 2n without gaps or overlaps.
    spans = Comment.objects.order_by().values("tree_id").annotate(low=Min("lft"), high=Max("rght"))
    counts = {}
    for node in by_id.values():
        counts[node["tree_id"]] = counts.get(node["tree_id"], 0) + 1
    for span in spans:
        if span["low"] != 1 or span["high"] != 2 * counts[span["tree_id"]]:
            broken.add(span["tree_id"])
    roots = {}
    for node in by_id.values():
        if node["parent_id"] is None:
            roots[node["tree_id"]] = roots.get(node["tree_id"], 0) + 1
        elif by_id.get(node["parent_id"], {}).get("tree_id") != node["tree_id"]:
            broken.add(node["tree_id"])
    broken.update(tree for tree, count in roots.items() if count != 1)
    return sorted(broken)


class Command(BaseCommand):
    help = "Check every comment tree's mptt columns; --repair rebuilds broken trees."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Rebuild the tree columns of every comment from the parent links.",
        )

    def handle(self, *args, repair=False, **options):
        broken = broken_trees()
        if not broken:
            self.stdout.write(self.style.SUCCESS("All comment trees are valid."))
            return
        self.stdout.write(f"{len(broken)} broken tree(s): {', '.join(map(str, broken))}")
        if repair:
            # rebuild() numbers the trees afresh: no writer may be inside any.
            with all_comment_trees_lock():
                Comment.objects.rebuild()
            # Threads may show in a new order; rebuild() writes without signals.
            readers_see_a_change()
            self.stdout.write(f"Rebuilt; {len(broken_trees())} broken tree(s) remain.")
        else:
            raise CommandError("Run with --repair to rebuild them.")
