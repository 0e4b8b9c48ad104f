/**
 * `rrx report`: writes docs/reproduction.md from the bundled zoo models (public/models/index.json, each
 * model's model.json and eval.json) and the thesis's figures; `--check` compares instead of writing.
 * The document itself is src/core/zoo/report.ts.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Dataset } from '../../core/model-io/format';
import { reproductionReport, type ReportModel } from '../../core/zoo/report';
import { SEQ_CELLS, SEQ_STEPS, ZOO_CELLS, ZOO_METHODS, type ZooCell, type ZooMethod } from '../../core/zoo/thesis';
import { readJsonBounded } from '../../node/model-files';
import { studyReport, type StudyReport } from '../../core/study/report';
import { readStudyOutcomes, readStudyPlan } from '../../node/study-files';
import type { Command } from '../command';
import { parse, UsageError } from '../command';

const usage = `Usage: rrx report [--models DIR] [--study FILE | --no-study] [--out FILE] [--check]

Writes the reproduction report (default docs/reproduction.md) from the bundled models (default
public/models: index.json, each model's model.json and eval.json): test accuracy beside the thesis's,
mean cosine per cell × method, the thesis's pairwise differences beside ours, and the thesis's
findings checked one by one; and from the cross-validated study (rrx study), when there is one, its
accuracy, orderings and tests beside the thesis's Appendix 2.

Options:
  --models DIR   the bundle (default public/models)
  --study FILE   the study's plan file (default study/plan.json, left out when absent); its runs/
                 folder beside it holds the jobs' model.json and eval.json
  --no-study     leave the study out
  --out FILE     where to write (default docs/reproduction.md)
  --check        do not write: exit 1 when FILE differs from what would be written`;

export const command: Command = {
  name: 'report',
  usage,
  async run(argv) {
    const { values: v } = parse(argv, { models: { type: 'string' }, study: { type: 'string' }, 'no-study': { type: 'boolean' }, out: { type: 'string' }, check: { type: 'boolean' } });
    if (v.study && v['no-study']) throw new UsageError('--study and --no-study exclude each other');
    const dir = v.models ?? 'public/models';
    const out = v.out ?? 'docs/reproduction.md';
    const models = await readBundle(dir);
    const studyFile = v['no-study'] ? null : (v.study ?? (existsSync(DEFAULT_STUDY) ? DEFAULT_STUDY : null));
    const study = studyFile ? await readStudy(studyFile) : undefined;
    const args = [...(v.models ? ['--models', dir] : []), ...(v.study ? ['--study', v.study] : []), ...(v['no-study'] ? ['--no-study'] : []), ...(v.out ? ['--out', out] : [])];
    const text = reproductionReport(models, ['rrx report', ...args].join(' '), dir, study);
    if (v.check) {
      const old = existsSync(out) ? await readFile(out, 'utf8') : '';
      if (old !== text) {
        console.error(`${out} is not what rrx report writes from ${dir}: run rrx report${args.length ? ` ${args.join(' ')}` : ''}`);
        return 1;
      }
      console.log(`${out} is up to date (${models.length} models)`);
      return 0;
    }
    await writeFile(out, text);
    console.log(`${out}: ${models.length} models`);
    return 0;
  },
};

const DEFAULT_STUDY = 'study/plan.json';

/** The study's report (cosine, as Appendix 2) from its plan file and the runs beside it. */
async function readStudy(planFile: string): Promise<{ report: StudyReport; source: string }> {
  const plan = await readStudyPlan(planFile);
  const outcomes = await readStudyOutcomes(plan, path.dirname(planFile));
  return { report: studyReport(plan, outcomes, 'cosine'), source: planFile.split(path.sep).join('/') };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = async (file: string): Promise<any> => readJsonBounded(file);

/** eval.json's faithfulness block, keyed by method id (ids not in the zoo's five are left out). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function faithfulnessOf(ev: any): { faithfulness?: NonNullable<ReportModel['eval']>['faithfulness'] } {
  const f = ev.faithfulness;
  if (!f) return {};
  const byId = <T,>(list: { id: string }[] | undefined, pick: (x: any) => T) => // eslint-disable-line @typescript-eslint/no-explicit-any
    Object.fromEntries((list ?? []).filter((x) => (ZOO_METHODS as readonly string[]).includes(x.id)).map((x) => [x.id, pick(x)])) as Partial<Record<ZooMethod, T>>;
  return {
    faithfulness: {
      ...(f.aopc ? { aopc: { n: f.aopc.n, steps: f.aopc.steps, patch: f.aopc.patch, fill: f.aopc.fill, random: f.aopc.random, methods: byId(f.aopc.methods, (x) => x.morf) } } : {}),
      ...(f.randomisation
        ? { randomisation: { n: f.randomisation.n, layers: f.randomisation.layers, methods: byId(f.randomisation.methods, (x) => ({ first: x.spearman[0], last: x.spearman[x.spearman.length - 1] })) } }
        : {}),
    },
  };
}

/** The zoo models of a bundle, as the report needs them. */
export async function readBundle(dir: string): Promise<ReportModel[]> {
  const index = await readJson(path.join(dir, 'index.json'));
  const models: ReportModel[] = [];
  for (const e of index.models ?? []) {
    const isMaj = e.task === 'maj' && e.T === 12 && (ZOO_CELLS as readonly string[]).includes(e.preset);
    const isSeq = e.task === 'seq' && (SEQ_CELLS as readonly string[]).includes(e.preset) && (SEQ_STEPS as readonly number[]).includes(e.T);
    if (!isMaj && !isSeq) continue;
    const folder = path.join(dir, e.path ?? `${e.id}/`);
    const meta = await readJson(path.join(folder, 'model.json'));
    const tr = meta.training ?? {};
    const m = meta.metrics ?? {};
    const evalFile = e.eval ? path.join(folder, e.eval) : null;
    const ev = evalFile && existsSync(evalFile) ? await readJson(evalFile) : null;
    const methods: NonNullable<ReportModel['eval']>['methods'] = {};
    for (const r of ev?.methods ?? []) {
      if (!(ZOO_METHODS as readonly string[]).includes(r.id)) continue;
      methods[r.id as ZooMethod] = { cosine: r.all?.cosine ?? null, majorityShare: r.all?.majorityShare ?? null, maxConservationError: r.all?.conservation?.maxError ?? null };
    }
    models.push({
      id: e.id,
      cell: e.preset as ZooCell,
      dataset: e.dataset as Dataset,
      task: isSeq ? 'seq' : 'maj',
      T: e.T,
      status: e.status === 'in-training' ? 'in-training' : 'trained',
      epochsDone: m.epochsDone ?? 0,
      epochs: e.epochs ?? tr.epochs ?? m.epochsDone ?? 0,
      testAccuracy: m.complete === true ? (m.testAccuracy ?? null) : null,
      valAccuracy: typeof m.valAccuracy === 'number' ? m.valAccuracy : null,
      recipe: { lr: tr.lr, lrSchedule: tr.lrSchedule ?? [], shuffle: tr.shuffle, batch: tr.batch, limit: tr.limit ?? null },
      wallTimeSeconds: m.wallTimeSeconds ?? 0,
      eval: ev && ev.model?.iterations === m.iterations ? { n: ev.n, accuracy: ev.accuracy, methods, ...faithfulnessOf(ev) } : null,
    });
  }
  return models;
}
