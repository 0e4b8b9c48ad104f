import { describe, expect, it } from 'vitest';
import { makeImageSet } from './imageSet';
import { fetchReader } from './fetchReader';
import { gunzip, isGzip, maybeGunzip } from './gzip';
import { loadDataset, loadDatasets, loadDatasetTestFirst, loadManifest, type ReadBytes } from './load';
import { buildManifest, outputFiles } from './prepare';
import { sha256Hex } from './sha256';

async function gzipBytes(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function tinySet(n: number, seed: number) {
  const images = Uint8Array.from({ length: n * 784 }, (_, i) => (i * seed) % 256);
  const labels = Uint8Array.from({ length: n }, (_, i) => (i + seed) % 10);
  return makeImageSet(images, labels);
}

/** An in-memory public/data: plain files, .gz copies and manifest.json. */
async function makeFiles(): Promise<Map<string, Uint8Array>> {
  const parts = { mnist: { train: tinySet(30, 3), test: tinySet(10, 5) }, fashion: { train: tinySet(20, 7), test: tinySet(10, 11) } };
  const files = new Map<string, Uint8Array>();
  const digests = new Map();
  for (const name of ['mnist', 'fashion'] as const) {
    for (const f of outputFiles(name, parts[name])) {
      const gz = await gzipBytes(f.data);
      files.set(f.path, f.data);
      files.set(`${f.path}.gz`, gz);
      digests.set(f.path, { path: f.path, bytes: f.data.length, sha256: await sha256Hex(f.data), gzip: { path: `${f.path}.gz`, bytes: gz.length, sha256: await sha256Hex(gz) } });
    }
  }
  const source = { package: 'p', version: '1', files: [], notes: '' };
  const manifest = buildManifest({ parts, sources: { mnist: source, fashion: source }, fashionSplit: { sourceCounts: [], dropped: [], pinnedToTrain: [], duplicateGroups: 0, emptyEntries: [] }, digests });
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
  return files;
}

function reader(files: Map<string, Uint8Array>, log: string[] = []): ReadBytes {
  return async (p) => {
    log.push(p);
    const b = files.get(p);
    if (!b) throw new Error(`${p}: no such file`);
    return b;
  };
}

describe('loadDataset / loadDatasets', () => {
  it('loads train then test into one BaseDataset, checked against the manifest', async () => {
    const files = await makeFiles();
    const { mnist, fashion, manifest } = await loadDatasets(reader(files), { verify: 'sha256' });
    expect([mnist.n, mnist.nTrain, mnist.nTest]).toEqual([40, 30, 10]);
    expect(mnist.labels[30]).toBe(5); // first test label: (0 + 5) % 10
    expect(mnist.images[30 * 784 + 1]).toBe(5);
    expect(fashion.classNames[9]).toBe('Ankle boot');
    expect(manifest.datasets.mnist.train.classCounts.reduce((a, b) => a + b, 0)).toBe(30);
  });

  it('compressed: gunzips .gz bytes, takes already-decoded bytes as they are, falls back to the plain file', async () => {
    const files = await makeFiles();
    const log: string[] = [];
    const a = await loadDataset(reader(files, log), 'mnist', { compressed: true, verify: 'sha256' });
    expect(log.filter((p) => p.endsWith('.gz')).length).toBe(4);
    expect(log.filter((p) => p.endsWith('.u8')).length).toBe(0);
    // A server that decodes Content-Encoding: gzip hands back the plain bytes for the .gz URL.
    const decoded = new Map(files);
    for (const [p, b] of files) if (p.endsWith('.gz')) decoded.set(p, files.get(p.slice(0, -3))!);
    const b = await loadDataset(reader(decoded), 'mnist', { compressed: true, verify: 'sha256' });
    expect(Array.from(b.images.subarray(0, 2000))).toEqual(Array.from(a.images.subarray(0, 2000)));
    // No .gz files: the plain files are read.
    const plain = new Map([...files].filter(([p]) => !p.endsWith('.gz')));
    const c = await loadDataset(reader(plain), 'fashion', { compressed: true });
    expect(c.n).toBe(30);
  });

  it('a file of the wrong size is an error that names it and says how to regenerate', async () => {
    const files = await makeFiles();
    files.set('mnist-test-labels.u8', new Uint8Array(9));
    await expect(loadDataset(reader(files), 'mnist')).rejects.toThrow(
      'mnist-test-labels.u8: 9 bytes, the manifest says 10: the prepared data is stale or corrupt; run `npm install` (or `node scripts/prepare-data.mjs`) to regenerate public/data',
    );
  });

  it('a changed byte passes the size check but fails verify: sha256', async () => {
    const files = await makeFiles();
    const bad = files.get('fashion-train-images.u8')!.slice();
    bad[100] ^= 1;
    files.set('fashion-train-images.u8', bad);
    expect((await loadDataset(reader(files), 'fashion')).n).toBe(30);
    await expect(loadDataset(reader(files), 'fashion', { verify: 'sha256' })).rejects.toThrow(/^fashion-train-images.u8: SHA-256 [0-9a-f]{64} does not match the manifest/);
  });

  it('rejects a manifest of another version, and invalid JSON', async () => {
    const files = await makeFiles();
    const m = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify({ ...m, version: 2 })));
    await expect(loadManifest(reader(files))).rejects.toThrow('manifest.json: format version 2 is not the version this code reads (1)');
    files.set('manifest.json', new TextEncoder().encode('{"format": "rrx-da'));
    await expect(loadManifest(reader(files))).rejects.toThrow(/^manifest.json: not valid JSON/);
  });

  it('rejects an unknown dataset name', async () => {
    await expect(loadDataset(reader(await makeFiles()), 'cifar' as 'mnist')).rejects.toThrow('unknown dataset "cifar"; valid: mnist, fashion');
  });
});

describe('loadDatasetTestFirst', () => {
  it('reads the test images and every label now, the training images only when asked, into the same global indices', async () => {
    const files = await makeFiles();
    const full = await loadDataset(reader(files), 'mnist', { compressed: true });
    const log: string[] = [];
    const lazy = await loadDatasetTestFirst(reader(files, log), 'mnist', { compressed: true });
    expect(log.filter((p) => p !== 'manifest.json').sort()).toEqual(['mnist-test-images.u8.gz', 'mnist-test-labels.u8.gz', 'mnist-train-labels.u8.gz']);
    const b = lazy.base;
    expect([b.n, b.nTrain, b.nTest, lazy.trainImagesLoaded()]).toEqual([full.n, full.nTrain, full.nTest, false]);
    expect(Array.from(b.labels)).toEqual(Array.from(full.labels));
    expect(Array.from(b.images.subarray(b.nTrain * 784))).toEqual(Array.from(full.images.subarray(full.nTrain * 784)));
    expect(b.images.subarray(0, b.nTrain * 784).every((v) => v === 0)).toBe(true);
    const [p1, p2] = [lazy.loadTrainImages(), lazy.loadTrainImages()];
    expect(p1).toBe(p2);
    await p1;
    expect(log.filter((p) => p.includes('train-images'))).toEqual(['mnist-train-images.u8.gz']);
    expect(lazy.trainImagesLoaded()).toBe(true);
    expect(Array.from(b.images)).toEqual(Array.from(full.images));
  });

  it('a failed read of the training images is an error, and the next call reads again', async () => {
    const files = await makeFiles();
    const good = files.get('fashion-train-images.u8.gz')!;
    files.delete('fashion-train-images.u8.gz');
    const plain = files.get('fashion-train-images.u8')!;
    files.delete('fashion-train-images.u8');
    const lazy = await loadDatasetTestFirst(reader(files), 'fashion', { compressed: true });
    await expect(lazy.loadTrainImages()).rejects.toThrow('fashion-train-images.u8: no such file');
    expect(lazy.trainImagesLoaded()).toBe(false);
    files.set('fashion-train-images.u8.gz', good);
    files.set('fashion-train-images.u8', plain);
    await lazy.loadTrainImages();
    expect(lazy.base.images[1]).toBe(plain[1]);
  });
});

describe('gzip helpers', () => {
  it('isGzip looks at the magic number; maybeGunzip decodes only gzip', async () => {
    const raw = Uint8Array.from({ length: 1000 }, (_, i) => i % 7);
    const gz = await gzipBytes(raw);
    expect([isGzip(gz), isGzip(raw)]).toEqual([true, false]);
    expect(Array.from(await maybeGunzip(gz))).toEqual(Array.from(raw));
    expect(await maybeGunzip(raw)).toBe(raw);
  });

  it('truncated gzip is an error naming the file', async () => {
    const gz = await gzipBytes(Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));
    await expect(gunzip(gz.subarray(0, gz.length - 20), 'x.u8.gz')).rejects.toThrow(/^x.u8.gz: gzip decoding failed/);
  });
});

describe('fetchReader', () => {
  it('joins the base URL and path, returns the bytes, and turns a 404 into an npm-install hint', async () => {
    const urls: string[] = [];
    const fake = async (url: string) => {
      urls.push(url);
      if (url.endsWith('missing')) return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
      return { ok: true, status: 200, arrayBuffer: async () => Uint8Array.from([1, 2, 3]).buffer };
    };
    const read = fetchReader('/data', fake);
    expect(Array.from(await read('a.u8'))).toEqual([1, 2, 3]);
    expect(urls).toEqual(['/data/a.u8']);
    await expect(read('missing')).rejects.toThrow('/data/missing: HTTP 404 (the prepared data is missing: run `npm install`, which writes public/data)');
  });
});
