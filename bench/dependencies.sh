#!/usr/bin/env bash
# Overhead of a run that requires an upstream run (`operation:` source, select + copy) in a
# Guild home of N other runs: ours and Guild AI 0.9.0 side by side, against running the
# script directly. Uses the shared bench tools (timeit.py, populate.py) from ../shared/bench.
# usage: [GUILD=.build/release/guild] [GUILDAI=/path/to/guildai/bin/guild] [RUNS=10]
#        [RESULTS=out.jsonl] bash bench/dependencies.sh [N]      (N default: 10000)
set -euo pipefail
source "$(dirname "$0")/common.sh"
N=${1:-10000}
RUNS=${RUNS:-10}
mkdir -p "$scratch/p" "$scratch/home"
cd "$scratch/p"
cat > guild.yml <<'YAML'
prepare:
  main: prepare
train:
  main: train
  flags:
    lr: 0.1
  requires:
    - operation: prepare
      select: data\.csv
YAML
printf 'open("data.csv", "w").write("x,y\\n1,2\\n")\n' > prepare.py
printf 'import os\nlr = 0.1\nprint("loss: %%s" %% len(open("data.csv").read()))\n' > train.py
export GUILD_HOME=$scratch/home
echo "populating $N runs (shared populate.py)"
python3 "$shared/populate.py" "$N" --project "$scratch/populated" >/dev/null
"$ours" run prepare -y >/dev/null
cp "$(ls -td "$GUILD_HOME"/runs/*/ | head -1)data.csv" .    # so the direct run has its input

cmds=(--cmd "python3 train.py (direct)" "python3 train.py"
      --cmd "ours: guild run train -y (requires operation:prepare)" "$ours run train -y")
[ -n "$anchor" ] && cmds+=(--cmd "Guild AI 0.9.0: guild run train -y (requires operation:prepare)" "$anchor run train -y")
printf '\n== run with an upstream dependency among %s runs (%s interleaved runs, 1 warm-up)\n' "$N" "$RUNS"
timeit --runs "$RUNS" --warmup 1 --size "$N" "${cmds[@]}"
