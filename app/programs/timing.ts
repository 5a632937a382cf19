// When a program's email goes out once its trigger fires: a delay, then
// optionally the next time the shop's clocks show the send hour.

import { z } from "zod";
import { HOUR_MS } from "./history.ts";
import { addLocalDays, localTime, zonedInstant } from "./zonedTime.ts";

export const timingSchema = z.strictObject({
  /** Hours after the trigger fires. */
  delayHours: z.number().min(0).max(24 * 90),
  /** Local hour (shop time zone) to send at, at or after the delay; null: as soon as due. */
  sendHour: z.number().int().min(0).max(23).nullable(),
});

export type Timing = z.infer<typeof timingSchema>;

/** When a trigger that fired at `firedAt` should be sent. */
export function dueAt(firedAt: Date, timing: Timing, timeZone: string): Date {
  const earliest = new Date(firedAt.getTime() + timing.delayHours * HOUR_MS);
  if (timing.sendHour === null) return earliest;
  const local = localTime(earliest, timeZone);
  const today = zonedInstant({ ...local, hour: timing.sendHour, minute: 0 }, timeZone);
  return today >= earliest ? today : zonedInstant({ ...addLocalDays(local, 1), hour: timing.sendHour, minute: 0 }, timeZone);
}
