#!/usr/bin/env bash
# Runs a benchmark for several seeds one after another, then regenerates its results table.
# usage: scripts/seeds.sh <task> "<seeds>" [extra gps options…]   e.g. scripts/seeds.sh swimmer "1 2 3"
set -euo pipefail
task="$1"; seeds="$2"; shift 2
for seed in $seeds; do
  pnpm gps "$task" --seed "$seed" "$@" --resume
done
pnpm results "$task"
