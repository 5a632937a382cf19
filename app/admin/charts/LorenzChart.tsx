import { scaleLinear, type Point } from "./geometry";

/**
 * Revenue concentration: share of customers (smallest spenders first) against
 * share of revenue, with the line of perfect equality. Server-rendered SVG.
 */
export function LorenzChart({ points, gini, topFifthShare, width = 360, height = 300 }: { points: readonly Point[]; gini: number; topFifthShare: number; width?: number; height?: number }) {
  const pad = { top: 14, right: 14, bottom: 40, left: 44 };
  const x = scaleLinear(0, 1, pad.left, width - pad.right);
  const y = scaleLinear(0, 1, height - pad.bottom, pad.top);
  const path = points.map((p, i) => `${i ? "L" : "M"}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ");
  const area = `${path} L${x(1).toFixed(1)},${y(0).toFixed(1)} Z`;
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`Revenue concentration: the top 20% of customers bring ${pct(topFifthShare)} of revenue; Gini ${gini.toFixed(2)}`} data-chart="lorenz">
      <title>Revenue concentration</title>
      {[0, 0.25, 0.5, 0.75, 1].map((v) => (
        <g key={v}>
          <line x1={x(0)} x2={x(1)} y1={y(v)} y2={y(v)} stroke="#eeeeee" />
          <text x={x(0) - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#616161">{pct(v)}</text>
          <text x={x(v)} y={y(0) + 16} textAnchor="middle" fontSize="11" fill="#616161">{pct(v)}</text>
        </g>
      ))}
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#8a8a8a" strokeDasharray="4 4" />
      <path d={area} fill="hsl(174 55% 40% / 0.15)" />
      <path d={path} fill="none" stroke="hsl(174 60% 30%)" strokeWidth="2" data-series="lorenz" />
      <text x={x(0.05)} y={y(0.9)} fontSize="12" fill="#303030">Gini {gini.toFixed(2)}</text>
      <text x={x(0.05)} y={y(0.9) + 16} fontSize="12" fill="#303030">top 20%: {pct(topFifthShare)} of revenue</text>
      <text x={(x(0) + x(1)) / 2} y={height - 4} textAnchor="middle" fontSize="11" fill="#616161">share of customers</text>
    </svg>
  );
}
