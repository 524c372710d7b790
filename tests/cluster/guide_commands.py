#!/usr/bin/env python3
"""Prints the commands of one section of docs/guides/MULTI-VERSION-DEPLOYMENT.md, as the cluster tests run them.

The tests run what the guide says, not a copy of it, so the two cannot drift: the first ```bash block after the
heading, its continued lines joined, and for the cluster only `-f tests/cluster/local-images.yaml` added to each
`helm install` (the images and jar mirror of a machine that pulls nothing) and `--wait` where the guide has none.
Usage: guide_commands.py HEADING   (e.g. "Variant 1: one namespace (dev/test)")
"""
import pathlib
import re
import sys

GUIDE = pathlib.Path(__file__).resolve().parents[2] / "docs/guides/MULTI-VERSION-DEPLOYMENT.md"
OVERRIDES = "-f tests/cluster/local-images.yaml"


def section_commands(text, heading):
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)^```bash\n(.*?)^```", text, re.M | re.S)
    if not match:
        raise SystemExit(f"{GUIDE}: no ```bash block under '## {heading}'")
    joined = re.sub(r"\\\n\s*", " ", match.group(2))
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.strip().startswith("#")]


def for_the_cluster(command):
    if not command.startswith("helm install "):
        return command
    command = f"{command} {OVERRIDES}"
    return command if " --wait" in command else f"{command} --wait"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    for command in section_commands(GUIDE.read_text(), sys.argv[1]):
        print(for_the_cluster(command))
