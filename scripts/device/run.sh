#!/usr/bin/env bash
# Runs `rrx bench --backend webgpu` from .device/ (built by scripts/device/build.mjs) on a machine without
# Node.js: unpacks node and dawn.node, finds a Vulkan driver, and writes the JSON report (and a log) to
# $OUT (or ./.device/out). Environment: RRX_VK_ICD, a Vulkan ICD file to use instead of NVIDIA's;
# RRX_BENCH_ARGS, more arguments for rrx bench (default: --iters 20); RRX_SUBMIT_BATCHES, the
# WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE values of the extra runs (without the baseline; their batch row
# also at 10,000 sequences per call; default "64"; "" for none).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-$here/out}"
mkdir -p "$out" /tmp/rrx-device
xz -dc "$here/node.xz" > /tmp/rrx-device/node && chmod +x /tmp/rrx-device/node || exit 1
dawn="$here/node_modules/webgpu/dist/linux-x64"
[ -f "$dawn/dawn.node" ] || xz -dc "$dawn/dawn.node.xz" > "$dawn/dawn.node" || exit 1
# A Vulkan loader: the machine's, else the one carried in lib/.
ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ' || export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
icd="${RRX_VK_ICD:-}"
if [ -z "$icd" ]; then
  for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    [ -f "$f" ] && icd="$f" && break
  done
fi
if [ -n "$icd" ]; then
  export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd"
  case "$icd" in *swiftshader*) export LD_LIBRARY_PATH="$(dirname "$icd")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ;; esac
fi
{
  echo "date: $(date -u +%FT%TZ)  icd: ${icd:-none found}"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  /tmp/rrx-device/node --version
} 2>&1 | tee "$out/machine.txt"
export RRX_ANCHOR_CACHE="$here"
args="${RRX_BENCH_ARGS:---iters 20}"
summary='
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
console.log("adapter:", JSON.stringify(d.adapter), " dispatch:", JSON.stringify(d.dispatchCost));
if (d.parity) console.log("parity with cpu: worst", d.parity.worst, "tolerance", d.parity.tolerance, d.parity.ok ? "ok" : "FAILED");
for (const r of d.rows) console.log(r.id.padEnd(24), r.ours === null ? "-" : r.ours.toFixed(1), r.unit, "baseline", r.baseline === null ? "-" : r.baseline.toFixed(1), "ratio", r.ratio === null ? "-" : r.ratio.toFixed(2), "target", r.target, "met", r.met, "dispatches", r.dispatches ?? "-", r.note ?? "");
'
# shellcheck disable=SC2086
/tmp/rrx-device/node "$here/rrx.mjs" bench --backend webgpu --json --anchor "$here/anchor-bench.mjs" $args \
  > "$out/webgpu-bench.json" 2> "$out/webgpu-bench.log"
rc=$?
cat "$out/webgpu-bench.log"
/tmp/rrx-device/node -e "$summary" "$out/webgpu-bench.json" || rc=1
for n in ${RRX_SUBMIT_BATCHES-64}; do
  echo "--- submit batch $n, batch row also at 10,000 per call (no baseline)"
  # shellcheck disable=SC2086
  /tmp/rrx-device/node "$here/rrx.mjs" bench --backend webgpu --json --no-baseline --submit-batch "$n" --gpu-batch 10000 $args \
    > "$out/webgpu-bench-submit$n.json" 2>> "$out/webgpu-bench.log" || rc=1
  /tmp/rrx-device/node -e "$summary" "$out/webgpu-bench-submit$n.json" || rc=1
done
exit $rc
