// The shop's contact policy, applied to every send of every program: at most
// maxPerWeek emails per customer in any 7 days (campaigns and programs
// together), and none during quiet hours in the shop's time zone (a send
// that falls due then waits until they end). It also says who wins a
// customer several programs want in one evaluation: the bandit, which learns
// per context which program converts (app/bandit/), or the programs' fixed
// priority.

import { z } from "zod";
import { addLocalDays, localTime, zonedInstant } from "./zonedTime.ts";

export const CAP_WINDOW_DAYS = 7;

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM, 00:00 to 23:59");

export const contactPolicySchema = z.strictObject({
  maxPerWeek: z.number().int().min(1).max(50),
  /** Quiet from quietStart to quietEnd (over midnight when start > end); equal times: no quiet hours. */
  quietStart: clock,
  quietEnd: clock,
  choice: z.enum(["bandit", "priority"]),
});

export type ContactPolicy = z.infer<typeof contactPolicySchema>;

export const DEFAULT_CONTACT_POLICY: ContactPolicy = { maxPerWeek: 2, quietStart: "21:00", quietEnd: "08:00", choice: "bandit" };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A stored or submitted policy: missing keys take the defaults, wrong ones are named. */
export function parseContactPolicy(json: string | null): Parsed<ContactPolicy> {
  return parseOver(DEFAULT_CONTACT_POLICY, contactPolicySchema, json, "contact policy");
}

/** JSON text merged over defaults and validated; every problem named with its key. */
export function parseOver<T extends object>(defaults: T, schema: z.ZodType<T>, json: string | null, what: string): Parsed<T> {
  if (json === null || json.trim() === "") return { ok: true, value: defaults };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `${what}: not JSON (${(error as Error).message})` };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, error: `${what}: expected a JSON object like ${JSON.stringify(defaults)}` };
  const result = schema.safeParse({ ...defaults, ...raw });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: `${what}: ${result.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")}` };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** When the quiet hours around `instant` end, or null when `instant` is not in quiet hours. */
export function quietHoursEnd(instant: Date, policy: ContactPolicy, timeZone: string): Date | null {
  const start = minutesOf(policy.quietStart);
  const end = minutesOf(policy.quietEnd);
  if (start === end) return null;
  const local = localTime(instant, timeZone);
  const m = local.hour * 60 + local.minute;
  const quiet = start < end ? m >= start && m < end : m >= start || m < end;
  if (!quiet) return null;
  // Over midnight and before it: the quiet hours end tomorrow.
  const day = start > end && m >= start ? addLocalDays(local, 1) : local;
  return zonedInstant({ ...day, hour: Math.floor(end / 60), minute: end % 60 }, timeZone);
}

export type Delivery = { action: "send" } | { action: "defer"; until: Date } | { action: "cap" };

/**
 * What to do with a send that is due at `now`: wait out quiet hours first
 * (the cap is judged when it actually goes), else send unless the customer
 * already had maxPerWeek emails in the last 7 days.
 */
export function deliveryDecision(now: Date, sentInLastWeek: number, policy: ContactPolicy, timeZone: string): Delivery {
  const until = quietHoursEnd(now, policy, timeZone);
  if (until) return { action: "defer", until };
  return sentInLastWeek >= policy.maxPerWeek ? { action: "cap" } : { action: "send" };
}
