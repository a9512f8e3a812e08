#!/usr/bin/env bash
# Wall time of a TRIALS-trial grid (`guild run trivial x=[1,...,TRIALS] -y`) of a trivial op,
# ours and Guild AI 0.9.0, against running the script TRIALS times directly; per-trial
# overhead from timeit's --per. Each batch leaves TRIALS runs, checked after the timing.
# usage: [GUILD=.build/release/guild] [GUILDAI=...] [TRIALS=100] [RUNS=3] [PARALLEL=2]
#        [RESULTS=out.jsonl] bash bench/batch-grid.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
TRIALS=${TRIALS:-100}
RUNS=${RUNS:-3}
PARALLEL=${PARALLEL:-2}

mkdir -p "$scratch/p" "$scratch/home-ours" "$scratch/home-par" "$scratch/home-anchor"
cd "$scratch/p"
printf 'trivial:\n  main: trivial\n  flags:\n    x: 1\n' > guild.yml
printf 'x = 1\nprint("loss: 0.1")\n' > trivial.py
grid="x=[$(seq -s, 1 "$TRIALS")]"

cmds=(--cmd "$TRIALS x python3 trivial.py (direct)" "for i in \$(seq $TRIALS); do python3 trivial.py >/dev/null; done"
      --cmd "ours: guild run trivial x=[1..$TRIALS] -y" "GUILD_HOME=$scratch/home-ours $ours run trivial '$grid' -y -q"
      --cmd "ours: ... --parallel $PARALLEL" "GUILD_HOME=$scratch/home-par $ours run trivial '$grid' -y -q --parallel $PARALLEL")
[ -n "$anchor" ] && cmds+=(--cmd "Guild AI 0.9.0: guild run trivial x=[1..$TRIALS] -y" "GUILD_HOME=$scratch/home-anchor $anchor run trivial '$grid' -y -q")
say "$TRIALS-trial grid vs $TRIALS direct runs ($RUNS interleaved runs)"
timeit --runs "$RUNS" --size "$TRIALS" --per "$TRIALS" --timeout 1200 "${cmds[@]}"

for home in home-ours home-par ${anchor:+home-anchor}; do
  made=$(ls "$scratch/$home/runs" | wc -l)
  [ "$made" -ge $(( TRIALS * RUNS )) ] || { echo "bench: $home has $made runs, expected $(( TRIALS * RUNS ))" >&2; exit 1; }
done
echo "each home holds $TRIALS trial runs per batch"
