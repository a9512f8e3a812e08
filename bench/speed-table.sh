#!/usr/bin/env bash
# Every row of issue 15's speed table, ours against its floor probe (and Guild AI 0.9.0 where
# ANCHOR_MAX allows): process start, one `guild run`, a grid trial, one run by id in a big home
# (`runs info`, `ls`, `cat`, `diff`), `guild runs` and `runs -a`, and `compare --csv -` cold and warm (with
# peak memory), at each home size N (shared populate.py: 5 flags, 3 scalars x 100 steps).
# The floor probes: /bin/true; the bare script; and bench/floor/read-runs.c on both cores: one
# readdir of the runs directory, one read of each run's attrs/started, a stat of each file the
# run index checks for `runs -a`, reading every attr and event file of every run.
# Guild AI's cold compare takes minutes at 10,000 runs: it runs only up to ANCHOR_COLD_MAX runs.
# usage: [GUILD=.build/release/guild] [GUILDAI=...] [REPS=5] [ANCHOR_MAX=10000]
#        [ANCHOR_COLD_MAX=1000] [RESULTS=out.jsonl] bash bench/speed-table.sh [N...]  (default: 1000 10000;
#        0: only the rows that need no home). Put a real python3 first on PATH: a pyenv shim adds
#        ~70 ms to every Python start, ours and the floor's alike.
set -euo pipefail
source "$(dirname "$0")/common.sh"
REPS=${REPS:-5}
ANCHOR_MAX=${ANCHOR_MAX:-10000}
ANCHOR_COLD_MAX=${ANCHOR_COLD_MAX:-1000}
mkdir -p "$scratch/p" "$scratch/home-ours" "$scratch/home-anchor"
cc -O2 -pthread -o "$scratch/read-runs" "$root/bench/floor/read-runs.c"
floor=$scratch/read-runs
cd "$scratch/p"
printf 'trivial:\n  main: trivial\n  flags:\n    x: 1\n' > guild.yml
printf 'x = 1\nprint("loss: 0.1")\n' > trivial.py

# row: NAME FLOOR_CMD OURS_CMD [ANCHOR_CMD] -- timeit options
row() {
  local name=$1 floor=$2 mine=$3 theirs=$4; shift 4
  local cmds=(--cmd "floor: $name" "$floor" --cmd "ours: $name" "$mine")
  [ -n "$theirs" ] && cmds+=(--cmd "Guild AI 0.9.0: $name" "$theirs")
  say "$name"
  timeit "$@" "${cmds[@]}"
}
with_anchor() { [ -n "$anchor" ] && [ "$1" -le "$ANCHOR_MAX" ] && printf '%s' "$2"; }

row "process start (guild --version)" "/bin/true" "$ours --version" "${anchor:+$anchor --version}" \
  --runs 20 --warmup 2 --size -
row "guild run trivial -y (over python3 trivial.py)" "python3 trivial.py" \
  "GUILD_HOME=$scratch/home-ours $ours run trivial -y" \
  "${anchor:+GUILD_HOME=$scratch/home-anchor $anchor run trivial -y}" --runs 20 --warmup 1 --size 1
grid="x=[$(seq -s, 1 20)]"
row "20-trial grid (over 20 x python3 trivial.py)" "for i in \$(seq 20); do python3 trivial.py >/dev/null; done" \
  "GUILD_HOME=$scratch/home-ours $ours run trivial '$grid' -y -q" \
  "${anchor:+GUILD_HOME=$scratch/home-anchor $anchor run trivial '$grid' -y -q}" --runs 3 --per 20 --size 20

for n in "${@:-1000 10000}"; do
  [ "$n" -gt 0 ] || continue # `0`: the rows above only
  home=$scratch/home-$n
  mkdir -p "$home"
  say "populate $n runs (shared populate.py)"
  GUILD_HOME=$home python3 "$shared/populate.py" "$n" --project "$scratch/p" >/dev/null
  export GUILD_HOME=$home
  runs=$home/runs
  # The 500th newest run: neither the first nor the last directory entry.
  id=$("$ours" select 500 2>/dev/null || "$ours" select)
  other=$("$ours" select 1)
  for what in "runs info $id" "ls $id" "cat -p train.py $id" "diff $id $other"; do
    name=${what//$id/ID}
    row "guild ${name//$other/OTHER} ($n runs)" "$floor readdir $runs" "$ours $what" "$(with_anchor "$n" "$anchor $what")" \
      --runs "$REPS" --warmup 1 --size "$n" --timeout 300
  done
  row "guild runs ($n runs)" "$floor started $runs" "$ours runs" "$(with_anchor "$n" "$anchor runs")" \
    --runs "$REPS" --warmup 1 --size "$n" --timeout 300
  row "guild runs -a ($n runs)" "$floor stat $runs" "$ours runs -a >/dev/null" \
    "$(with_anchor "$n" "$anchor runs -a >/dev/null")" --runs "$REPS" --warmup 1 --size "$n" --timeout 300
  clear="rm -rf $(printf %q "$home/cache")"
  cold_anchor=
  [ "$n" -le "$ANCHOR_COLD_MAX" ] && cold_anchor=$(with_anchor "$n" "$anchor compare --csv -")
  row "guild compare --csv - cold ($n runs)" "$floor all $runs" \
    "$ours compare --csv - >/dev/null" "${cold_anchor:+$cold_anchor >/dev/null}" --runs 3 --prepare "$clear" --size "$n" --timeout 900
  "$ours" compare --csv - >/dev/null
  row "guild compare --csv - warm ($n runs)" "$floor all $runs" \
    "$ours compare --csv - >/dev/null" "$(with_anchor "$n" "$anchor compare --csv - >/dev/null")" \
    --runs 3 --warmup 1 --size "$n" --timeout 900
  unset GUILD_HOME
  rm -rf "$home"
done
