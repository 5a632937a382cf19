/**
 * SQLite has one writer. In the embedded default the web process writes
 * through two connections, the inbox's (acknowledgements wait on it) and
 * Prisma's (the drain), and SQLite's own busy handling between them sleeps
 * in steps of up to 100 ms. This gate lets only one write transaction of the
 * process run at a time and serves the urgent side first, so an
 * acknowledgement waits at most for one short drain transaction.
 * (PostgreSQL needs none of this: it is given no gate.)
 */
export class WriteGate {
  private busy = false;
  private readonly urgent: (() => void)[] = [];
  private readonly background: (() => void)[] = [];

  async run<T>(priority: "urgent" | "background", fn: () => Promise<T>): Promise<T> {
    if (this.busy) {
      await new Promise<void>((resolve) => (priority === "urgent" ? this.urgent : this.background).push(resolve));
    }
    this.busy = true;
    try {
      return await fn();
    } finally {
      const next = this.urgent.shift() ?? this.background.shift();
      if (next) next();
      else this.busy = false;
    }
  }

  /** Someone urgent is waiting: background work should keep its transactions short. */
  get contended(): boolean {
    return this.urgent.length > 0;
  }
}

/** What code that may or may not have a gate calls: without one, it just runs. */
export function gated<T>(gate: WriteGate | undefined, priority: "urgent" | "background", fn: () => Promise<T>): Promise<T> {
  return gate ? gate.run(priority, fn) : fn();
}
