import { describe, expect, it } from "vitest";
import { matchOrder, type MatchInputs, type SentMessage } from "../../app/attribution/matchOrder.ts";

const day = (d: number, h = 12) => new Date(Date.UTC(2026, 10, d, h));
const send = (overrides: Partial<SentMessage>): SentMessage => ({
  source: "campaign", sourceId: "camp-spring", variantId: null, token: "tokenSpringAlice000001", customerId: "alice", sentAt: day(1), attributionDays: 14, ...overrides,
});
const spring = send({ variantId: "var-b" });
const winBack = send({ source: "program", sourceId: "prog-winback", token: "tokenWinbackAlice00001", sentAt: day(5), attributionDays: 7 });
const bobSpring = send({ customerId: "bob", token: "tokenSpringBob00000001", variantId: "var-a" });

function inputs(overrides: Partial<MatchInputs> = {}): MatchInputs {
  return {
    byToken: new Map([spring, winBack, bobSpring].map((s) => [s.token, s])),
    customerSends: [spring, winBack, bobSpring],
    campaigns: new Map([["camp-spring", { sentAt: day(1), attributionDays: 14 }]]),
    controlOf: new Set(),
    ...overrides,
  };
}
const landing = (q: string) => `/products/teapot?${q}`;

describe("matching an order to one send", () => {
  it("the landing page's pearl_t wins over a later send's window", () => {
    // GIVEN Alice got Spring (day 1) and the win-back program (day 5), and lands from Spring's link on day 6
    const order = { customerId: "alice", processedAt: day(6), landingSite: landing(`utm_source=pearl&utm_campaign=camp-spring&pearl_t=${spring.token}`) };
    expect(matchOrder(order, inputs())).toEqual({ source: "campaign", sourceId: "camp-spring", variantId: "var-b", token: spring.token, method: "token" });
  });

  it("a forwarded link credits the send it came from, even for another buyer", () => {
    const order = { customerId: "carol", processedAt: day(3), landingSite: landing(`pearl_t=${bobSpring.token}`) };
    expect(matchOrder(order, inputs())).toMatchObject({ sourceId: "camp-spring", token: bobSpring.token, variantId: "var-a", method: "token" });
  });

  it("a token on an order placed before the send credits nothing by token", () => {
    const order = { customerId: null, processedAt: day(4), landingSite: landing(`pearl_t=${winBack.token}`) };
    expect(matchOrder(order, inputs())).toBeNull();
  });

  it("utm_campaign credits the customer's own send of it within its window, else the campaign as a whole", () => {
    // GIVEN a landing page with Spring's UTM but no token (the token was stripped)
    const utm = landing("utm_source=pearl&utm_medium=email&utm_campaign=camp-spring");
    expect(matchOrder({ customerId: "alice", processedAt: day(6), landingSite: utm }, inputs())).toMatchObject({ sourceId: "camp-spring", token: spring.token, method: "utm" });
    expect(matchOrder({ customerId: "dave", processedAt: day(6), landingSite: utm }, inputs())).toEqual({ source: "campaign", sourceId: "camp-spring", variantId: null, token: null, method: "utm" });
    // ... and not after the 14-day window: day 1 12:00 + 14 days is day 15 12:00
    expect(matchOrder({ customerId: "dave", processedAt: day(15, 12), landingSite: utm }, inputs())).toBeNull();
    expect(matchOrder({ customerId: "dave", processedAt: day(15, 11), landingSite: utm }, inputs())?.method).toBe("utm");
  });

  it("otherwise the customer's last send whose window holds the order", () => {
    const order = (d: number, h = 12) => ({ customerId: "alice", processedAt: day(d, h), landingSite: null });
    // day 6: both windows open, the later send (win-back, day 5) is credited
    expect(matchOrder(order(6), inputs())).toMatchObject({ source: "program", sourceId: "prog-winback", method: "window" });
    // day 13: win-back's 7 days are over (day 12 12:00), Spring's 14 are not
    expect(matchOrder(order(13), inputs())).toMatchObject({ sourceId: "camp-spring", method: "window" });
    // day 16: nothing is open
    expect(matchOrder(order(16), inputs())).toBeNull();
    // an order before any send
    expect(matchOrder({ customerId: "alice", processedAt: day(1, 11), landingSite: null }, inputs())).toBeNull();
  });

  it("a control-group member is never credited, whatever the landing page says", () => {
    // GIVEN Erin is in Spring's control group and lands with Spring's UTM and a forwarded token
    const controlOf = new Set(["camp-spring"]);
    const base = inputs({ controlOf, customerSends: [] });
    expect(matchOrder({ customerId: "erin", processedAt: day(3), landingSite: landing("utm_source=pearl&utm_campaign=camp-spring") }, base)).toBeNull();
    expect(matchOrder({ customerId: "erin", processedAt: day(3), landingSite: landing(`pearl_t=${bobSpring.token}`) }, base)).toBeNull();
    expect(matchOrder({ customerId: "erin", processedAt: day(3), landingSite: null }, base)).toBeNull();
  });

  it.each([["a full URL", `https://shop.example/?pearl_t=${spring.token}`], ["a bare query", `?pearl_t=${spring.token}`]])("reads the token from %s", (_what, landingSite) => {
    expect(matchOrder({ customerId: null, processedAt: day(2), landingSite }, inputs())?.method).toBe("token");
  });

  it.each([["a malformed landing site", "http://[::1"], ["a token of the wrong shape", landing("pearl_t=<script>")], ["another source's utm", landing("utm_source=newsletter&utm_campaign=camp-spring")]])("%s credits nothing for a stranger", (_what, landingSite) => {
    expect(matchOrder({ customerId: "zoe", processedAt: day(2), landingSite }, inputs())).toBeNull();
  });
});
