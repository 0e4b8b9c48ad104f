/** A cell's architecture as SVG (layout: lib/arch-diagram.ts from core/cells/cellGraph.ts): values of one step, layers, the connections from the previous step. */
import { useMemo } from 'react';
import { archDiagram } from '../lib/arch-diagram';
import { graphOf } from '../lib/method-card';

interface Props {
  arch: string;
  T: number;
  width: number;
  /** Accessible name, e.g. "Architecture of Deep". */
  title: string;
}

export function ArchDiagram({ arch, T, width, title }: Props) {
  const d = useMemo(() => {
    const g = graphOf({ arch, T, width });
    return g ? archDiagram(g, 300) : null;
  }, [arch, T, width]);
  if (!d) return null;
  const id = `arch-${arch}-${T}-${width}`;
  const hasLiteral = d.edges.some((e) => e.kind === 'literal');
  return (
    <figure className="arch-diagram" data-testid="model.diagram" data-arch={arch}>
      <svg viewBox={`0 0 ${d.width} ${d.height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{d.description}</desc>
        <defs>
          <marker id={`${id}-arrow`} viewBox="0 0 6 6" refX="5.5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0 L6,3 L0,6 z" className="ad-head" />
          </marker>
          <marker id={`${id}-arrow-lit`} viewBox="0 0 6 6" refX="5.5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0 L6,3 L0,6 z" className="ad-head literal" />
          </marker>
        </defs>
        {d.edges.map((e, k) => (
          <g key={k} className={`ad-edge ${e.kind}`} data-kind={e.kind}>
            <path d={e.d} markerEnd={`url(#${id}-arrow${e.kind === 'literal' ? '-lit' : ''})`} />
            {e.label && (
              <text x={e.lx} y={e.ly} textAnchor={e.labelEnd ? 'end' : 'start'}>
                {e.label}
              </text>
            )}
          </g>
        ))}
        {d.boxes.map((b) => (
          <g key={b.id} className={`ad-box ${b.kind}`} data-node={b.id}>
            <title>{b.title}</title>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={4} />
            <text x={b.x + b.w / 2} y={b.y + b.h / 2 + 4} textAnchor="middle">
              <tspan className="ad-sym">{b.symbol}</tspan> {b.size}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="muted small">
        Per step, pixels at the bottom, logits at the top; dashed: from the previous step (t−1){hasLiteral && <>, <span className="ad-lit">red: Conv⁺ literal connections</span></>}.
      </figcaption>
    </figure>
  );
}
