from django.db import migrations, models

import kexue.texmacros


class Migration(migrations.Migration):

    dependencies = [
        ('kexue', '0002_comment_policy'),
    ]

    operations = [
        migrations.AddField(
            model_name='sitesettings',
            name='tex_macros',
            field=models.TextField(blank=True, default='', help_text='One definition a line, for every formula of the site: \\newcommand{\\R}{\\mathbb{R}}, \\newcommand{\\E}[1]{\\mathbb{E}_{#1}} or \\def\\bm{\\boldsymbol}. Pages use a change at once; feeds and e-mails show formulas as stored MathML, so after a change run “manage.py rerender” to bring stored posts and comments up to date.', validators=[kexue.texmacros.parse_macros], verbose_name='TeX macros'),
        ),
    ]
