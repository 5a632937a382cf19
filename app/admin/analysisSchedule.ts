// When a shop's analysis falls due: every N days at an hour (UTC), counted
// from the last run's start. Stored as JSON text in Shop.analysisSchedule.
import { z } from "zod";

const scheduleSchema = z.object({ everyDays: z.number().int().min(1).max(30), hourUtc: z.number().int().min(0).max(23) });
export type AnalysisSchedule = z.infer<typeof scheduleSchema>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The stored schedule, or null (none, or text that does not parse). */
export function parseSchedule(text: string | null | undefined): AnalysisSchedule | null {
  if (!text) return null;
  try {
    const parsed = scheduleSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function checkSchedule(input: unknown): { ok: true; schedule: AnalysisSchedule } | { ok: false; error: string } {
  const parsed = scheduleSchema.safeParse(input);
  return parsed.success ? { ok: true, schedule: parsed.data } : { ok: false, error: "The schedule needs every 1-30 days at an hour 0-23 (UTC)." };
}

/**
 * The first instant at hourUtc that is at least everyDays after the last
 * run's start (less an hour, so a run that took a while does not slip a day),
 * and not before now. Without a last run: the next hourUtc from now.
 */
export function nextAnalysisAt(schedule: AnalysisSchedule, lastStartedAt: Date | null, now: Date): Date {
  const earliest = Math.max(now.getTime(), lastStartedAt ? lastStartedAt.getTime() + schedule.everyDays * DAY_MS - HOUR_MS : 0);
  const day = new Date(earliest);
  let at = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), schedule.hourUtc);
  while (at < earliest) at += DAY_MS;
  return new Date(at);
}
