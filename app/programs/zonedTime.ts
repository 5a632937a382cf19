// Wall-clock time in a shop's time zone, from Intl alone: the offset of a
// zone at an instant is read from Intl.DateTimeFormat, never computed by hand
// (the formatter and the offset are app/imports/timeZone.ts's).

import { formatterFor, timeZoneOffsetMs } from "../imports/timeZone.ts";

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** True when Intl knows the zone (an IANA name such as Europe/London). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time at `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

/** Minutes the zone is ahead of UTC at `instant` (Intl's own answer). */
function offsetMinutes(instant: Date, timeZone: string): number {
  return Math.round(timeZoneOffsetMs(timeZone, instant.getTime()) / 60_000);
}

/**
 * The instant at which the zone's clocks show the given local date and time.
 * A time skipped by a spring-forward gap comes out as the same distance past
 * the gap (02:30 in a 02:00-03:00 gap gives 03:30); an hour repeated in the
 * autumn gives its first occurrence.
 */
export function zonedInstant(t: LocalTime, timeZone: string): Date {
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  // Try the offset of a day earlier first (it picks the first of a repeated hour), then the
  // offset found there; when neither fits, the time is in a gap and the first try is past it.
  const before = offsetMinutes(new Date(wall - 86_400_000), timeZone);
  const first = new Date(wall - before * 60_000);
  const after = offsetMinutes(first, timeZone);
  if (after === before) return first;
  const second = new Date(wall - after * 60_000);
  return offsetMinutes(second, timeZone) === after ? second : first;
}

/** A local date and time moved by whole calendar days (not 24-hour steps: a DST day has 23 or 25). */
export function addLocalDays(t: LocalTime, days: number): LocalTime {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day + days));
  return { ...t, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
