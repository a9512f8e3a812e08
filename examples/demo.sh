#!/usr/bin/env bash
# Runs the examples with the built guild in a throwaway Guild home and shows the results.
# usage: examples/demo.sh [path/to/guild]   (default: .build/release/guild)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
guild=$(cd "$here/.." && pwd)/${1:-.build/release/guild}
[ -x "$guild" ] || guild=$1
export GUILD_HOME=$(mktemp -d)
trap 'rm -rf "$GUILD_HOME"' EXIT
show() { printf '\n$ guild %s\n' "$*"; "$guild" "$@"; }

cd "$here/hello"
show run hello -y
cd "$here/train"
show run train lr=0.05 epochs=2 -y
show run train-config train.lr=0.2 -y
show runs
show runs info
show ls -d 1

cd "$here/pipeline"
show run prepare -y
show run train -y
show run evaluate -y
show ls -d 2
show runs

cd "$here/batch"
show run train x=[1,2,3] noise=[0,0.1] -y -q
show run train x=[-3.0:8.0] --optimizer gp --max-trials 12 --random-seed 1 -y -q
show runs -n 4
show compare -t --min loss -n 3 -cc =x,loss
show compare -t -Fo train -F "x >= 2 and loss < 1" -cc =x,loss -n 3
show diff -f
show run train x=[1,2,3,4] --stage-trials -y
show run queue run-once=yes --parallel 2 -y -q
show runs -n 5

if command -v dvc >/dev/null; then
  dvcdemo=$(mktemp -d)
  trap 'rm -rf "$GUILD_HOME" "$dvcdemo" "$dvcdemo.remote"' EXIT
  cp -r "$here/dvc/." "$dvcdemo" && cd "$dvcdemo" && ./setup.sh "$dvcdemo.remote" >/dev/null
  show run dvc.yaml:prepare prepare.scale=3 -y
  show run dvc.yaml:train train.lr=0.5 -y
  show run dvc.yaml:evaluate -y
  show runs info
  show run dvc.yaml:train "train.lr=[0.1,0.3]" -y
else
  printf '\n(dvc is not on PATH: skipping the DvC stages of examples/dvc; pip install dvc)\n'
fi
