/**
 * Calendar arithmetic on day numbers (days since 1970-01-01), without
 * creating Date objects in hot loops, and the gift seasons.
 */

/** Civil date of a day number (Howard Hinnant's `civil_from_days`, proleptic Gregorian). */
export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day number of a civil date (Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Easter Sunday (Gregorian; the "anonymous" Meeus/Jones/Butcher algorithm). */
export function easterDay(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

export type MothersDayRule = "second-sunday-may" | "uk-mothering-sunday";

/**
 * Mother's Day: the second Sunday of May (US, Canada, Australia, much of
 * Europe and Asia) by default, or the UK's Mothering Sunday (three weeks
 * before Easter).
 */
export function mothersDay(year: number, rule: MothersDayRule = "second-sunday-may"): number {
  if (rule === "uk-mothering-sunday") return easterDay(year) - 21;
  const may1 = daysFromCivil(year, 5, 1);
  const firstSunday = may1 + ((7 - weekdayOfDay(may1)) % 7);
  return firstSunday + 7;
}

/**
 * Gift seasons (documented choice): the holiday season from 20 November
 * (the week before Black Friday) to 31 December; Valentine's, 1-14 February;
 * Mother's Day and the 13 days before it.
 */
export class GiftSeasons {
  // Per year: [holiday start, holiday end, Valentine start, end, Mother's start, end] as day numbers.
  private readonly cache = new Map<number, Int32Array>();
  constructor(private readonly rule: MothersDayRule = "second-sunday-may") {}

  /** True if the day falls in one of the gift seasons (no allocation after the first call per year). */
  contains(dayNumber: number): boolean {
    const year = yearFromDays(dayNumber);
    let r = this.cache.get(year);
    if (r === undefined) {
      const md = mothersDay(year, this.rule);
      r = Int32Array.of(
        daysFromCivil(year, 11, 20),
        daysFromCivil(year, 12, 31),
        daysFromCivil(year, 2, 1),
        daysFromCivil(year, 2, 14),
        md - 13,
        md,
      );
      this.cache.set(year, r);
    }
    return (
      (dayNumber >= r[0] && dayNumber <= r[1]) ||
      (dayNumber >= r[2] && dayNumber <= r[3]) ||
      (dayNumber >= r[4] && dayNumber <= r[5])
    );
  }
}

/** Calendar year of a day number (the year part of civilFromDays, without allocating). */
export function yearFromDays(dayNumber: number): number {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}
