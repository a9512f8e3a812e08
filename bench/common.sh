# Sourced by the bench scripts: finds the shared bench tools and both guilds, makes a scratch
# directory removed on exit, and defines `timeit` (shared timeit.py) and `say`.
# Reads GUILD (ours, default .build/release/guild), GUILDAI (Guild AI 0.9.0's guild, default
# /opt/guildai-venv/bin/guild when present), SHARED_BENCH and RESULTS.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${SHARED_BENCH:-$root/../shared/bench}
[ -f "$shared/timeit.py" ] || { echo "bench: $shared/timeit.py not found (set SHARED_BENCH)" >&2; exit 2; }
ours=$(cd "$root" && realpath "${GUILD:-.build/release/guild}")
anchor=${GUILDAI:-$(command -v /opt/guildai-venv/bin/guild || true)}
[ -x "$ours" ] || { echo "bench: build first: swift build -c release" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
timeit() { python3 "$shared/timeit.py" ${RESULTS:+--results "$RESULTS"} "$@"; }
say() { printf '\n== %s\n' "$*"; }

echo "ours: $ours; Guild AI: ${anchor:-not found}; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
