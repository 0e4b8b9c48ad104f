#!/usr/bin/env node
// Builds .device/, the folder that travels to a GPU machine (which has no Node.js and no registry) for
// `rrx bench --backend webgpu` (docs/benchmarks.md, "WebGPU on a GPU machine"):
//
//   .device/rrx.mjs              the CLI, bundled with TF.js (esbuild; only the `webgpu` package external)
//   .device/anchor-bench.mjs     the naive baseline (../shared/anchor-bench/bench.mjs), bundled the same way
//   .device/node_modules/webgpu  Dawn's Node binding: index.js, package.json and the linux-x64 dawn.node (xz)
//   .device/node.xz              this machine's node binary (the GPU machine has none)
//   .device/lib/libvulkan.so.1   a Vulkan loader (Chromium's), in case the machine has none
//   .device/run.sh               the one script to run there (scripts/device/run.sh)
//
// Usage: node scripts/device/build.mjs [--anchor PATH]. Then, on the device: bash .device/run.sh
// (locally, to try it on SwiftShader: RRX_VK_ICD=/usr/lib/chromium/vk_swiftshader_icd.json bash .device/run.sh).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, '.device');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const anchor = path.resolve(arg('--anchor') ?? process.env.RRX_ANCHOR ?? path.join(root, '../shared/anchor-bench/bench.mjs'));
if (!existsSync(anchor)) throw new Error(`the baseline bench.mjs is not at ${anchor} (pass --anchor PATH)`);

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'lib'), { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ESM builds of TF.js: one tfjs-core in the bundle (the CJS ones would add a second copy).
  mainFields: ['module', 'main'],
  external: ['webgpu'],
  // Bundled CommonJS (seedrandom, long) calls require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __rrxRequire } from 'node:module'; const require = __rrxRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
};
await build({
  ...common,
  stdin: {
    contents: "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv.slice(2));",
    resolveDir: root,
    sourcefile: 'rrx-device-entry.ts',
    loader: 'ts',
  },
  outfile: path.join(out, 'rrx.mjs'),
});
await build({ ...common, entryPoints: [anchor], outfile: path.join(out, 'anchor-bench.mjs'), nodePaths: [path.join(root, 'node_modules')] });

const dawnPkg = path.join(root, 'node_modules', 'webgpu');
const dawnOut = path.join(out, 'node_modules', 'webgpu');
mkdirSync(path.join(dawnOut, 'dist', 'linux-x64'), { recursive: true });
for (const f of ['index.js', 'package.json', 'LICENSE.md']) copyFileSync(path.join(dawnPkg, f), path.join(dawnOut, f));
const xz = (src, dst) => writeFileSync(dst, execFileSync('xz', ['-c', '-T0', src], { maxBuffer: 1 << 30 }));
xz(path.join(dawnPkg, 'dist', 'linux-x64', 'dawn.node'), path.join(dawnOut, 'dist', 'linux-x64', 'dawn.node.xz'));
xz(process.execPath, path.join(out, 'node.xz'));
const loader = ['/usr/lib/chromium/libvulkan.so.1', '/usr/lib/x86_64-linux-gnu/libvulkan.so.1'].find(existsSync);
if (loader) copyFileSync(loader, path.join(out, 'lib', 'libvulkan.so.1'));
copyFileSync(path.join(root, 'scripts', 'device', 'run.sh'), path.join(out, 'run.sh'));

let total = 0;
const list = (dir) => {
  for (const f of execFileSync('find', [dir, '-type', 'f']).toString().trim().split('\n')) {
    const size = statSync(f).size;
    total += size;
    console.log(`${(size / 2 ** 20).toFixed(1).padStart(6)} MiB  ${path.relative(root, f)}`);
  }
};
list(out);
console.log(`${(total / 2 ** 20).toFixed(1).padStart(6)} MiB  in all (a device call carries at most 64 MiB with the working tree)`);
