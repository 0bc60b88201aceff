#!/usr/bin/env bash
# Cold-JVM start-up of the embedded cloud's emulators: runs EmulatorsMain N times, takes the wall
# time from launching java to its "ready" line and the CPU time the JVM had used by then, prints
# every run and the medians. Extra arguments go to java, e.g. -XX:TieredStopAtLevel=1.
#
#   localcloud/scripts/measure-startup.sh 5 [java options...]
#   DATA_DIR=.s3clean/measure localcloud/scripts/measure-startup.sh 5
#
# Needs a built module (mvn -pl localcloud -am package -DskipTests) and Linux (/proc).
set -euo pipefail
runs=${1:-5}
shift || true
module=$(cd "$(dirname "$0")/.." && pwd)
cp_file="$module/target/classpath.txt"
if [[ ! -s $cp_file ]]; then
  (cd "$module" && mvn -q -B dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath.txt)
fi
classpath="$module/target/classes:$(cat "$cp_file")"
ticks_per_second=$(getconf CLK_TCK)

walls=() cpus=()
for run in $(seq 1 "$runs"); do
  out=$(mktemp)
  start=$(date +%s%N)
  java "$@" -cp "$classpath" io.s3clean.localcloud.emulator.EmulatorsMain ${DATA_DIR:+"$DATA_DIR"} >"$out" &
  pid=$!
  until grep -q '^ready' "$out"; do
    kill -0 "$pid" 2>/dev/null || { echo "EmulatorsMain died" >&2; cat "$out" >&2; exit 1; }
    sleep 0.01
  done
  wall=$(( ($(date +%s%N) - start) / 1000000 ))
  cpu=$(awk -v hz="$ticks_per_second" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$pid/stat")
  kill -TERM "$pid"
  wait "$pid" || true
  echo "run $run: wall ${wall} ms, cpu ${cpu} ms, load $(cut -d' ' -f1 /proc/loadavg) | $(grep '^started' "$out")"
  walls+=("$wall") cpus+=("$cpu")
  rm -f "$out"
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "median over $runs runs: wall $(median "${walls[@]}") ms, cpu $(median "${cpus[@]}") ms"
