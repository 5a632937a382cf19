import { binLabel, rampColor, type ValueGrid } from "./geometry";

/**
 * Mean predicted value (CLV 365) per cell of longevity (columns) by recency
 * (rows, most recent at the top), with each cell's customer count. Server-rendered SVG.
 */
export function ValueHeatmap({ grid, currency, width = 560, height = 300 }: { grid: ValueGrid; currency: string; width?: number; height?: number }) {
  const pad = { top: 12, right: 10, bottom: 44, left: 72 };
  const cols = grid.longevityEdges.length;
  const rows = grid.recencyEdges.length;
  const cw = (width - pad.left - pad.right) / cols;
  const ch = (height - pad.top - pad.bottom) / rows;
  const money = new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 0 });
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label="Mean predicted value over a year by longevity and recency" data-chart="value-grid">
      <title>Predicted value by longevity and recency</title>
      {Array.from({ length: rows }, (_, r) => (
        <text key={`r${r}`} x={pad.left - 6} y={pad.top + r * ch + ch / 2 + 4} textAnchor="end" fontSize="11" fill="#616161">{binLabel(grid.recencyEdges, r)}</text>
      ))}
      {Array.from({ length: cols }, (_, c) => (
        <text key={`c${c}`} x={pad.left + c * cw + cw / 2} y={height - pad.bottom + 14} textAnchor="middle" fontSize="11" fill="#616161">{binLabel(grid.longevityEdges, c)}</text>
      ))}
      {grid.cells.map((cell) => {
        const t = grid.maxMean ? cell.meanValue / grid.maxMean : 0;
        const x = pad.left + cell.col * cw;
        const y = pad.top + cell.row * ch;
        return (
          <g key={`${cell.col}-${cell.row}`} data-cell={`${cell.col}-${cell.row}`}>
            <rect x={x + 1} y={y + 1} width={cw - 2} height={ch - 2} fill={rampColor(t)} rx="2">
              <title>{`longevity ${binLabel(grid.longevityEdges, cell.col)}, last order ${binLabel(grid.recencyEdges, cell.row)} ago: ${cell.count} customers, mean ${money.format(cell.meanValue)}`}</title>
            </rect>
            <text x={x + cw / 2} y={y + ch / 2 + 4} textAnchor="middle" fontSize="11" fill={t > 0.55 ? "#ffffff" : "#303030"}>{money.format(cell.meanValue)}</text>
          </g>
        );
      })}
      <text x={pad.left + (width - pad.left - pad.right) / 2} y={height - 18} textAnchor="middle" fontSize="11" fill="#616161">longevity (first to last order)</text>
      <text x={pad.left + (width - pad.left - pad.right) / 2} y={height - 4} textAnchor="middle" fontSize="10" fill="#8a8a8a">rows: days since the last order (most recent on top)</text>
    </svg>
  );
}
