/**
 * The region perturbation tab (Samek et al. 2017): its parameters (fill, patch size, patches removed),
 * the curves of every method of the grid and the random reference, and the AOPC figures ranked.
 */
import { useMemo, useState } from 'react';
import { PERTURBATION_FILLS, type PerturbationFillId } from '../../../protocol/messages';
import { fmtSci } from '../../format';
import { useClassName } from '../../hooks';
import { curveChartData, patchCount, patchSizes, rankByAopc } from '../../lib/perturbation-chart';
import { faithKey } from '../../slices/faith';
import { useApp } from '../../store-context';
import { LineSwatch, PerturbationChart } from '../charts/PerturbationChart';
import { JobStatus } from './JobStatus';

const FILL_LABELS: Record<PerturbationFillId, string> = { background: 'the background (−1, black)', noise: 'noise (uniform in [−1, 1])' };
const STEP_CHOICES = [10, 20, 30, 50, 100, 200];

export function PerturbationView({ slot, method, model }: { slot: string; method: string; model: string }) {
  const job = useApp((s) => s.faith.perturbation);
  const options = useApp((s) => s.faith.options);
  const current = useApp((s) => faithKey(s, 'perturbation'));
  const width = useApp((s) => s.models.slots[slot]?.summary?.width ?? s.grid.results[slot]?.width ?? 84);
  const actions = useApp((s) => s.actions);
  const setOptions = actions.setFaithOptions;
  const className = useClassName();
  const r = job.result;
  const data = useMemo(() => (r ? curveChartData(r, method) : null), [r, method]);
  const count = patchCount(width, options.patch);
  const steps = Math.min(options.steps, count);
  const stepChoices = [...new Set([...STEP_CHOICES.filter((n) => n < count), ...(count <= 200 ? [count] : [])])];
  if (!stepChoices.includes(steps)) stepChoices.push(steps);
  stepChoices.sort((a, b) => a - b);
  const stale = r !== null && job.key !== current;
  // The step the chart points at (hover, ←/→); the table gives every line's logit there (default: the last).
  const [at, setAt] = useState<number | null>(null);
  const k = r ? Math.min(at ?? r.steps, r.steps) : 0;

  return (
    <div className="faith-pert" data-testid="faith.perturbation">
      <div className="controls faith-controls">
        <label>
          Replace with
          <select data-testid="faith.fill" value={options.fill} onChange={(e) => setOptions({ fill: e.target.value as PerturbationFillId })}>
            {PERTURBATION_FILLS.map((f) => (
              <option key={f} value={f}>
                {FILL_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Patch
          <select data-testid="faith.patch" value={options.patch} onChange={(e) => setOptions({ patch: Number(e.target.value) })}>
            {patchSizes(width).map((p) => (
              <option key={p} value={p}>
                {p} × {p} px
              </option>
            ))}
          </select>
        </label>
        <label>
          Remove
          <select data-testid="faith.steps" value={steps} onChange={(e) => setOptions({ steps: Number(e.target.value) })}>
            {stepChoices.map((n) => (
              <option key={n} value={n}>
                {n === count ? `all ${n}` : n}
              </option>
            ))}
          </select>
          <span className="muted small">of {count} patches</span>
        </label>
        <JobStatus job={job} current={current} onRetry={actions.runFaith} />
      </div>
      {r && data ? (
        <div className={`faith-pert-body${stale || job.running ? ' stale' : ''}`} data-testid="faith.result" data-version={r.version} data-key={job.key ?? ''} data-ms={Math.round(r.ms)}>
          <PerturbationChart data={data} target={`class ${className(r.target)}`} patch={r.patch} at={at === null ? null : k} onAt={setAt} />
          <div className="faith-aopc">
            <table data-testid="faith.aopc">
              <caption className="small">
                AOPC: the mean drop of the logit over the {r.steps} removals (larger: the heatmap finds what the model uses sooner)
              </caption>
              <thead>
                <tr>
                  <th scope="col">Order of removal</th>
                  <th scope="col" className="num">AOPC</th>
                  <th scope="col" className="num" title="AOPC minus the random order's">
                    − random
                  </th>
                  <th scope="col" className="num" data-testid="faith.at" data-k={k} title="The logit after k patches removed (point at the chart, or focus it and use ←/→)">
                    logit, k = {k}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rankByAopc(data.series).map((s) => (
                  <tr key={s.id} className={s.highlight ? 'hl' : ''} data-testid="faith.aopc.row" data-id={s.id} data-aopc={s.aopc}>
                    <th scope="row">
                      <LineSwatch colour={s.colour} dashed={s.dashed} /> {s.label}
                      {s.empty && <span className="warn"> (no positive relevance: row by row)</span>}
                    </th>
                    <td className="num">{fmtSci(s.aopc)}</td>
                    <td className={`num ${s.overRandom > 0 ? 'above' : ''}`}>{s.id === 'random' ? '' : `${s.overRandom > 0 ? '+' : ''}${fmtSci(s.overRandom)}`}</td>
                    <td className="num">{fmtSci(s.values[k])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small faith-note">
              {model}, explaining class {className(r.target)} (logit {fmtSci(data.start)}{r.predicted !== r.target ? `; it predicts ${className(r.predicted)}` : ''}). Each step
              replaces the next {r.patch} × {r.patch} patch, in the order of the method’s positive relevance, with {FILL_LABELS[r.fill]}. Reference: {r.random.curves.length}{' '}
              seeded random orders (band: their range).
            </p>
          </div>
        </div>
      ) : (
        !job.error && <p className="muted">Computing the curves…</p>
      )}
    </div>
  );
}
