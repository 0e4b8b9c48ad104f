/** The grid's export builders: data in the page's order, CSV, JSON and SVG strings that hold its numbers. */
import { describe, expect, it } from 'vitest';
import type { GridResult, ModelSummary } from '../../protocol/messages';
import { csvField, gridCsv } from './grid-csv';
import { exportStem, gridExportOf, type GridExportInput } from './grid-export';
import { gridJson } from './grid-json';
import { escapeXml, gridSvg, partLines, sig3, SVG_LAYOUT } from './grid-svg';

const summary = (slot: string, preset: 'deep' | 'r-lstm-sd'): ModelSummary => ({
  slot,
  preset,
  arch: preset === 'deep' ? 'deep' : 'r-lstm',
  name: preset === 'deep' ? 'Deep' : 'R-LSTM-SD',
  T: 12,
  width: 84,
  parameters: 1,
  parametersThesis: 1,
  source: 'bundled',
  detail: '',
  training: null,
  metrics: null,
});

/** A result whose numbers depend on the slot and method, float32 as the worker sends them. */
function result(slot: string, methods: string[], k: number): GridResult {
  return {
    slot,
    version: 3,
    width: 84,
    T: 12,
    logits: Array(10).fill(0),
    probabilities: Array(10).fill(0.05),
    predicted: 7,
    target: 3,
    cells: methods.map((method, m) => ({
      method,
      label: method,
      heatmap: Float32Array.from({ length: 28 * 84 }, (_, i) => Math.sin(i * 0.37 + k + m) / 3),
      perStep: Array.from({ length: 12 }, (_, t) => Math.fround((t - 5.5) * 0.0123 * (k + 1) + m)),
      state: null,
      literal: null,
      blockShares: [Math.fround(0.1 + 0.1 * m), Math.fround(0.45 - 0.05 * m), Math.fround(0.45 - 0.05 * m)],
      cosine: m === 1 && k === 1 ? null : Math.fround(0.9 - 0.01 * k - 0.1 * m),
      conservation: { sum: Math.fround(1.234567 + k), logit: Math.fround(1.25 + k), target: Math.fround(1.25 + k), error: Math.fround(0.015433) },
    })),
    backend: 'wasm',
    ms: 5,
  };
}

const methods = ['sensitivity', 'lrp-alpha-beta:a1.5b0.5'];
const input: GridExportInput = {
  dataset: 'mnist',
  datasetLabel: 'MNIST-MAJ',
  index: 22,
  edited: false,
  classNames: [...'0123456789'],
  blockLabels: [1, 3, 3],
  label: 3,
  mask: [0, 1, 1],
  positiveOnly: false,
  pixels: new Uint8Array(28 * 84),
  methods,
  columns: [
    { slot: 'b:deep', title: 'Deep, "bundled" <1>', summary: summary('b:deep', 'deep') },
    { slot: 'b:rlstm', title: 'R-LSTM-SD', summary: summary('b:rlstm', 'r-lstm-sd') },
    { slot: 'i:shallow', title: 'Shallow', summary: null },
  ],
  results: { 'b:deep': result('b:deep', methods, 0), 'b:rlstm': result('b:rlstm', methods, 1) },
};

/** RFC 4180 parser (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += ch;
  }
  return rows;
}

/** Tags of an XML string balance (no comments or CDATA are written); returns the element names in order. */
function xmlElements(xml: string): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*?)(\/?)>/g)) {
    const [, close, name, attrs, self] = m;
    expect(attrs.split('"').length % 2, `unbalanced quotes in <${name}${attrs}>`).toBe(1);
    if (close) expect(stack.pop()).toBe(name);
    else {
      names.push(name);
      if (!self) stack.push(name);
    }
  }
  expect(stack).toEqual([]);
  // Text between tags holds no raw markup characters.
  for (const t of xml.split(/<[^>]*>/)) expect(t).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot);)/);
  return names;
}

describe('gridExportOf', () => {
  it('lists the cells row by row in the page order, leaving out models without a result', () => {
    const g = gridExportOf(input);
    expect(g.cells.map((c) => `${c.method}@${c.slot}`)).toEqual(['sensitivity@b:deep', 'sensitivity@b:rlstm', 'lrp-alpha-beta:a1.5b0.5@b:deep', 'lrp-alpha-beta:a1.5b0.5@b:rlstm']);
    expect(g.methods.map((m) => m.label)).toEqual(['Sensitivity', 'LRP-α1.5β0.5']);
    expect(g.models.map((m) => [m.slot, m.preset, m.T])).toEqual([
      ['b:deep', 'deep', 12],
      ['b:rlstm', 'r-lstm-sd', 12],
      ['i:shallow', null, 0],
    ]);
    expect([g.sequence, exportStem(g)]).toEqual(['test sequence #22', 'rrx-mnist-test22']);
    expect(exportStem({ ...g, edited: true })).toBe('rrx-mnist-test22-edited');
    expect(g.cells[2].conserves).toBe(true);
    expect(g.cells[0].conserves).toBe(false);
  });
});

describe('gridCsv', () => {
  it('quotes fields with commas, quotes or line breaks only', () => {
    expect([csvField('a'), csvField('a,b'), csvField('say "x"'), csvField('l1\nl2'), csvField(0.1), csvField(null), csvField(NaN)]).toEqual(['a', '"a,b"', '"say ""x"""', '"l1\nl2"', '0.1', '', '']);
  });

  it('writes one row per cell with every number as the grid holds it', () => {
    const g = gridExportOf(input);
    const rows = parseCsv(gridCsv(g));
    const [head, ...body] = rows;
    expect(head.slice(0, 3)).toEqual(['dataset', 'sequence', 'method']);
    expect(head.at(-1)).toBe('step_12');
    expect(body).toHaveLength(4);
    const col = (r: string[], name: string) => r[head.indexOf(name)];
    for (const [i, c] of g.cells.entries()) {
      const r = body[i];
      expect(r).toHaveLength(head.length);
      expect([col(r, 'method'), col(r, 'slot'), col(r, 'explained_class'), col(r, 'explained_name'), col(r, 'predicted_class')]).toEqual([c.method, c.slot, '3', '3', '7']);
      expect([1, 2, 3].map((k) => Number(col(r, `share_block${k}`)))).toEqual(c.blockShares);
      expect([1, 2, 3].map((k) => col(r, `mask_block${k}`))).toEqual(['0', '1', '1']);
      expect(col(r, 'cosine')).toBe(c.cosine === null ? '' : String(c.cosine));
      expect(Number(col(r, 'sum_relevance'))).toBe(c.conservation.sum);
      expect(Number(col(r, 'logit'))).toBe(c.conservation.logit);
      expect(Number(col(r, 'conservation_error'))).toBe(c.conservation.error);
      expect(Array.from({ length: 12 }, (_, t) => Number(col(r, `step_${t + 1}`)))).toEqual(c.perStep);
    }
    expect(col(body[0], 'model')).toBe('Deep, "bundled" <1>');
    expect(col(body[3], 'cosine')).toBe(''); // no cosine (null) for this cell
  });
});

describe('gridJson', () => {
  it('holds the sequence, the models and every cell with its heatmap, NaN as null', () => {
    const g = gridExportOf(input);
    g.cells[0].conservation = { ...g.cells[0].conservation, error: NaN };
    const doc = JSON.parse(gridJson(g, { created: new Date('2024-01-02T03:04:05Z') }));
    expect(doc).toMatchObject({ format: 'rrx-grid', version: 1, created: '2024-01-02T03:04:05.000Z', sequence: { dataset: 'mnist', index: 22, edited: false, label: 3, mask: [0, 1, 1], blockClasses: [1, 3, 3] } });
    expect(doc.cells).toHaveLength(4);
    for (const [i, c] of g.cells.entries()) {
      const d = doc.cells[i];
      expect([d.method, d.slot, d.explainedClass, d.blockShares, d.cosine, d.perStep]).toEqual([c.method, c.slot, 3, c.blockShares, c.cosine, c.perStep]);
      expect(d.heatmap).toHaveLength(28);
      expect(d.heatmap[27]).toHaveLength(84);
      expect(Float32Array.from(d.heatmap.flat() as number[])).toEqual(c.heatmap);
    }
    expect(doc.cells[0].conservation).toEqual({ sumRelevance: g.cells[0].conservation.sum, logit: g.cells[0].conservation.logit, reluLogit: g.cells[0].conservation.target, error: null });
    expect(JSON.parse(gridJson(g, { heatmaps: false })).cells[0].heatmap).toBeUndefined();
  });
});

describe('gridSvg', () => {
  it('is well-formed, embeds one image per cell plus the input, escapes text and shows shares, cosine and conservation', () => {
    const g = gridExportOf(input);
    const seen: string[] = [];
    const svg = gridSvg(g, {
      heatmap: (c) => (seen.push(`${c.method}@${c.slot}`), `data:image/png;base64,${c.slot.length}AAAA`),
      input: () => 'data:image/png;base64,INPUT',
    });
    const names = xmlElements(svg);
    expect(names[0]).toBe('svg');
    expect(names.filter((n) => n === 'image')).toHaveLength(5);
    expect(seen).toEqual(g.cells.map((c) => `${c.method}@${c.slot}`));
    expect(svg).toContain('Deep, &quot;bundled&quot; &lt;1&gt;');
    expect(svg).toContain('MNIST-MAJ test sequence #22 · label 3 (blocks 2 and 3)');
    expect(svg).toContain(`shares ${g.cells[0].blockShares.map((s) => s.toFixed(2)).join(' · ')}   cos ${g.cells[0].cosine!.toFixed(3)}`);
    expect(svg).toContain('cos n/a');
    expect(svg).toContain(`ΣR ${sig3(g.cells[2].conservation.sum)} · relu(y) ${sig3(g.cells[2].conservation.target)}<`);
    expect(svg).toContain('(not conservative)');
    expect(svg).toContain('no result'); // Shallow has no result yet
    // The colour bar: 21 stops from dark blue through grey to dark red.
    expect(svg.match(/<stop /g)).toHaveLength(21);
    expect(svg).toContain('−max |R|');
    expect(xmlElements(gridSvg({ ...g, positiveOnly: true }, { heatmap: () => 'data:,', input: () => null })).filter((n) => n === 'image')).toHaveLength(4);
  });

  it('formats small numbers with three significant digits and escapes markup', () => {
    expect([sig3(1.23456), sig3(0.000123456), sig3(-2.5e-7), sig3(0), sig3(12345)]).toEqual(['1.23', '1.23e−4', '−2.50e−7', '0', '1.23e+4']);
    expect(escapeXml('a<b & "c">')).toBe('a&lt;b &amp; &quot;c&quot;&gt;');
  });
});

describe('the sequence task (one 28 × 28 image, T = 1, 4, 7 columns)', () => {
  const seqSummary = (slot: string, preset: 'shallow' | 'deep', T: number): ModelSummary => ({ ...summary(slot, 'deep'), preset, arch: preset, name: preset, T, width: 28 });
  const seqResult = (slot: string, T: number, k: number): GridResult => {
    const r = result(slot, methods, k);
    return {
      ...r,
      width: 28,
      T,
      cells: r.cells.map((c, m) => ({
        ...c,
        heatmap: Float32Array.from({ length: 28 * 28 }, (_, i) => Math.cos(i * 0.21 + k + m) / 4),
        perStep: Array.from({ length: T }, (_, t) => Math.fround((t % 2 ? -1 : 1) * 0.01 * (t + 1) * (m + 1))),
        blockShares: [1],
        cosine: null,
      })),
    };
  };
  const seqInput: GridExportInput = {
    ...input,
    task: 'seq',
    datasetLabel: 'MNIST',
    blockLabels: [5],
    label: 5,
    mask: null,
    pixels: new Uint8Array(28 * 28),
    columns: [
      { slot: 'b:s1', title: 'Shallow-1', summary: seqSummary('b:s1', 'shallow', 1) },
      { slot: 'b:s4', title: 'Shallow-4', summary: seqSummary('b:s4', 'shallow', 4) },
      { slot: 'b:d7', title: 'Deep-7', summary: seqSummary('b:d7', 'deep', 7) },
    ],
    results: { 'b:s1': seqResult('b:s1', 1, 0), 'b:s4': seqResult('b:s4', 4, 1), 'b:d7': seqResult('b:d7', 7, 2) },
  };

  it('names an image, not a sequence', () => {
    const g = gridExportOf(seqInput);
    expect([g.task, g.sequence, exportStem(g)]).toEqual(['seq', 'test image #22', 'rrx-mnist-image22']);
    expect(gridExportOf({ ...seqInput, edited: true }).sequence).toBe('edited image (from test #22)');
    expect(JSON.parse(gridJson(g)).sequence).toMatchObject({ task: 'seq', label: 5, mask: null });
  });

  it('draws square heatmaps with each model’s T strips and the relevance per step, and no block mask', () => {
    const g = gridExportOf(seqInput);
    const svg = gridSvg(g, { heatmap: () => 'data:,', input: () => 'data:,INPUT' });
    expect(xmlElements(svg)[0]).toBe('svg');
    expect(svg).toContain('MNIST test image #22 · class 5');
    // Every image (input and heatmaps) is 84 × 84: the 28 × 28 image's shape, not stretched to 3:1.
    const sizes = [...svg.matchAll(/<image [^>]*width="([\d.]+)" height="([\d.]+)"/g)].map((m) => `${m[1]}x${m[2]}`);
    expect(sizes).toHaveLength(1 + 6);
    expect(new Set(sizes)).toEqual(new Set([`${SVG_LAYOUT.mapH}x${SVG_LAYOUT.mapH}`]));
    // Lines between the time steps: 0 for T = 1, 3 for T = 4, 6 for T = 7, per method row.
    expect(svg.match(/<line /g)).toHaveLength(methods.length * (0 + 3 + 6));
    expect(partLines('seq', 4, 84)).toEqual([21, 42, 63]);
    expect(partLines('maj', 12, 252)).toEqual([84, 168]);
    // One bar per step, its value in its title; no cosine, no mask underline.
    expect(svg.match(/<rect class="step"/g)).toHaveLength(methods.length * (1 + 4 + 7));
    expect(svg).toContain(`<title>step 2: Σ R ${escapeXml(sig3(g.cells[1].perStep[1]))}</title>`);
    expect(svg).not.toContain('cos ');
    expect(svg).not.toContain('fill="#2e7d32"');
    // A label with no mask (what the page holds in this task) is not an error.
    expect(() => gridSvg({ ...g, task: 'maj' }, { heatmap: () => 'data:,', input: () => null })).not.toThrow();
  });
});

