import { describe, expect, it } from "vitest";
import { DEFAULT_CONTACT_POLICY, deliveryDecision, parseContactPolicy, quietHoursEnd } from "../../app/programs/contactPolicy.ts";
import { inProgramControl } from "../../app/programs/controlGroup.ts";
import { dueAt, type Timing } from "../../app/programs/timing.ts";
import { isTimeZone, localTime, zonedInstant } from "../../app/programs/zonedTime.ts";

const policy = DEFAULT_CONTACT_POLICY; // 2 a week, quiet 21:00-08:00

describe("quiet hours in the shop's time zone", () => {
  it.each<[string, string, string | null, string]>([
    // instant (UTC), zone, end of quiet hours (UTC) or null
    ["2026-06-15T12:00:00Z", "Europe/London", null, "13:00 BST: daytime"],
    ["2026-06-15T05:00:00Z", "Europe/London", "2026-06-15T07:00:00Z", "06:00 BST: until 08:00 BST the same morning"],
    ["2026-06-15T20:30:00Z", "Europe/London", "2026-06-16T07:00:00Z", "21:30 BST: until 08:00 BST tomorrow"],
    ["2026-03-28T22:00:00Z", "Europe/London", "2026-03-29T07:00:00Z", "22:00 GMT on the night clocks go forward: 08:00 BST is 07:00 UTC"],
    ["2026-10-24T21:30:00Z", "Europe/London", "2026-10-25T08:00:00Z", "22:30 BST on the night clocks go back: 08:00 GMT is 08:00 UTC"],
    ["2026-03-08T03:00:00Z", "America/New_York", "2026-03-08T12:00:00Z", "22:00 EST before spring forward: 08:00 EDT"],
    ["2026-11-01T06:30:00Z", "America/New_York", "2026-11-01T13:00:00Z", "01:30 EST (the repeated hour) after fall back: 08:00 EST"],
    ["2026-06-15T12:00:00Z", "Asia/Tokyo", "2026-06-15T23:00:00Z", "21:00 JST: until 08:00 JST"],
    ["2026-06-15T19:59:00Z", "UTC", null, "19:59 UTC"],
  ])("%s in %s -> %s (%s)", (at, zone, end, _why) => {
    const got = quietHoursEnd(new Date(at), policy, zone);
    expect(got?.toISOString() ?? null).toBe(end === null ? null : new Date(end).toISOString());
  });

  it("a daytime window (start before end) and no window (start = end)", () => {
    const lunch = { ...policy, quietStart: "12:00", quietEnd: "14:00" };
    expect(quietHoursEnd(new Date("2026-06-15T12:30:00Z"), lunch, "UTC")?.toISOString()).toBe("2026-06-15T14:00:00.000Z");
    expect(quietHoursEnd(new Date("2026-06-15T14:00:00Z"), lunch, "UTC")).toBeNull();
    expect(quietHoursEnd(new Date("2026-06-15T23:00:00Z"), { ...policy, quietStart: "00:00", quietEnd: "00:00" }, "UTC")).toBeNull();
  });
});

describe("delivery decision", () => {
  it.each([
    ["2026-06-15T12:00:00Z", 0, "send"],
    ["2026-06-15T12:00:00Z", 1, "send"],
    ["2026-06-15T12:00:00Z", 2, "cap"],
    ["2026-06-15T12:00:00Z", 5, "cap"],
    ["2026-06-15T22:00:00Z", 0, "defer"],
    // In quiet hours the cap waits: it is judged when the send goes.
    ["2026-06-15T22:00:00Z", 2, "defer"],
  ])("at %s with %i sends in the last 7 days: %s", (at, sent, action) => {
    expect(deliveryDecision(new Date(at), sent, policy, "UTC").action).toBe(action);
  });

  it("a deferred send waits until the end of quiet hours", () => {
    expect(deliveryDecision(new Date("2026-06-15T22:00:00Z"), 0, policy, "UTC")).toEqual({ action: "defer", until: new Date("2026-06-16T08:00:00Z") });
  });
});

describe("the contact policy's settings", () => {
  it("defaults, partial overrides, and clear errors", () => {
    expect(parseContactPolicy(null)).toEqual({ ok: true, value: DEFAULT_CONTACT_POLICY });
    expect(parseContactPolicy('{"maxPerWeek": 3}')).toEqual({ ok: true, value: { ...DEFAULT_CONTACT_POLICY, maxPerWeek: 3 } });
    const bad = parseContactPolicy('{"maxPerWeek": 0, "quietStart": "25:00"}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toMatch(/maxPerWeek/);
      expect(bad.error).toMatch(/quietStart: a time of day as HH:MM/);
    }
  });
});

describe("send timing", () => {
  it.each<[string, Timing, string, string, string]>([
    // fired at, timing, zone, due
    ["2026-03-28T12:00:00Z", { delayHours: 0, sendHour: 10 }, "Europe/London", "2026-03-29T09:00:00Z", "past 10:00 GMT: 10:00 BST the next day"],
    ["2026-03-28T08:00:00Z", { delayHours: 0, sendHour: 10 }, "Europe/London", "2026-03-28T10:00:00Z", "before 10:00 GMT: the same day"],
    ["2026-10-24T12:00:00Z", { delayHours: 24, sendHour: 10 }, "Europe/London", "2026-10-26T10:00:00Z", "a day's delay lands after 10:00 GMT on the 25th"],
    ["2026-06-15T12:00:00Z", { delayHours: 2, sendHour: null }, "Asia/Tokyo", "2026-06-15T14:00:00Z", "no send hour: the delay alone"],
    ["2026-03-07T20:00:00Z", { delayHours: 0, sendHour: 9 }, "America/New_York", "2026-03-08T13:00:00Z", "15:00 EST: 09:00 EDT the next day"],
  ])("%s %j in %s -> %s (%s)", (fired, timing, zone, due, _why) => {
    expect(dueAt(new Date(fired), timing, zone).toISOString()).toBe(new Date(due).toISOString());
  });
});

describe("local times through Intl", () => {
  it("a time skipped by spring forward is moved past the gap; a repeated one is its first occurrence", () => {
    expect(zonedInstant({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, "Europe/London").toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(localTime(new Date("2026-03-29T01:30:00Z"), "Europe/London")).toMatchObject({ hour: 2, minute: 30 });
    expect(zonedInstant({ year: 2026, month: 10, day: 25, hour: 1, minute: 30 }, "Europe/London").toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(zonedInstant({ year: 2026, month: 7, day: 1, hour: 10, minute: 0 }, "Australia/Adelaide").toISOString()).toBe("2026-07-01T00:30:00.000Z");
  });

  it("knows IANA zones and refuses others", () => {
    expect(isTimeZone("Europe/London")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});

describe("each program's control group", () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `cust_${i}`);

  it.each([0.1, 0.25, 0.5])("holds out about %f of customers, the same ones every time", (share) => {
    const held = ids.filter((id) => inProgramControl("prog_a", id, share));
    // Binomial: 3 standard deviations of the share at n = 20,000.
    expect(Math.abs(held.length / ids.length - share)).toBeLessThan(3 * Math.sqrt((share * (1 - share)) / ids.length));
    expect(ids.filter((id) => inProgramControl("prog_a", id, share))).toEqual(held);
  });

  it("draws independently per program: the overlap of two 10% groups is about 1%", () => {
    const both = ids.filter((id) => inProgramControl("prog_a", id, 0.1) && inProgramControl("prog_b", id, 0.1)).length / ids.length;
    expect(both).toBeGreaterThan(0.005);
    expect(both).toBeLessThan(0.015);
  });

  it("refuses a share outside [0, 1)", () => {
    expect(() => inProgramControl("p", "c", 1)).toThrow(/holdout share/);
  });
});
