#!/usr/bin/env bash
# Makes this directory a git + DvC project whose data/raw.txt is tracked by DvC and pushed to
# a local directory remote (default: ../<this directory's name>.remote, or $1), then removed from
# the workspace and the cache, so that runs fetch it with `dvc pull`. Needs git and dvc
# (pip install dvc). Run it in a copy of examples/dvc, not in the guild checkout.
set -euo pipefail
cd "$(dirname "$0")"
remote=$(realpath -m "${1:-../$(basename "$PWD").remote}")
[ -d .git ] || { git init -q . && git config user.email demo@example.com && git config user.name demo; }
[ -d .dvc ] || dvc init -q
dvc remote add -q -f -d local "$remote"
[ -f data/raw.txt.dvc ] || dvc add -q data/raw.txt
dvc push -q
rm -f data/raw.txt && rm -rf .dvc/cache
echo "DvC project ready (remote: $remote)"
