import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { resolveDatabase } from "./app/db/databaseUrl";
import { migrationPool } from "./prisma/pgMigrationPool";

// One config for both databases: DATABASE_URL picks the schema, its migration
// folder and the driver adapter. Prisma's JS schema engine runs offline; the
// native one would be downloaded (see docs/decisions/0002).
const target = resolveDatabase();
const schema =
  target.provider === "postgresql"
    ? path.join("prisma", "postgresql", "schema.prisma")
    : path.join("prisma", "schema.prisma");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema,
  migrations: { path: path.join(path.dirname(schema), "migrations") },
  adapter: async () =>
    target.provider === "postgresql"
      ? new PrismaPg(migrationPool(target.url))
      : new PrismaLibSQL({ url: target.url }),
});
