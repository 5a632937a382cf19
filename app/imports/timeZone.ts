// Wall-clock times in a named IANA time zone, converted with Intl only.
//
// Files such as the UCI online-retail CSV record local shop times without an
// offset ("2011-06-01 10:00:00" in London is 09:00 UTC in summer, 10:00 UTC in
// winter). These helpers turn such a wall-clock time into the instant it
// denotes, and format an instant back as ISO 8601 with the zone's offset the
// way Shopify writes timestamps ("2011-06-01T10:00:00+01:00").

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached Intl formatter per zone, shared by every module that reads wall-clock time (it throws RangeError for an unknown zone). */
export function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC at an instant, in milliseconds (+3,600,000 for BST). */
export function timeZoneOffsetMs(timeZone: string, instantMs: number): number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return 0;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const wallMs = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  // formatToParts drops milliseconds: compare whole seconds.
  return wallMs - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant at which clocks in `timeZone` show the given wall-clock time.
 * Times in a spring-forward gap (which no clock shows) move forward by the
 * gap; times repeated at fall-back resolve to one of the two instants.
 */
export function zonedWallTimeToUtc(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date {
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const firstOffset = timeZoneOffsetMs(timeZone, wallMs);
  let instant = wallMs - firstOffset;
  const secondOffset = timeZoneOffsetMs(timeZone, instant);
  if (secondOffset !== firstOffset) instant = wallMs - secondOffset;
  return new Date(instant);
}

const WALL_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parses "YYYY-MM-DD[ HH:MM[:SS]]" as a wall-clock time in `timeZone`. */
export function parseZonedWallTime(text: string, timeZone: string): Date {
  const match = WALL_TIME.exec(text.trim());
  if (!match) throw new Error(`Not a wall-clock time: ${JSON.stringify(text)}`);
  return zonedWallTimeToUtc(
    timeZone,
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
    Number(match[4] ?? 0),
    Number(match[5] ?? 0),
    Number(match[6] ?? 0),
  );
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** ISO 8601 with the zone's offset and no fraction, e.g. "2011-06-01T10:00:00+01:00". */
export function formatInTimeZone(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
  const offset = timeZoneOffsetMs(timeZone, ms);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset) / 60000;
  return (
    `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
