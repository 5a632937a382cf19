/**
 * `pearl analyze` and `pearl segments` on a real store (the CDNOW cohort,
 * 2,357 customers), on SQLite and, when it answers, PostgreSQL.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../../app/db/databaseUrl.ts";
import { databaseTargets, openDb, randomShopDomain } from "../helpers/testDb.ts";

const run = promisify(execFile);
const CDNOW = path.resolve("..", "shared", "data", "cdnow", "CDNOW_sample.txt");

async function pearl(target: DatabaseTarget, ...args: string[]) {
  const { stdout } = await run(process.execPath, ["bin/pearl.js", ...args], {
    env: { ...process.env, DATABASE_URL: target.url },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

describe.each(databaseTargets())("pearl analyze + segments on %s", (_name, target) => {
  const shop = randomShopDomain();
  const db = openDb(target);
  afterAll(async () => {
    await db.shop.deleteMany({ where: { domain: shop } });
    await db.$disconnect();
  });

  it("stores a run with every customer's scores and segments of 200-500", async () => {
    await pearl(target, "import", "--shop", shop, "--format", "cdnow", CDNOW, "--json");
    const analyzed = JSON.parse(await pearl(target, "analyze", "--shop", shop, "--as-of", "1997-09-30", "--json"));
    expect(analyzed.stats.segments).toMatchObject({ customers: 2357, withinBounds: true });
    const segments = JSON.parse(await pearl(target, "segments", "--shop", shop, "--json")) as {
      id: string; name: string; parentId: string | null; size: number; profile: { size: number; meanClv365: number; flags: string[] };
    }[];
    for (const s of segments) expect(Object.keys(s)).toEqual(["id", "name", "parentId", "size", "profile"]);
    const macros = segments.filter((s) => s.parentId === null);
    const micros = segments.filter((s) => s.parentId !== null);
    expect(macros.length).toBeGreaterThanOrEqual(1);
    expect(macros.length).toBeLessThanOrEqual(12);
    expect(micros.reduce((t, s) => t + s.size, 0)).toBe(2357);
    expect(macros.reduce((t, s) => t + s.size, 0)).toBe(2357);
    for (const s of micros) {
      expect(s.size).toBeGreaterThanOrEqual(200);
      expect(s.size).toBeLessThanOrEqual(500);
      expect(macros.map((m) => m.id)).toContain(s.parentId);
      expect(s.profile.size).toBe(s.size);
    }
    expect(new Set(segments.map((s) => s.name)).size).toBe(segments.length);
    const scores = await db.customerScore.findMany({ where: { runId: analyzed.runId } });
    expect(scores).toHaveLength(2357);
    const microIds = new Set(micros.map((s) => s.id));
    for (const sc of scores) expect(microIds.has(sc.segmentId)).toBe(true);
  });

  it("keeps the segment ids when the data did not change, and records moves", async () => {
    const before = JSON.parse(await pearl(target, "segments", "--shop", shop, "--json")) as { id: string }[];
    const again = JSON.parse(await pearl(target, "analyze", "--shop", shop, "--as-of", "1997-09-30", "--json"));
    const after = JSON.parse(await pearl(target, "segments", "--shop", shop, "--json")) as { id: string }[];
    expect(after.map((s) => s.id).sort()).toEqual(before.map((s) => s.id).sort());
    expect(again.stats.identity).toMatchObject({ kept: before.length, born: 0, dissolved: 0 });
    const moves = await db.segmentMove.count({ where: { runId: again.runId } });
    expect(moves).toBe(again.stats.identity.moves);
    // a week later the cohort has grown nothing but aged: most customers stay
    const later = JSON.parse(await pearl(target, "analyze", "--shop", shop, "--as-of", "1997-10-07", "--json"));
    expect(later.stats.identity.kept).toBeGreaterThan(before.length / 2);
    const rows = await db.segmentMove.findMany({ where: { runId: later.runId } });
    expect(rows).toHaveLength(later.stats.identity.moves);
    for (const m of rows) expect(m.fromSegmentId).not.toBe(m.toSegmentId);
  });

  it("flags the single segment of a store with fewer than 200 customers", async () => {
    // As of 1997-01-03 only the cohort's first customers have bought.
    const early = JSON.parse(await pearl(target, "analyze", "--shop", shop, "--as-of", "1997-01-03", "--json"));
    const n = early.stats.segments.customers;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(200);
    const segments = JSON.parse(await pearl(target, "segments", "--shop", shop, "--json"));
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ parentId: null, size: n, profile: { flags: ["undersized"] } });
  });

  it("names the problem when there is no run yet", async () => {
    const other = randomShopDomain();
    await db.shop.create({ data: { domain: other } });
    await expect(pearl(target, "segments", "--shop", other, "--json")).rejects.toMatchObject({ stderr: expect.stringContaining("No finished analysis") });
    await db.shop.deleteMany({ where: { domain: other } });
  });
}, 240_000);
