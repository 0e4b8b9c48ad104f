#!/bin/bash
# The cross-validated study as one SLURM job array (docs/study.md): task i runs `rrx study run`,
# which reads its job index from SLURM_ARRAY_TASK_ID. STUDY is a folder on shared storage holding
# plan.json (written once with `rrx study plan --out $STUDY/plan.json`) and the runs/ folder.
# Requeued or re-submitted tasks continue from their last checkpoint; finished ones do nothing.
# The array is the default plan's 140 jobs (0-139); for another plan use 0-(jobs − 1), e.g.
#   STUDY=/shared/rrx-study sbatch --array=0-27 deploy/study/slurm-array.sh
# Submit from the repository root (npm ci already run there, which prepares the data):
#   STUDY=/shared/rrx-study sbatch deploy/study/slurm-array.sh
#SBATCH --job-name=rrx-study
#SBATCH --array=0-139
#SBATCH --cpus-per-task=1
#SBATCH --mem=4G
#SBATCH --time=12:00:00
#SBATCH --signal=TERM@120
#SBATCH --requeue
set -euo pipefail
exec node bin/rrx.js study run --plan "${STUDY:?set STUDY to the shared study folder}/plan.json" --eval-threads 1
