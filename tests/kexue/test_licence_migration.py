"""Sites that had three free-text licence fields keep what they showed when the
licence becomes a choice (kexue/migrations/0005)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("kexue", "0004_site_share_image")]
AFTER = [("kexue", "0005_licence_choice_and_english_texts")]

# (name, address) as stored before → (choice, custom name, custom address) after.
ROWS = {
    1: (("CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
        ("cc-by-nc-sa-4.0", "", "")),
    2: (("知识共享 署名 4.0", "http://creativecommons.org/licenses/by/4.0/deed.zh"),
        ("cc-by-4.0", "", "")),
    3: (("cc by-nd 4.0", ""), ("cc-by-nd-4.0", "", "")),
    4: (("保留所有权利", ""), ("all-rights-reserved", "", "")),
    5: (("Our own terms", "https://example.org/terms/"),
        ("custom", "Our own terms", "https://example.org/terms/")),
    6: (("CC BY-SA 4.0", "https://example.org/our-reading-of-by-sa/"),
        ("custom", "CC BY-SA 4.0", "https://example.org/our-reading-of-by-sa/")),
    7: (("CC BY 4.0", "https://creativecommons.org/licenses/by-nd/4.0/"),  # they disagree
        ("custom", "CC BY 4.0", "https://creativecommons.org/licenses/by-nd/4.0/")),
}  # fmt: skip


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps.get_model("kexue", "SiteSettings")


@pytest.mark.django_db(transaction=True)
def test_a_known_licence_becomes_its_choice_and_anything_else_a_custom_one():
    try:
        old = migrate(BEFORE)
        for pk, ((name, url), _) in ROWS.items():
            old.objects.create(pk=pk, licence_name=name, licence_url=url)

        new = migrate(AFTER)
        after = {row.pk: (row.licence, row.custom_licence_name, row.custom_licence_url)
                 for row in new.objects.all()}  # fmt: skip
        assert after == {pk: expected for pk, (_, expected) in ROWS.items()}

        old = migrate(BEFORE)  # and back: the choice is written out as text again
        assert old.objects.values_list("licence_name", "licence_url").get(pk=1) == ROWS[1][0]
        assert old.objects.values_list("licence_name", "licence_url").get(pk=5) == ROWS[5][0]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
