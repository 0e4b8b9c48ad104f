/** The shares of positive relevance per 28-column block (facts §7.1), the majority blocks marked. */
interface Props {
  shares: number[];
  mask: number[] | null;
}

export function BlockBars({ shares, mask }: Props) {
  return (
    <div className="block-bars" role="img" aria-label={`Relevance share per block: ${shares.map((v) => `${Math.round(100 * v)} %`).join(', ')}`}>
      {shares.map((v, k) => (
        <div key={k} className={`bb ${mask?.[k] ? 'maj' : ''}`} title={`Block ${k + 1}${mask ? (mask[k] ? ' (majority)' : ' (other)') : ''}: ${(100 * v).toFixed(1)} % of the positive relevance`}>
          <div className="bb-fill" style={{ width: `${Math.max(0, Math.min(1, v)) * 100}%` }} />
          <span>{Math.round(100 * v)}%</span>
        </div>
      ))}
    </div>
  );
}
