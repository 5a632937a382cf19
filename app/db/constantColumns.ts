/**
 * Which values of a row are the same in every row seen, for rows given flat
 * (`width` values each, one row after another). The SQLite writer binds such
 * a column once per statement instead of once per row: binding is most of a
 * row's cost in its driver.
 */
export class ConstantColumns {
  private first: unknown[] | null = null;
  private readonly same: boolean[];

  constructor(private readonly width: number) {
    this.same = new Array<boolean>(width).fill(true);
  }

  see(values: readonly unknown[]): void {
    if (values.length === 0) return;
    const first = (this.first ??= values.slice(0, this.width));
    for (let at = 0; at < values.length; at += this.width) {
      for (let s = 0; s < this.width; s++) if (this.same[s] && values[at + s] !== first[s]) this.same[s] = false;
    }
  }

  /** The places in a row that held one value in every row (none before a row was seen), with that value. */
  constant(): { at: number; value: unknown }[] {
    const first = this.first;
    return first ? this.same.flatMap((same, at) => (same ? [{ at, value: first[at] }] : [])) : [];
  }
}
