/** Class probabilities of one model (d3 scales, SVG): the prediction filled, the explained class outlined. */
import { scaleBand, scaleLinear } from 'd3';

interface Props {
  probabilities: number[];
  predicted: number;
  label: number | null;
  classNames: string[];
  title: string;
}

const W = 250;
const ROW = 13;
const LEFT = 74;

export function ProbabilityBars({ probabilities, predicted, label, classNames, title }: Props) {
  const h = ROW * probabilities.length;
  const y = scaleBand<number>().domain(probabilities.map((_, i) => i)).range([0, h]).padding(0.18);
  const x = scaleLinear().domain([0, 1]).range([0, W - LEFT - 40]);
  const desc = `${title}: predicted ${classNames[predicted] ?? predicted} with probability ${(100 * probabilities[predicted]).toFixed(1)} %`;
  return (
    <svg className="chart prob" viewBox={`0 0 ${W} ${h + 2}`} role="img" aria-label={desc} data-testid="details.prob" data-predicted={predicted}>
      {probabilities.map((p, i) => (
        <g key={i} transform={`translate(0, ${y(i)})`}>
          <text x={LEFT - 6} y={y.bandwidth() / 2} dy="0.35em" textAnchor="end" className={i === predicted ? 'strong' : ''}>
            {classNames[i] ?? i}
          </text>
          <rect x={LEFT} width={x(1)} height={y.bandwidth()} className="track" />
          <rect x={LEFT} width={Math.max(0.5, x(p))} height={y.bandwidth()} className={i === predicted ? 'bar pred' : 'bar'} />
          {i === label && <rect x={LEFT - 0.5} y={-0.5} width={x(1) + 1} height={y.bandwidth() + 1} className="label-outline" />}
          <text x={LEFT + x(1) + 4} y={y.bandwidth() / 2} dy="0.35em" className="val">
            {(100 * p).toFixed(p < 0.1 ? 1 : 0)}%
          </text>
        </g>
      ))}
    </svg>
  );
}
