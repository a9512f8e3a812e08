#!/usr/bin/env bash
# Overhead of `guild run SCRIPT.py` with no guild.yml (issue 17) over running the script
# directly: flags imported from a globals and an argparse script, with Guild's import-flags cache
# warm, and cold (NO_IMPORT_FLAGS_CACHE=1, which both tools honour: the script is read again on
# every run). Ours and Guild AI 0.9.0 side by side, interleaved.
# usage: [GUILD=.build/release/guild] [GUILDAI=/path/to/guildai/bin/guild] [RUNS=10]
#        [RESULTS=out.jsonl] bash bench/script-run.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
RUNS=${RUNS:-10}

mkdir -p "$scratch/p" "$scratch/home-ours" "$scratch/home-anchor"
cd "$scratch/p"
printf 'x = 1\nlr = 0.1\nname = "foo"\nprint("loss: %%s" %% (x * lr))\n' > globals.py
cat > args.py <<'PY'
import argparse
p = argparse.ArgumentParser()
p.add_argument("--x", type=int, default=1)
p.add_argument("--lr", type=float, default=0.1)
args = p.parse_args()
print("loss: %s" % (args.x * args.lr))
PY

for script in globals.py args.py; do
  for cache in warm cold; do
    env=""
    [ "$cache" = cold ] && env="NO_IMPORT_FLAGS_CACHE=1"
    cmds=(--cmd "python3 $script (direct)" "python3 $script"
          --cmd "ours: guild run $script x=2 -y ($cache)" "$env GUILD_HOME=$scratch/home-ours $ours run $script x=2 -y")
    [ -n "$anchor" ] && cmds+=(
          --cmd "Guild AI 0.9.0: guild run $script x=2 -y ($cache)" "$env GUILD_HOME=$scratch/home-anchor $anchor run $script x=2 -y")
    say "guild run $script x=2 -y, import-flags cache $cache ($RUNS interleaved runs, 1 warm-up)"
    timeit --runs "$RUNS" --warmup 1 --size 1 "${cmds[@]}"
  done
done
