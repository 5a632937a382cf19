import cliProgress from "cli-progress";

export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr (stdout stays clean for --json). Without a
 * terminal (CI logs) it prints a line every few seconds instead of redrawing.
 */
export function progressBar(label: string, total: number, unit = "items"): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label.padEnd(18)} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return {
      update: (done, newTotal) => { if (newTotal !== undefined) bar.setTotal(newTotal); bar.update(done); },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let current = 0;
  let max = total;
  const started = Date.now();
  const print = () => process.stderr.write(`${label}: ${current}/${max} ${unit} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return {
    update: (done, newTotal) => {
      current = done;
      if (newTotal !== undefined) max = newTotal;
      if (Date.now() - last > 2000) { last = Date.now(); print(); }
    },
    stop: print,
  };
}

/**
 * One bar per phase of a multi-phase job (`pearl analyze`): `onProgress` for
 * the job, `stop` when it is over.
 */
export function phaseProgress(prefix: string): { onProgress: (phase: string, fraction: number) => void; stop: () => void } {
  let bar: Progress | null = null;
  let current = "";
  return {
    onProgress: (phase, fraction) => {
      if (phase !== current) {
        bar?.stop();
        current = phase;
        bar = progressBar(`${prefix}: ${phase}`, 100, "%");
      }
      bar?.update(Math.round(fraction * 100));
    },
    stop: () => bar?.stop(),
  };
}
