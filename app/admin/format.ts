// Number and date formatting shared by the admin pages (server and browser alike).

export const formatMoney = (value: number, currency: string, digits = 0) =>
  new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);

export const formatCount = (value: number) => value.toLocaleString("en");

export const formatPercent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;

/** "2011-08-31" from an ISO instant: the analysis dates are days. */
export const formatDay = (iso: string) => iso.slice(0, 10);

/** "2026-12-01 08:30 UTC". */
export const formatInstant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** A p-value with three significant digits: 0.0287, 6.57e-6. */
export const formatPValue = (p: number) => (p < 0.001 ? p.toExponential(2) : String(Number(p.toPrecision(3))));
