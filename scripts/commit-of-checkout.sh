#!/usr/bin/env bash
# Prints the commit of the NeuroPrior checkout this script is in (git rev-parse HEAD), with "-dirty" appended when its
# sources (*.java, pom.xml files, src/main/resources) differ from that commit (changed or untracked), or "unknown" when
# the project is not a git checkout of its own (no git, no repository, or the repository is a parent folder's).
# ./neuroprior passes it to Java (system property neuroprior.commit; runs record it in config.yaml as `commit`), and
# scripts/lib/sweep-pieces.sh writes it into commits.log. Never fails; reads the repository without locking it
# (--no-optional-locks), so runs started side by side do not trip over each other's index.lock.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
top="$(git -C "$ROOT" rev-parse --show-toplevel 2>/dev/null)" && [ "$(cd "$top" && pwd -P)" = "$ROOT" ] \
  && c="$(git -C "$ROOT" rev-parse --verify -q HEAD 2>/dev/null)" || { echo unknown; exit 0; }
changed="$(git --no-optional-locks -C "$ROOT" status --porcelain -- '*.java' '*pom.xml' '*/src/main/resources/*' 2>/dev/null)" \
  || { echo unknown; exit 0; }
[ -z "$changed" ] || c="$c-dirty"
echo "$c"
