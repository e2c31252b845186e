#!/usr/bin/env bash
# The recipe harness (benchmarks/recipe.py): trains each setting of benchmarks/recipes.txt with two
# seeds, validation every 125 steps, and prints the table of characters and seconds to validation
# 1.90 and 1.75, the best validation at the end, ms per step and peak memory. Hours of training:
#   benchmarks/recipe.sh --only default,wsd     a few settings
#   benchmarks/recipe.sh --table-only            the table of the runs already made
# Needs what ./chargpt needs, GNU time (/usr/bin/time; Debian: apt-get install time) and python3.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [[ ! -x /usr/bin/time ]]; then
    echo "recipe.sh: GNU time (/usr/bin/time) is missing; install it (Debian: apt-get install time)" >&2
    exit 1
fi
exec python3 benchmarks/recipe.py "$@"
