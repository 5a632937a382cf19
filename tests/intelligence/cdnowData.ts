/**
 * Loaders for the CDNOW reference data (read from ../shared/data, never
 * copied into the repo). Shared by the intelligence tests.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CDNOW_DIR = fileURLToPath(new URL("../../../shared/data/cdnow/", import.meta.url));

/** 1997-09-30: end of the 39-week calibration period. */
export const CALIBRATION_END = new Date(Date.UTC(1997, 8, 30));
/** 1998-06-30: end of the 39-week holdout. */
export const HOLDOUT_END = new Date(Date.UTC(1998, 5, 30));

export interface CdnowTransaction {
  masterId: string;
  /** sample_id 1..2357: the ID of the summary files. */
  customerId: string;
  placedAt: Date;
  cds: number;
  amount: number;
}

export function loadTransactions(): CdnowTransaction[] {
  const text = readFileSync(CDNOW_DIR + "CDNOW_sample.txt", "utf8");
  const out: CdnowTransaction[] = [];
  for (const line of text.split("\n")) {
    const p = line.trim().split(/\s+/);
    if (p.length < 5) continue;
    const d = p[2];
    out.push({
      masterId: String(Number(p[0])),
      customerId: String(Number(p[1])),
      placedAt: new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)))),
      cds: Number(p[3]),
      amount: Number(p[4]),
    });
  }
  return out;
}

function readCsv(name: string): string[][] {
  const lines = readFileSync(CDNOW_DIR + name, "utf8").trim().split("\n");
  return lines.slice(1).map((l) => l.trim().split(","));
}

export interface SummaryRow {
  id: string;
  x: number;
  tx: number;
  T: number;
}

/** cdnow_customers_summary.csv: ID, frequency, recency, T (weeks). */
export function loadSummary(): SummaryRow[] {
  return readCsv("cdnow_customers_summary.csv").map((r) => ({ id: r[0], x: +r[1], tx: +r[2], T: +r[3] }));
}

/** cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T, zbar. */
export function loadSummaryWithSpend(): (SummaryRow & { zbar: number })[] {
  return readCsv("cdnow_customers_summary_with_transactions.csv").map((r) => ({
    id: r[0],
    x: +r[1],
    tx: +r[2],
    T: +r[3],
    zbar: +r[4],
  }));
}
