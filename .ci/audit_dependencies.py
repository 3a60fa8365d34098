"""`make lint`'s dependency audit: pip-audit over the virtualenv, against PyPI.

Fails on any known vulnerability not listed, with its reason, in
.ci/pip-audit-ignore. Says plainly how many packages could not be checked:
a package index that serves no vulnerability data (a mirror) checks nothing.
"""

import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
PIP_AUDIT = HERE.parent / ".venv" / "bin" / "pip-audit"


def ignored_ids():
    lines = (HERE / "pip-audit-ignore").read_text().splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]


def main():
    command = [str(PIP_AUDIT), "--skip-editable", "--progress-spinner", "off", "-f", "json"]
    for vuln_id in ignored_ids():
        command += ["--ignore-vuln", vuln_id]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        report = json.loads(finished.stdout)
    except json.JSONDecodeError:
        sys.exit(f"pip-audit failed:\n{finished.stderr}")
    dependencies = report["dependencies"]
    skipped = [d["name"] for d in dependencies if "skip_reason" in d]
    found = [(d["name"], d["version"], v["id"]) for d in dependencies for v in d.get("vulns", [])]
    for name, version, vuln_id in found:
        print(f"pip-audit: {name} {version} has {vuln_id}")
    print(
        f"pip-audit: {len(dependencies) - len(skipped)} of {len(dependencies)} packages checked, "
        f"{len(found)} known vulnerabilities, {len(ignored_ids())} allowed in .ci/pip-audit-ignore."
    )
    if skipped:
        print(
            f"pip-audit: WARNING: {len(skipped)} packages could not be checked (the package index "
            "gave no vulnerability data for them): "
            + ", ".join(skipped[:8])
            + (" …" if len(skipped) > 8 else "")
        )
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
