export function runsAfter(statement: { onlyIfChanged?: number }, counts: readonly number[]): boolean;
