#!/usr/bin/env bash
# `guild compare --csv -` over N populated runs (shared populate.py: 5 flags, 3 scalars x 100
# steps each), cold (the cache directory, where the scalar index lives, removed before each
# call) and warm, ours and Guild AI 0.9.0. Guild AI's cold compare of 10,000 runs takes
# minutes: ANCHOR_COLD=0 skips it. Both CSV outputs are checked to be identical.
# usage: [GUILD=.build/release/guild] [GUILDAI=...] [REPS=3] [ANCHOR_COLD=1] [RESULTS=out.jsonl]
#        bash bench/compare.sh [N...]     (default: 1000 10000)
set -euo pipefail
source "$(dirname "$0")/common.sh"
REPS=${REPS:-3}
ANCHOR_COLD=${ANCHOR_COLD:-1}
mkdir -p "$scratch/p"
for N in "${@:-1000 10000}"; do
  for n in $N; do
    home=$scratch/home-$n
    mkdir -p "$home"
    say "populate $n runs (shared populate.py)"
    GUILD_HOME=$home python3 "$shared/populate.py" "$n" --project "$scratch/p" >/dev/null
    clear="rm -rf $(printf %q "$home/cache")"
    cd "$scratch/p"
    say "guild compare --csv - over $n runs, cold index ($REPS calls)"
    cmds=(--cmd "ours: compare --csv - (cold)" "GUILD_HOME=$home $ours compare --csv - >/dev/null")
    [ -n "$anchor" ] && [ "$ANCHOR_COLD" = 1 ] && cmds+=(--cmd "Guild AI 0.9.0: compare --csv - (cold)" "GUILD_HOME=$home $anchor compare --csv - >/dev/null")
    timeit --runs "$REPS" --size "$n" --timeout 900 --prepare "$clear" "${cmds[@]}"
    say "guild compare --csv - over $n runs, warm index ($REPS calls after a warm-up)"
    GUILD_HOME=$home "$ours" compare --csv - >"$scratch/ours.csv"
    cmds=(--cmd "ours: compare --csv - (warm)" "GUILD_HOME=$home $ours compare --csv - >/dev/null")
    if [ -n "$anchor" ]; then
      GUILD_HOME=$home "$anchor" compare --csv - >"$scratch/theirs.csv" 2>/dev/null
      cmp -s "$scratch/ours.csv" "$scratch/theirs.csv" && echo "CSV output identical to Guild AI's ($n rows)" \
        || { echo "bench: CSV output differs from Guild AI's" >&2; exit 1; }
      cmds+=(--cmd "Guild AI 0.9.0: compare --csv - (warm)" "GUILD_HOME=$home $anchor compare --csv - >/dev/null")
    fi
    timeit --runs "$REPS" --warmup 1 --size "$n" --timeout 900 "${cmds[@]}"
    rm -rf "$home"
  done
done
