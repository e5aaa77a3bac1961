#!/usr/bin/env bash
# Regenerates the configuration reference in README.md from the option tables
# (`newswatch config-reference`). A test fails when the README is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 - "$(build/daemon/app/newswatch config-reference)" <<'PY'
import re, sys
readme = open("README.md", encoding="utf-8").read()
begin, end = "<!-- config-reference:begin -->", "<!-- config-reference:end -->"
new = readme[: readme.index(begin) + len(begin)] + "\n" + sys.argv[1].rstrip("\n") + "\n" + readme[readme.index(end):]
open("README.md", "w", encoding="utf-8").write(new)
PY
