import { niceMax, scaleLinear } from "./geometry";

export interface TierBar {
  tier: string;
  customers: number;
  /** Predicted value of the tier's customers over the next year. */
  clv365: number;
}

/** Customers per value tier A-G as bars, each labelled with its count. Server-rendered SVG. */
export function TierChart({ tiers, width = 520, height = 240 }: { tiers: readonly TierBar[]; width?: number; height?: number }) {
  const pad = { top: 16, right: 12, bottom: 36, left: 44 };
  const max = niceMax(Math.max(0, ...tiers.map((t) => t.customers)));
  const y = scaleLinear(0, max, height - pad.bottom, pad.top);
  const band = (width - pad.left - pad.right) / Math.max(1, tiers.length);
  const total = tiers.reduce((s, t) => s + t.customers, 0);
  const summary = tiers.map((t) => `${t.tier}: ${t.customers}`).join(", ");
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`Customers per value tier (${summary})`} data-chart="tiers">
      <title>Customers per value tier</title>
      {[0, max / 2, max].map((v) => (
        <g key={v}>
          <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#e3e3e3" />
          <text x={pad.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#616161">{v.toLocaleString("en")}</text>
        </g>
      ))}
      {tiers.map((t, i) => {
        const x = pad.left + i * band + band * 0.15;
        const top = y(t.customers);
        return (
          <g key={t.tier} data-tier={t.tier}>
            <rect x={x} y={top} width={band * 0.7} height={height - pad.bottom - top} fill={`hsl(174 55% ${30 + i * 8}%)`} rx="2">
              <title>{`Tier ${t.tier}: ${t.customers} customers (${total ? Math.round((100 * t.customers) / total) : 0}%), ${Math.round(t.clv365).toLocaleString("en")} predicted over a year`}</title>
            </rect>
            <text x={x + band * 0.35} y={top - 4} textAnchor="middle" fontSize="11" fill="#303030">{t.customers.toLocaleString("en")}</text>
            <text x={x + band * 0.35} y={height - pad.bottom + 16} textAnchor="middle" fontSize="13" fontWeight="600" fill="#303030">{t.tier}</text>
          </g>
        );
      })}
      <text x={(width + pad.left) / 2} y={height - 4} textAnchor="middle" fontSize="11" fill="#616161">value tier (A: most valuable)</text>
    </svg>
  );
}
