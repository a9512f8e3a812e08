#!/usr/bin/env bash
# Per-run overhead of `guild run` on a trivial op over running its script directly, and
# `guild runs` / `guild runs -a` over N synthetic runs; ours and Guild AI 0.9.0 side by side.
# Uses the shared bench tools (timeit.py, populate.py) from ../shared/bench.
# usage: [GUILD=.build/release/guild] [GUILDAI=/path/to/guildai/bin/guild] [RUNS=10] [REPS=3]
#        [RESULTS=out.jsonl] bash bench/run-overhead.sh [N]      (N default: 10000)
set -euo pipefail
source "$(dirname "$0")/common.sh"
N=${1:-10000}
RUNS=${RUNS:-10}
REPS=${REPS:-3}

mkdir -p "$scratch/p" "$scratch/home-ours" "$scratch/home-anchor"
cd "$scratch/p"
printf 'trivial:\n  main: trivial\n  flags:\n    x: 1\n' > guild.yml
printf 'x = 1\nprint("loss: 0.1")\n' > trivial.py

cmds=(--cmd "python3 trivial.py (direct)" "python3 trivial.py"
      --cmd "ours: guild run trivial -y" "GUILD_HOME=$scratch/home-ours $ours run trivial -y")
[ -n "$anchor" ] && cmds+=(--cmd "Guild AI 0.9.0: guild run trivial -y" "GUILD_HOME=$scratch/home-anchor $anchor run trivial -y")
say "single run: guild run trivial -y vs python3 trivial.py ($RUNS interleaved runs, 1 warm-up)"
timeit --runs "$RUNS" --warmup 1 --size 1 "${cmds[@]}"

say "populate $N runs (shared populate.py)"
mkdir -p "$scratch/home-n"
GUILD_HOME=$scratch/home-n python3 "$shared/populate.py" "$N" --project "$scratch/p" >/dev/null
export GUILD_HOME=$scratch/home-n
for what in "runs" "runs -a"; do
  cmds=(--cmd "ours: guild $what" "$ours $what")
  [ -n "$anchor" ] && cmds+=(--cmd "Guild AI 0.9.0: guild $what" "$anchor $what")
  say "guild $what over $N runs ($REPS interleaved calls)"
  timeit --runs "$REPS" --warmup 1 --size "$N" --timeout 300 "${cmds[@]}"
done
