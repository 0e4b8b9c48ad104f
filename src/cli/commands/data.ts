/** `rrx data`: what public/data holds (counts, class counts, checksums), optionally verified. */
import type { Command } from '../command';
import { parse } from '../command';
import { DATASET_NAMES, readDataFile, SEEDS, STORED_SPLITS, VAL_FRACTION, type DataManifest, type FileDigest } from '../../core/data/index';
import { dataDir, loadNodeManifest, nodeReader } from '../../node/data';

const usage = `Usage: rrx data [--json] [--verify]

Reports the datasets that \`npm install\` prepared in public/data (scripts/prepare-data.mjs):
images per stored split, the derived train/val/test sizes, class counts and SHA-256 checksums,
all read from public/data/manifest.json.

Options:
  --json      print JSON (format: docs/cli.md, "rrx data")
  --verify    also read every file (and its .gz copy) and compare its size and SHA-256 with
              the manifest; exit 1 on any mismatch
  -h, --help  this text`;

interface DatasetReport {
  train: number;
  test: number;
  splits: { train: number; val: number; test: number };
  classNames: string[];
  classCounts: { train: number[]; test: number[] };
  sha256: Record<string, string>;
  source: string;
}

/**
 * JSON.stringify with 2-space indentation, except that arrays holding no objects or arrays are
 * kept on one line (class counts, pixel rows). Output is still plain JSON.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\n\s*([^[\]{}]*?)\n\s*\]/g, (_, inner: string) => `[${inner.replace(/,\n\s*/g, ', ')}]`);
}

/** The JSON document of `rrx data --json` (documented in docs/cli.md). */
export function dataReport(manifest: DataManifest, dir: string, verified: boolean | null) {
  const out: Record<string, unknown> = { dir, formatVersion: manifest.version, verified };
  for (const name of DATASET_NAMES) {
    const d = manifest.datasets[name];
    const nVal = Math.ceil(VAL_FRACTION * d.train.n);
    const sha256: Record<string, string> = {};
    for (const split of STORED_SPLITS) {
      for (const kind of ['images', 'labels'] as const) {
        const e = d[split][kind];
        sha256[e.path] = e.sha256;
        if (e.gzip) sha256[e.gzip.path] = e.gzip.sha256;
      }
    }
    const report: DatasetReport = {
      train: d.train.n,
      test: d.test.n,
      splits: { train: d.train.n - nVal, val: nVal, test: d.test.n },
      classNames: d.classNames,
      classCounts: { train: d.train.classCounts, test: d.test.classCounts },
      sha256,
      source: `${d.source.package}@${d.source.version}`,
    };
    out[name] = report;
  }
  return out as { dir: string; formatVersion: number; verified: boolean | null } & Record<'mnist' | 'fashion', DatasetReport>;
}

/** Reads every file listed in the manifest and checks size and SHA-256; returns the problems. */
async function verifyAll(manifest: DataManifest, dir: string): Promise<string[]> {
  const read = nodeReader(dir);
  const problems: string[] = [];
  for (const name of DATASET_NAMES) {
    for (const split of STORED_SPLITS) {
      for (const kind of ['images', 'labels'] as const) {
        const e = manifest.datasets[name][split][kind];
        const digests: FileDigest[] = e.gzip ? [e, e.gzip] : [e];
        for (const d of digests) {
          try {
            await readDataFile(read, { path: d.path, bytes: d.bytes, sha256: d.sha256 }, { verify: 'sha256' });
          } catch (err) {
            problems.push((err as Error).message);
          }
        }
      }
    }
  }
  return problems;
}

function table(r: ReturnType<typeof dataReport>): string {
  const lines = [`${r.dir}  (format ${r.formatVersion}${r.verified === null ? '' : r.verified ? ', checksums verified' : ', VERIFICATION FAILED'})`, ''];
  const head = ['dataset', 'split', 'n', ...Array.from({ length: 10 }, (_, c) => `c${c}`), 'sha256 images / labels'];
  const rows: string[][] = [head];
  for (const name of DATASET_NAMES) {
    const d = r[name];
    for (const split of STORED_SPLITS) {
      const files = Object.entries(d.sha256).filter(([p]) => p.startsWith(`${name}-${split}-`) && !p.endsWith('.gz'));
      rows.push([name, split, String(d[split]), ...d.classCounts[split].map(String), files.map(([, h]) => `${h.slice(0, 12)}…`).join(' / ')]);
    }
  }
  const widths = head.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) lines.push(row.map((cell, i) => (i === row.length - 1 ? cell : i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd());
  lines.push('');
  for (const name of DATASET_NAMES) {
    const s = r[name].splits;
    lines.push(`${name}: source ${r[name].source}; derived splits train ${s.train} / val ${s.val} / test ${s.test} (validation: seeded permutation, seed ${SEEDS.trainVal})`);
  }
  return lines.join('\n');
}

export const command: Command = {
  name: 'data',
  usage,
  async run(argv) {
    const { values } = parse(argv, { json: { type: 'boolean' }, verify: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const dir = dataDir();
    const manifest = await loadNodeManifest(dir);
    const problems = values.verify ? await verifyAll(manifest, dir) : [];
    const report = dataReport(manifest, dir, values.verify ? problems.length === 0 : null);
    console.log(values.json ? jsonText(report) : table(report));
    for (const p of problems) console.error(`rrx data: ${p}`);
    return problems.length ? 1 : 0;
  },
};
