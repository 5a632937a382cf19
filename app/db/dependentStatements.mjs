// Statements that run only if an earlier one of their list changed rows
// (SqlStatement.onlyIfChanged). Plain JavaScript because SQLite's writer
// thread (sqliteWriterThread.mjs) runs such lists as well as PostgreSQL's
// executor.

/**
 * Whether a statement of a list runs, given the rows changed by those
 * before it (`counts`, one per statement so far; a skipped one counts 0).
 */
export function runsAfter(statement, counts) {
  const on = statement.onlyIfChanged;
  if (on === undefined) return true;
  if (!(Number.isInteger(on) && on >= 0 && on < counts.length)) {
    throw new Error(`a statement depends on statement ${on}, which does not run before it`);
  }
  return counts[on] > 0;
}
