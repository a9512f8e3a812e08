#!/usr/bin/env bash
# `guild runs rm` and `guild label` of 1,000 runs in a home of N runs (issue 16): ours and Guild
# AI 0.9.0 side by side, interleaved. Each timed `rm` is preceded (untimed) by a `runs restore`
# of what the previous one deleted, so every rm moves the same 1,000 runs to the trash.
# usage: [GUILD=.build/release/guild] [GUILDAI=/path/to/guildai/bin/guild] [RUNS=3]
#        [RESULTS=out.jsonl] bash bench/run-management.sh [N]      (N default: 10000)
set -euo pipefail
source "$(dirname "$0")/common.sh"
N=${1:-10000}
RUNS=${RUNS:-3}
export GUILD_HOME=$scratch/home
mkdir -p "$GUILD_HOME"
echo "populating $N runs (shared populate.py)"
python3 "$shared/populate.py" "$N" --project "$scratch/project" >/dev/null
cd "$scratch/project"
restore="$ours runs restore -y >/dev/null 2>&1"

cmds=(--cmd "ours: guild runs rm -y 1:1000" "$ours runs rm -y 1:1000")
[ -n "$anchor" ] && cmds+=(--cmd "Guild AI 0.9.0: guild runs rm -y 1:1000" "$anchor runs rm -y 1:1000")
say "runs rm of 1,000 runs among $N ($RUNS interleaved runs, 1 warm-up)"
timeit --runs "$RUNS" --warmup 1 --size "$N" --prepare "$restore" "${cmds[@]}"
eval "$restore"

cmds=(--cmd "ours: guild label -s 'best \${lr}' -y 1:1000" "$ours label -s 'best \${lr}' -y 1:1000")
[ -n "$anchor" ] && cmds+=(--cmd "Guild AI 0.9.0: guild label -s 'best \${lr}' -y 1:1000" "$anchor label -s 'best \${lr}' -y 1:1000")
say "label of 1,000 runs among $N ($RUNS interleaved runs, 1 warm-up)"
timeit --runs "$RUNS" --warmup 1 --size "$N" "${cmds[@]}"
