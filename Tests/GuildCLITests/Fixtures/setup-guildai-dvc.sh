#!/usr/bin/env bash
# Makes DEST a copy of Guild AI 0.9.0's examples/dvc project (guildai-dvc/ beside this script),
# as Guild's own setup.py does (git repo, DvC repo, `.dvc/config` from dvc.config.in, a first
# commit), except that its data comes from a local directory remote made here: Guild's public
# remote is out of reach. hello.in says "World"; iris.csv is a 150-row iris-shaped table made
# by a fixed formula. Both are pushed to REMOTE, then removed from the project and its cache,
# so that runs fetch them with `dvc pull`. Needs git and dvc on PATH.
# Usage: setup-guildai-dvc.sh DEST REMOTE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=$1
remote=$(realpath -m "$2")
mkdir -p "$dest" "$remote"
cp -R "$here/guildai-dvc/." "$dest/"
cd "$dest"
cat > dvc.config.in <<EOF
[core]
    analytics = false
    remote = guild-pub
['remote "guild-pub"']
    url = $remote
EOF
git init -q .
git config user.email test@example.com
git config user.name test
dvc init -q
cp dvc.config.in .dvc/config
echo World > hello.in
awk 'BEGIN {
  print "Id,SepalLengthCm,SepalWidthCm,PetalLengthCm,PetalWidthCm,Species"
  split("Iris-setosa Iris-versicolor Iris-virginica", species, " ")
  for (i = 0; i < 150; i++) {
    s = int(i / 50); j = i % 50
    printf "%d,%.1f,%.1f,%.1f,%.1f,%s\n", i + 1, 5.0 + s * 0.9 + (j % 7) * 0.1, \
      3.4 - s * 0.5 + (j % 5) * 0.1, 1.5 + s * 2.2 + (j % 6) * 0.1, 0.2 + s * 0.9 + (j % 4) * 0.1, \
      species[s + 1]
  }
}' > iris.csv
dvc add -q hello.in iris.csv
dvc push -q
rm -rf hello.in iris.csv .dvc/cache .dvc/tmp
git add .
git commit -q -m "First commit"
