import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

export interface DatabaseTarget {
  provider: DatabaseProvider;
  url: string;
}

/** The embedded default: one SQLite file under ./data, so a new user needs nothing but Node. */
export const DEFAULT_SQLITE_FILE = path.resolve("data", "pearl.db");

/**
 * Which database Pearl talks to. PostgreSQL when DATABASE_URL says so,
 * otherwise a SQLite file (DATABASE_URL=file:/path or the default).
 */
export function resolveDatabase(url: string | undefined = process.env.DATABASE_URL): DatabaseTarget {
  if (!url) return { provider: "sqlite", url: `file:${DEFAULT_SQLITE_FILE}` };
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url };
  if (url.startsWith("file:")) return { provider: "sqlite", url };
  throw new Error(`DATABASE_URL must start with postgres://, postgresql:// or file: (got "${url.split(":")[0]}:")`);
}
