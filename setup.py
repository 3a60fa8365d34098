"""What goes into the wheel: every package, and the files Django reads at run time.

pyproject.toml holds the metadata; this file exists for the one thing a static table
cannot say. templates/, static/ and locale/ stay at the top of the checkout, the
project's fixed layout, yet an installed site must find them through the package:
the wheel carries them as kexue/project/templates, kexue/project/static and
kexue/project/locale, which kexue/settings.py looks for first. They get a folder of
their own, not kexue/templates, because Django would also find that as the kexue
app's own folder and collectstatic would report every static file twice.
"""

from setuptools import find_packages, setup

PROJECT_FOLDERS = {f"kexue.project.{name}": name for name in ("templates", "static", "locale")}

setup(
    packages=[
        *find_packages(include=["kexue*", "blog*", "members*", "comments*"]),
        *PROJECT_FOLDERS,
    ],
    package_dir=PROJECT_FOLDERS,
    # Data files are named here, not picked up from what git or an sdist happens to hold.
    include_package_data=False,
    package_data={
        # An app's own templates, static files and translations (members/static/ today).
        "": ["templates/**/*", "static/**/*", "locale/**/*.po", "locale/**/*.mo"],
        **dict.fromkeys(PROJECT_FOLDERS, ["**/*"]),
        # The demo site: posts in Markdown with front matter, discussions in YAML.
        "kexue.sitewide": ["demo/**/*"],
        # The Node worker that turns formulas into MathML (kexue/markup/mathml.py).
        "kexue.markup": ["mathml_worker.cjs"],
        # The benchmark's own test formulas (bench_mathml).
        "kexue.devtools": ["mathml_formulas.tex"],
    },
)
