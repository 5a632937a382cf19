// The settings page: data sources (Shopify backfill jobs with their progress,
// the Magento connection), the shop's SMTP server, signed feed URLs, segment
// size bounds and the analysis schedule. Only the authenticated shop's rows.

import type { Db } from "../db.server.ts";
import { feedPath } from "../activation/feedUrl.ts";
import { recentJobs } from "../backfill/backfillJobs.ts";
import { resolveSegmentSettings } from "../intelligence/segments/settings.ts";
import { STORE_FEED_ID } from "../recommend/storeRecommendations.ts";
import { latestRun, segmentsOfRun } from "../store/analysisRuns.ts";
import { checkSchedule, nextAnalysisAt, parseSchedule } from "./analysisSchedule.ts";
import { requireShopRow } from "./shop.server.ts";

/** A backfill job's progress, 0..1: bytes of the file applied, else objects; null before the file is known. */
export function backfillProgress(job: { status: string; fileSize: bigint | null; bytesApplied: bigint; objectCount: number; recordsApplied: number }): number | null {
  if (job.status === "applied") return 1;
  if (job.fileSize && job.fileSize > 0n) return Math.min(1, Number(job.bytesApplied) / Number(job.fileSize));
  if (job.objectCount > 0) return Math.min(1, job.recordsApplied / job.objectCount);
  return null;
}

export async function loadSettings(db: Db, domain: string, appUrl: string) {
  const shop = await requireShopRow(db, domain);
  const [jobs, magento, mail, run] = await Promise.all([
    recentJobs(db, shop.id),
    db.magentoConnection.findUnique({ where: { shopId: shop.id } }),
    db.mailServer.findUnique({ where: { shopId: shop.id } }),
    latestRun(db, shop.id),
  ]);
  const macro = run ? (await segmentsOfRun(db, run.id)).filter((s) => s.level === "macro" || s.parentId === null) : [];
  const feeds = [{ id: STORE_FEED_ID, name: "Store: trending items" }, ...macro.map((s) => ({ id: s.id, name: s.name }))].map((f) => ({
    ...f,
    json: appUrl + feedPath(shop, f.id, "json"),
    rss: appUrl + feedPath(shop, f.id, "rss"),
    html: appUrl + feedPath(shop, f.id, "html"),
  }));
  const segmentSettings = resolveSegmentSettings(shop.analysisSettings ? JSON.parse(shop.analysisSettings) : {});
  const schedule = parseSchedule(shop.analysisSchedule);
  const lastStarted = run?.startedAt ?? null;
  return {
    shop: { domain: shop.domain, platform: shop.platform },
    backfill: jobs.map((j) => ({
      id: j.id, resource: j.resource, status: j.status, startedAt: j.startedAt.toISOString(), finishedAt: j.finishedAt?.toISOString() ?? null,
      objectCount: j.objectCount, recordsApplied: j.recordsApplied, progress: backfillProgress(j), error: j.error,
    })),
    magento: magento ? { baseUrl: magento.baseUrl, storeCode: magento.storeCode, authMethod: magento.authMethod, lastSyncAt: magento.lastSyncAt?.toISOString() ?? null, lastError: magento.lastError } : null,
    mail: mail ? { host: mail.host, port: mail.port, secure: mail.secure, username: mail.username, hasPassword: !!mail.password, fromAddress: mail.fromAddress, fromName: mail.fromName, replyTo: mail.replyTo } : null,
    feeds,
    bounds: { minSize: segmentSettings.minSize, maxSize: segmentSettings.maxSize },
    schedule,
    nextRun: schedule ? nextAnalysisAt(schedule, lastStarted, new Date()).toISOString() : null,
  };
}

export type SettingsResult = { ok: true; message: string } | { ok: false; error: string };

const text = (form: FormData, k: string) => String(form.get(k) ?? "").trim();

export async function saveMailServer(db: Db, domain: string, form: FormData): Promise<SettingsResult> {
  const shop = await requireShopRow(db, domain);
  const host = text(form, "host");
  const port = Number(text(form, "port"));
  const fromAddress = text(form, "fromAddress");
  if (!host) return { ok: false, error: "The SMTP host is missing." };
  if (!(Number.isInteger(port) && port > 0 && port < 65536)) return { ok: false, error: "The SMTP port must be 1-65535." };
  if (!/^[^@\s]+@[^@\s]+$/.test(fromAddress)) return { ok: false, error: "The sender address is not an email address." };
  const password = String(form.get("password") ?? "");
  const data = {
    host, port, fromAddress, secure: form.get("secure") === "on",
    username: text(form, "username") || null, fromName: text(form, "fromName") || null, replyTo: text(form, "replyTo") || null,
  };
  // An empty password field keeps the stored one: it is never sent back to the browser.
  await db.mailServer.upsert({
    where: { shopId: shop.id },
    create: { shopId: shop.id, ...data, password: password || null },
    update: { ...data, ...(password ? { password } : {}) },
  });
  return { ok: true, message: `Mail goes out through ${host}:${port} from ${fromAddress}.` };
}

export async function saveSegmentBounds(db: Db, domain: string, form: FormData): Promise<SettingsResult> {
  const shop = await requireShopRow(db, domain);
  const current = shop.analysisSettings ? (JSON.parse(shop.analysisSettings) as Record<string, unknown>) : {};
  const next = { ...current, minSize: Number(text(form, "minSize")), maxSize: Number(text(form, "maxSize")) };
  try {
    resolveSegmentSettings(next);
  } catch (error) {
    return { ok: false, error: (error as Error).message.replace(/^segment settings: /, "") };
  }
  await db.shop.update({ where: { id: shop.id }, data: { analysisSettings: JSON.stringify(next) } });
  return { ok: true, message: `Micro-segments of ${next.minSize}-${next.maxSize} customers from the next analysis on.` };
}

export async function saveSchedule(db: Db, domain: string, form: FormData): Promise<SettingsResult> {
  const shop = await requireShopRow(db, domain);
  if (text(form, "everyDays") === "off") {
    await db.shop.update({ where: { id: shop.id }, data: { analysisSchedule: null } });
    return { ok: true, message: "Analyses run only when started by hand." };
  }
  const checked = checkSchedule({ everyDays: Number(text(form, "everyDays")), hourUtc: Number(text(form, "hourUtc")) });
  if (!checked.ok) return checked;
  await db.shop.update({ where: { id: shop.id }, data: { analysisSchedule: JSON.stringify(checked.schedule) } });
  return { ok: true, message: `Analysis every ${checked.schedule.everyDays} day(s) at ${checked.schedule.hourUtc}:00 UTC.` };
}
