#!/usr/bin/env bash
# `guild run dvc.yaml:train -y` against `dvc repro -f train` and `dvc exp run` of the same stage,
# with the shared ../shared/bench/dvc-stage.sh: ours, then Guild AI 0.9.0 when GUILDAI is set
# (or found in /opt/guildai-venv). dvc is taken from DVC, else PATH, else Guild AI's venv.
# usage: [GUILD=.build/release/guild] [GUILDAI=...] [DVC=...] [RUNS=5] [RESULTS=out.jsonl] bash bench/dvc-stage.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
dvc=${DVC:-$(command -v dvc || echo /opt/guildai-venv/bin/dvc)}
[ -x "$dvc" ] || { echo "bench: dvc not found (pip install dvc, or set DVC)" >&2; exit 2; }
# Guild runs `dvc` from PATH: a directory holding only it keeps python3 as it is.
mkdir -p "$scratch/bin" && ln -sf "$dvc" "$scratch/bin/dvc"
export PATH=$scratch/bin:$PATH
say "ours"
GUILD=$ours DVC=$dvc bash "$shared/dvc-stage.sh"
if [ -n "$anchor" ]; then
  say "Guild AI 0.9.0"
  GUILD=$anchor DVC=$dvc bash "$shared/dvc-stage.sh"
fi
