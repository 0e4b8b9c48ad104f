/**
 * The cascading randomisation tab (Adebayo et al. 2018, "Sanity checks for saliency maps"): a stepper
 * through the stages (the original model, then its layers re-initialised from the output down) that
 * shows every method's heatmap at the stage beside the original one, with the Spearman rank
 * correlation and the SSIM between them, and each method's two figures over all stages. A method
 * whose heatmap hardly changes while the model is destroyed does not explain the model.
 */
import { scaleLinear } from 'd3';
import { fmtNum } from '../../format';
import { useClassName } from '../../hooks';
import { methodInfo } from '../../lib/methods';
import { faithKey } from '../../slices/faith';
import { useApp } from '../../store-context';
import { MapCanvas } from '../charts/MapCanvas';
import { JobStatus } from './JobStatus';

/** The layers as the stepper names them: the cells' parameter groups (cells/paramSpecs.ts). */
const stageName = (s: number, layers: string[]) => (s === 0 ? 'original' : layers[s - 1]);

export function RandomisationView({ method, model }: { method: string; model: string }) {
  const job = useApp((s) => s.faith.randomisation);
  const current = useApp((s) => faithKey(s, 'randomisation'));
  const positiveOnly = useApp((s) => s.grid.positiveOnly);
  const seed = useApp((s) => s.faith.options.seed);
  const actions = useApp((s) => s.actions);
  const className = useClassName();
  const r = job.result;
  const stale = r !== null && job.key !== current;
  const K = r?.layers.length ?? 0;
  const stage = Math.min(job.stage, K);

  return (
    <div className="faith-rand" data-testid="faith.randomisation">
      <div className="controls faith-controls">
        <button type="button" data-testid="faith.stage.prev" aria-label="Previous stage" disabled={!r || stage === 0} onClick={() => actions.setStage(stage - 1)}>
          ◀
        </button>
        <div className="seg faith-stages" role="radiogroup" aria-label="Randomisation stage">
          {r &&
            Array.from({ length: K + 1 }, (_, s) => (
              <label key={s} className={s === stage ? 'on' : ''} title={s === 0 ? 'The trained model' : `Layers ${r.layers.slice(0, s).join(', ')} re-initialised`}>
                <input type="radio" name="faith-stage" value={s} checked={s === stage} data-testid={`faith.stage.${s}`} onChange={() => actions.setStage(s)} />
                {s === 0 ? 'Original' : `${s}. ${r.layers[s - 1]}`}
              </label>
            ))}
        </div>
        <button type="button" data-testid="faith.stage.next" aria-label="Next stage: re-initialise one more layer" disabled={!r || stage === K} onClick={() => actions.setStage(stage + 1)}>
          ▶
        </button>
        <button type="button" data-testid="faith.reseed" title={`Draw other random weights (seed ${seed + 1})`} disabled={!r} onClick={() => actions.setFaithOptions({ seed: seed + 1 })}>
          New random weights
        </button>
        <JobStatus job={job} current={current} onRetry={actions.runFaith} />
      </div>
      {r ? (
        <div className={`faith-rand-body${stale || job.running ? ' stale' : ''}`} data-testid="faith.result" data-version={r.version} data-stage={stage} data-key={job.key ?? ''} data-ms={Math.round(r.ms)}>
          <p className="faith-stage-text" data-testid="faith.stage" data-stage={stage} aria-live="polite">
            {stage === 0 ? (
              <>
                <strong>Stage 0: the trained model.</strong> Step on (▶) to re-initialise its layers one by one from the output down, as at training.
              </>
            ) : (
              <>
                <strong>
                  Stage {stage} of {K}:
                </strong>{' '}
                re-initialised {r.layers.slice(0, stage).join(', ')}
                {stage < K ? <span className="muted">; kept {r.layers.slice(stage).join(', ')}</span> : <span className="muted">: every weight is random</span>}
              </>
            )}
          </p>
          <table className="faith-rand-table" data-testid="faith.rand.table">
            <thead>
              <tr>
                <td />
                {r.methods.map((m, k) => (
                  <th
                    key={m.method}
                    scope="col"
                    className={m.method === method ? 'hl' : ''}
                    data-testid="faith.rand.method"
                    data-method={m.method}
                    data-spearman={r.spearman[stage][k]}
                    data-ssim={r.ssim[stage][k]}
                  >
                    {methodInfo(m.method).label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">original</th>
                {r.methods.map((m, k) => (
                  <td key={m.method} className={m.method === method ? 'hl' : ''}>
                    <MapCanvas heatmap={r.heatmaps[0][k]} width={r.width} positiveOnly={positiveOnly} label={`${methodInfo(m.method).label}, original model`} testId="faith.rand.original" />
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">
                  stage {stage}
                  {stage > 0 && <span className="muted small"> · {stageName(stage, r.layers)}</span>}
                </th>
                {r.methods.map((m, k) => {
                  const h = r.heatmaps[stage][k];
                  const empty = !h.some((v) => v !== 0);
                  return (
                    <td key={m.method} className={`faith-map-cell${m.method === method ? ' hl' : ''}`}>
                      <MapCanvas heatmap={h} width={r.width} positiveOnly={positiveOnly} label={`${methodInfo(m.method).label}, stage ${stage}: ${stageName(stage, r.layers)}${empty ? ': no relevance' : ''}`} testId="faith.rand.map" />
                      {empty && (
                        <span className="faith-empty small" data-testid="faith.rand.empty">
                          no relevance (class output ≤ 0)
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
              <tr>
                <th scope="row">
                  <abbr title="Spearman rank correlation of the two heatmaps' pixels">ρ</abbr> · <abbr title="Structural similarity of the two heatmaps, each scaled by its max |R|">SSIM</abbr>
                </th>
                {r.methods.map((m, k) => (
                  <td key={m.method} className={`faith-figures${m.method === method ? ' hl' : ''}`}>
                    <strong data-testid="faith.rand.spearman" data-method={m.method}>
                      {fmtNum(r.spearman[stage][k], 2)}
                    </strong>{' '}
                    · <strong data-testid="faith.rand.ssim" data-method={m.method}>{fmtNum(r.ssim[stage][k], 2)}</strong>
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">
                  over the stages <span className="faith-key small" aria-hidden="true">(— ρ, ┄ SSIM)</span>
                </th>
                {r.methods.map((m, k) => (
                  <td key={m.method} className={m.method === method ? 'hl' : ''}>
                    <Spark rho={r.spearman.map((x) => x[k])} ssim={r.ssim.map((x) => x[k])} stage={stage} label={methodInfo(m.method).label} />
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          <p className="muted small faith-note">
            {model}, explaining class {className(r.target)} at every stage. ρ: Spearman rank correlation of the pixels with the original heatmap; SSIM: structural similarity
            (7 × 7 windows, each map scaled by its max |R|). High values while the model is destroyed mean the heatmap does not depend on what the model learned.
          </p>
        </div>
      ) : (
        !job.error && <p className="muted">Re-initialising the layers…</p>
      )}
    </div>
  );
}

const SW = 132;
const SH = 26;

/** ρ (solid) and SSIM (dashed) over the stages, the current one marked. */
function Spark({ rho, ssim, stage, label }: { rho: number[]; ssim: number[]; stage: number; label: string }) {
  const x = scaleLinear().domain([0, Math.max(1, rho.length - 1)]).range([4, SW - 4]);
  const y = scaleLinear().domain([-1, 1]).range([SH - 3, 3]);
  const pts = (v: number[]) => v.map((q, s) => `${x(s)},${y(q)}`).join(' ');
  return (
    <svg className="chart faith-spark" viewBox={`0 0 ${SW} ${SH}`} role="img" aria-label={`${label}: Spearman ${rho.map((v) => fmtNum(v, 2)).join(', ')}; SSIM ${ssim.map((v) => fmtNum(v, 2)).join(', ')} over the stages`}>
      <line x1={4} x2={SW - 4} y1={y(0)} y2={y(0)} className="zero" />
      <line x1={x(stage)} x2={x(stage)} y1={2} y2={SH - 2} className="pcursor" />
      <polyline points={pts(rho)} className="spark-rho" />
      <polyline points={pts(ssim)} className="spark-ssim" />
    </svg>
  );
}
