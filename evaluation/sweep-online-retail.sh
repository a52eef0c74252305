#!/usr/bin/env bash
# Reproduces the tuning sweep in README.md ("Tuning"): one-axis grids around the shipped defaults on UCI Online
# Retail. Student axes and the teacher's main axes run on the full stream (the default point of a teacher axis is the
# plain `distill evaluate` run, so it is not repeated); the secondary teacher axes on the first 200,000 purchases, with
# the default point included. Each grid writes sweep.csv under $OUT/<axis>; the teacher runs once per distinct teacher
# setting, so a student axis costs one teacher pass.
#
#   evaluation/sweep-online-retail.sh [OUT]        # default OUT=./distill-evaluation/sweep; about 100 min on 2 cores
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
data=${DISTILL_SHARED_DIR:-$repo/../shared}/data/online-retail/online_retail.csv.gz
out=${1:-./distill-evaluation/sweep}
only=${SWEEP_ONLY:-}

grid() {
    local name=$1; shift
    if [[ -n $only && " $only " != *" $name "* ]]; then
        return 0
    fi
    echo "== $name: $*" >&2
    # the sweep in README ran around the defaults of the time: sequence weight 0.5 (it moved to 0.8 because of it)
    "$repo/distill" evaluate --dataset "$data" --out "$out/$name" --set teacher.sequence.weight=0.5 "$@"
}

grid alpha-temperature --grid student.alpha=0.15,0.3,0.5,0.7 --grid student.temperature=1,2
grid dimension         --grid student.dimension=32,64,128
grid capacity          --set student.dimension=32 --grid student.learning.rate=0.1,0.15,0.2 --grid student.alpha=0.3,0.5
grid lambda            --grid teacher.lambda=50,200
grid recency           --grid teacher.recency.half.life.events=0,10
grid sequence          --grid teacher.sequence.weight=0,0.8
grid learning-history  --limit 200000 --grid student.learning.rate=0.05,0.2 --grid student.history.half.life=0,1
grid refit             --limit 200000 --grid teacher.refit.max.events=10000,50000
grid top-k             --limit 200000 --grid teacher.top.k=20,50,100
grid negatives         --limit 200000 --grid teacher.negatives=0,50,200
grid item-cap          --limit 200000 --grid teacher.item.cap=1000,2000,5000
