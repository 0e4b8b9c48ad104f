#!/bin/bash
# The zoo's 32 trainings as one SLURM job array: task i runs `rrx zoo run`, which reads its job index
# from SLURM_ARRAY_TASK_ID. ZOO is a folder on shared storage holding plan.json (written once with
# `rrx zoo plan --out $ZOO/plan.json`) and the runs/ folder. Requeued or re-submitted tasks continue
# from their last checkpoint; finished ones do nothing. Submit from the repository root:
#   ZOO=/shared/rrx-zoo sbatch deploy/zoo/slurm-array.sh
# See docs/zoo.md.
#SBATCH --job-name=rrx-zoo
#SBATCH --array=0-31
#SBATCH --cpus-per-task=1
#SBATCH --mem=4G
#SBATCH --time=12:00:00
#SBATCH --signal=TERM@120
#SBATCH --requeue
set -euo pipefail
exec node bin/rrx.js zoo run --plan "${ZOO:?set ZOO to the shared zoo folder}/plan.json" --eval-threads 1
