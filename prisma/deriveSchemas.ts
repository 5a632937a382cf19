import { readFileSync, writeFileSync } from "node:fs";

// prisma/schema.prisma (SQLite) is the single source; PostgreSQL's schema
// differs only in provider, url and generated client path.
export function postgresSchema(sqliteSchema: string): string {
  return (
    "// GENERATED from prisma/schema.prisma by `npm run db:schemas`. Do not edit.\n" +
    sqliteSchema
      .replace('output       = "../app/generated/sqlite"', 'output       = "../../app/generated/postgresql"')
      .replace('provider = "sqlite"', 'provider = "postgresql"')
      .replace('url      = "file:./data/pearl.db"', 'url      = "postgresql://localhost/pearl"')
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync("prisma/postgresql/schema.prisma", postgresSchema(readFileSync("prisma/schema.prisma", "utf8")));
}
