"""The licence becomes a choice from a table (kexue/licences.py); the site's
texts get English versions.

An existing row keeps what it showed: a name or address that is a known
licence's becomes that choice, anything else a custom licence with its name and
address kept. The table is copied here as it stood, so this migration does
not change when the table does.
"""

import re

from django.db import migrations, models

CUSTOM = "custom"
KNOWN = {
    "cc-by-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "cc-by-sa-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "cc-by-nd-4.0": ("CC BY-ND 4.0", "https://creativecommons.org/licenses/by-nd/4.0/"),
    "cc-by-nc-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "cc-by-nc-sa-4.0": ("CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    "cc-by-nc-nd-4.0": ("CC BY-NC-ND 4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
    "cc0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "all-rights-reserved": ("All rights reserved", ""),
}
RESERVED_NAMES = {"all rights reserved", "保留所有权利", "版权所有"}
# The licence's own page in any of its forms: http or https, with or without
# www, a deed in some language or the legal code after it.
CC_PAGE = re.compile(
    r"(?:https?://)?(?:www\.)?creativecommons\.org/(licenses/[a-z-]+/4\.0|publicdomain/zero/1\.0)(?:/.*)?",
    re.IGNORECASE,
)


def by_address(url):
    match = CC_PAGE.fullmatch(url.strip())
    if not match:
        return None
    for code, (_, known_url) in KNOWN.items():
        if known_url and known_url.lower().endswith(f"/{match.group(1).lower()}/"):
            return code
    return None


def by_name(name):
    words = " ".join(name.replace("-", " ").split()).casefold()
    if words in RESERVED_NAMES:
        return "all-rights-reserved"
    for code, (known_name, _) in KNOWN.items():
        if words == " ".join(known_name.replace("-", " ").split()).casefold():
            return code
    return None


def licence_for(name, url):
    """The choice for a row that showed this name and address."""
    from_url, from_name = by_address(url or ""), by_name(name or "")
    if from_url and from_name in (None, from_url):
        return from_url  # the address is what the link said; a name of its own is a label
    if from_name and not (url or "").strip():
        return from_name
    return CUSTOM


def choose_licences(apps, schema_editor):
    for row in apps.get_model("kexue", "SiteSettings").objects.all():
        row.licence = licence_for(row.custom_licence_name, row.custom_licence_url)
        if row.licence != CUSTOM:  # the custom fields hold a custom licence only
            row.custom_licence_name = row.custom_licence_url = ""
        row.save(update_fields=["licence", "custom_licence_name", "custom_licence_url"])


def keep_licences_as_text(apps, schema_editor):
    for row in apps.get_model("kexue", "SiteSettings").objects.exclude(licence=CUSTOM):
        row.custom_licence_name, row.custom_licence_url = KNOWN[row.licence]
        row.save(update_fields=["custom_licence_name", "custom_licence_url"])


class Migration(migrations.Migration):

    dependencies = [
        ('kexue', '0004_site_share_image'),
    ]

    operations = [
        migrations.RenameField('sitesettings', 'licence_name', 'custom_licence_name'),
        migrations.RenameField('sitesettings', 'licence_url', 'custom_licence_url'),
        migrations.AlterField(
            model_name='sitesettings',
            name='custom_licence_name',
            field=models.CharField(blank=True, help_text='Only for a custom licence.', max_length=100, verbose_name='custom licence name'),
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='custom_licence_url',
            field=models.URLField(blank=True, help_text='Only for a custom licence: where its terms are written.', verbose_name='custom licence URL'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='licence',
            field=models.CharField(choices=[('cc-by-4.0', 'CC BY 4.0'), ('cc-by-sa-4.0', 'CC BY-SA 4.0'), ('cc-by-nd-4.0', 'CC BY-ND 4.0'), ('cc-by-nc-4.0', 'CC BY-NC 4.0'), ('cc-by-nc-sa-4.0', 'CC BY-NC-SA 4.0'), ('cc-by-nc-nd-4.0', 'CC BY-NC-ND 4.0'), ('cc0-1.0', 'CC0 1.0'), ('all-rights-reserved', 'All rights reserved'), ('custom', 'Custom (give its name and address)')], default='cc-by-nc-sa-4.0', max_length=30, verbose_name='licence'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='licence_notice_en',
            field=models.TextField(blank=True, verbose_name='licence notice in English'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='sponsor_html_en',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='sponsor_text_en',
            field=models.TextField(blank=True, verbose_name='sponsor acknowledgement in English'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='tagline_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='tagline in English'),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='take_part_html_en',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='sitesettings',
            name='take_part_text_en',
            field=models.TextField(blank=True, verbose_name='take-part text in English'),
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='licence_notice',
            field=models.TextField(default='除非另有说明，本站文章以 CC BY-NC-SA 4.0 许可发布：转载请注明作者与原文链接，不得用于商业目的，改编后须以相同方式共享。', help_text='Plain text. It may name only the licence chosen above.', verbose_name='licence notice'),
        ),
        migrations.AlterField(
            model_name='sitesettings',
            name='show_licence_badge',
            field=models.BooleanField(default=True, help_text='Creative Commons licences have one; all rights reserved and custom do not.', verbose_name='show the licence badge'),
        ),
        migrations.RunPython(choose_licences, keep_licences_as_text),
    ]
