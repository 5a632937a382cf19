import { ConstantColumns } from "./constantColumns.ts";
import type { RowsInsert, SqlValue } from "./sqlExecutor.server.ts";

/**
 * Rows of one table gathered while a load reads its source, inserted later
 * by SqlExecutor.insertRows. A million-order load reads 24 million order
 * lines: held as JavaScript arrays until their batch commits, they outlive
 * the young generation and the main thread spent a third of its time copying
 * them in the garbage collector. On SQLite they are encoded as they come,
 * into a buffer outside the JavaScript heap that moves to the writer thread
 * as it is.
 */
export interface PackedRows {
  readonly table: string;
  readonly columns: readonly string[];
  /** Rows added and not dropped. */
  readonly rowCount: number;
  /**
   * Adds a group of rows (an order's lines): the values of the columns that
   * are not fixed, in column order, row after row. Returns the group's number.
   */
  add(values: readonly SqlValue[]): number;
  /** Leaves a group's rows out (a load found their parent already stored). */
  drop(group: number): void;
  /**
   * Leaves a group's rows out and returns its values as added (on SQLite as
   * encoded for the driver, which takes them so again): a load that finds
   * the parent stored in an older version writes them under its id.
   */
  take(group: number): SqlValue[];
}

export interface PackedRowsSpec {
  table: string;
  columns: readonly string[];
  /** Columns with one value in every row (the shop): given once, not per row. */
  fixed?: Readonly<Record<string, SqlValue>>;
}

/** What SQLite's writer thread takes for a PackedRows (see segmentsOf there). */
export interface SerializedRowsMessage {
  /** Columns with one value in all rows (fixed, or found so), and those values. */
  shared: number[];
  sharedValues: unknown[];
  /** The groups, one JSON array each (UTF-8), end to end; group g ends at ends[g]. */
  packed: Uint8Array;
  ends: number[];
  /** Values per row in `packed`, and which of them vary (in column order). */
  freeWidth: number;
  varyingSlots: number[];
  dropped: number[];
}

abstract class RowGroups {
  readonly table: string;
  readonly columns: readonly string[];
  protected readonly fixed: ReadonlyMap<number, SqlValue>;
  /** Column of each value of an added row. */
  protected readonly free: number[];
  protected readonly groupRows: number[] = [];
  protected readonly dropped = new Set<number>();
  rowCount = 0;

  constructor(spec: PackedRowsSpec) {
    this.table = spec.table;
    this.columns = spec.columns;
    const fixed = new Map<number, SqlValue>();
    for (const [column, value] of Object.entries(spec.fixed ?? {})) {
      const at = spec.columns.indexOf(column);
      if (at < 0) throw new Error(`packed rows for ${spec.table}: fixed column ${column} is not among the columns`);
      fixed.set(at, value);
    }
    this.fixed = fixed;
    this.free = spec.columns.flatMap((_, c) => (fixed.has(c) ? [] : [c]));
    if (this.free.length === 0) throw new Error(`packed rows for ${spec.table}: every column is fixed`);
  }

  add(values: readonly SqlValue[]): number {
    if (values.length % this.free.length !== 0) throw new Error(`packed rows for ${this.table}: ${values.length} values are not whole rows of ${this.free.length}`);
    const rows = values.length / this.free.length;
    this.store(values);
    this.groupRows.push(rows);
    this.rowCount += rows;
    return this.groupRows.length - 1;
  }

  drop(group: number): void {
    if (group < 0 || group >= this.groupRows.length) throw new Error(`packed rows for ${this.table}: no group ${group}`);
    if (this.dropped.has(group)) return;
    this.dropped.add(group);
    this.rowCount -= this.groupRows[group];
  }

  take(group: number): SqlValue[] {
    if (this.dropped.has(group)) throw new Error(`packed rows for ${this.table}: group ${group} was dropped`);
    this.drop(group);
    return this.valuesOf(group);
  }

  protected abstract store(values: readonly SqlValue[]): void;
  protected abstract valuesOf(group: number): SqlValue[];
}

/**
 * SQLite's rows: each group converted for the driver and written as a JSON
 * array into one growing buffer. Not v8.serialize: its serializer keeps
 * every array it wrote alive (for references back to them) until the
 * garbage collector finds the serializer itself dead, so the groups outlived
 * the young generation all the same. Which columns turn out to hold one
 * value in every row is tracked on the way (ConstantColumns).
 */
export class SerializedRows extends RowGroups implements PackedRows {
  private packed = Buffer.allocUnsafeSlow(1 << 16);
  private size = 0;
  private readonly ends: number[] = [];
  private readonly constant: ConstantColumns;
  private released = false;

  constructor(
    spec: PackedRowsSpec,
    private readonly encode: (value: SqlValue) => unknown,
  ) {
    super(spec);
    this.constant = new ConstantColumns(this.free.length);
  }

  protected store(values: readonly SqlValue[]): void {
    if (this.released) throw new Error(`packed rows for ${this.table}: already sent`);
    const encoded = values.map(this.encode);
    this.append(JSON.stringify(encoded));
    this.constant.see(encoded);
  }

  protected valuesOf(group: number): SqlValue[] {
    if (this.released) throw new Error(`packed rows for ${this.table}: already sent`);
    return JSON.parse(this.packed.toString("utf8", group === 0 ? 0 : this.ends[group - 1], this.ends[group])) as SqlValue[];
  }

  private append(text: string): void {
    const most = 3 * text.length; // UTF-8 bytes of a UTF-16 code unit
    if (this.size + most > this.packed.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * this.packed.length, this.size + most));
      this.packed.copy(grown, 0, 0, this.size);
      this.packed = grown;
    }
    this.size += this.packed.write(text, this.size);
    this.ends.push(this.size);
  }

  /** The rows as the writer thread takes them; the buffer is theirs after this (transfer it). */
  message(): SerializedRowsMessage {
    if (this.released) throw new Error(`packed rows for ${this.table}: already sent`);
    this.released = true;
    // Constant over every group added, so over those kept too.
    const constant = this.constant.constant();
    const found = constant.map(({ at, value }) => [this.free[at], value] as const);
    const shared = [...[...this.fixed].map(([column, value]) => [column, this.encode(value)] as const), ...found].sort((a, b) => a[0] - b[0]);
    return {
      shared: shared.map(([column]) => column),
      sharedValues: shared.map(([, value]) => value),
      packed: this.packed.subarray(0, this.size),
      ends: this.ends,
      freeWidth: this.free.length,
      varyingSlots: this.free.flatMap((_, s) => (constant.some(({ at }) => at === s) ? [] : [s])),
      dropped: [...this.dropped],
    };
  }
}

/** PostgreSQL's rows: kept as arrays, inserted like any others. */
export class ArrayRows extends RowGroups implements PackedRows {
  private readonly groups: SqlValue[][][] = [];

  protected store(values: readonly SqlValue[]): void {
    const rows: SqlValue[][] = [];
    for (let at = 0; at < values.length; at += this.free.length) {
      const row: SqlValue[] = this.columns.map((_, c) => this.fixed.get(c) ?? null);
      this.free.forEach((column, s) => (row[column] = values[at + s]));
      rows.push(row);
    }
    this.groups.push(rows);
  }

  protected valuesOf(group: number): SqlValue[] {
    return this.groups[group].flatMap((row) => this.free.map((column) => row[column]));
  }

  rowsInsert(): RowsInsert {
    return { table: this.table, columns: this.columns, rows: this.groups.filter((_, g) => !this.dropped.has(g)).flat() };
  }
}
