#!/usr/bin/env bash
# Fails when a git-tracked file under src/, test/, bench/ or scripts/ names a path outside the
# repository, comments included: whatever those files need must be in the clone, or a user's
# checkout behaves differently from the developers'.
#
# The rule (Perl regexes below; a slash may also be written escaped, as in a JS regex):
#   1. a relative climb into a folder named shared: two dots, a slash, then "shared";
#   2. the folders of such a shared tree by name: shared followed by /tools, /reference or /seeds;
#   3. an absolute path into a per-machine or per-user folder at the filesystem root: work,
#      home, root, Users or mnt (a slash not preceded by a name character, so URL paths such as
#      .../v2.1/home pass).
# System paths the tools use on purpose (/usr/bin/python3, /usr/lib/python3/dist-packages, /etc,
# /proc, /dev, /tmp) are allowed.
set -euo pipefail
cd "$(dirname "$0")/.."

slash='\\?/'
patterns=(
  "\.\.${slash}shared\b"
  "\bshared${slash}(tools|reference|seeds)\b"
  "(?<![A-Za-z0-9_.~-])${slash}(work|home|root|Users|mnt)(${slash}|\b)"
)

args=()
for p in "${patterns[@]}"; do args+=(-e "$p"); done
if git grep -nP "${args[@]}" -- src test bench scripts; then
  echo "check-paths: the lines above name a path outside the repository" >&2
  exit 1
fi
echo "check-paths: no tracked file under src/ test/ bench/ scripts/ names a path outside the repository"
