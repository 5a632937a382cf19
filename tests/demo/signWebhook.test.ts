import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { shopifyHmac, signedWebhookRequest } from "../../app/demo/signWebhook.ts";
import { SHARED_DATA } from "../imports/sharedData.ts";

const fixture = readFileSync(path.join(SHARED_DATA, "..", "fixtures", "shopify", "orders-create.json"), "utf8");

describe("signedWebhookRequest", () => {
  it("signs the raw body like Shopify and sets the delivery headers", () => {
    const { url, init } = signedWebhookRequest({
      url: "http://localhost:3000/webhooks",
      topic: "orders/create",
      shop: "pearl-demo.myshopify.com",
      webhookId: "b54557e4-8a5f-4f7d-9e7f-0e8978303267",
      body: fixture,
      secret: "shhh-app-secret",
      apiVersion: "2026-07",
      triggeredAt: new Date("2011-06-01T09:00:00Z"),
      eventId: "event-1",
    });
    const expected = createHmac("sha256", "shhh-app-secret").update(Buffer.from(fixture, "utf8")).digest("base64");
    expect(url).toBe("http://localhost:3000/webhooks");
    expect(init.method).toBe("POST");
    expect(init.body).toBe(fixture);
    expect(init.headers).toEqual({
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Hmac-Sha256": expected,
      "X-Shopify-Shop-Domain": "pearl-demo.myshopify.com",
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": "b54557e4-8a5f-4f7d-9e7f-0e8978303267",
      "X-Shopify-Event-Id": "event-1",
      "X-Shopify-Triggered-At": "2011-06-01T09:00:00.000Z",
    });
  });

  it("signs bytes and non-ASCII text identically, and a changed body changes the signature", () => {
    const text = '{"title":"Gift Voucher £20 – café"}';
    expect(shopifyHmac(text, "k")).toBe(shopifyHmac(new TextEncoder().encode(text), "k"));
    expect(shopifyHmac(text, "k")).toBe(createHmac("sha256", "k").update(Buffer.from(text)).digest("base64"));
    expect(shopifyHmac(`${text} `, "k")).not.toBe(shopifyHmac(text, "k"));
  });

  it("defaults the event id (stable per delivery) and accepts a string trigger time", () => {
    const sign = () =>
      signedWebhookRequest({
        url: "http://x/webhooks",
        topic: "carts/update",
        shop: "s.myshopify.com",
        webhookId: "w-1",
        body: "{}",
        secret: "k",
        apiVersion: "2026-07",
        triggeredAt: "2022-01-01T00:00:00.000Z",
      });
    const headers = sign().init.headers as Record<string, string>;
    expect(headers["X-Shopify-Triggered-At"]).toBe("2022-01-01T00:00:00.000Z");
    expect(headers["X-Shopify-Event-Id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect((sign().init.headers as Record<string, string>)["X-Shopify-Event-Id"]).toBe(headers["X-Shopify-Event-Id"]);
  });
});
