import { describe, expect, it } from "vitest";
import { derivePixelKey, pixelKeyMatches } from "../../app/pixel/pixelKey.ts";
import { readBodyText } from "../../app/http/readBody.ts";
import { MAX_BODY_BYTES, parsePixelBatch } from "../../app/pixel/pixelBatch.ts";

const SECRET = "cm4x7k2p90000abcd1234efgh";
const SHOP = "pearl-test-store.myshopify.com";

describe("pixel key", () => {
  it("is a stable 43-character base64url HMAC of the shop", () => {
    const key = derivePixelKey(SECRET, SHOP);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(derivePixelKey(SECRET, " Pearl-Test-Store.myshopify.com")).toBe(key);
    expect(derivePixelKey(SECRET, "other.myshopify.com")).not.toBe(key);
    expect(derivePixelKey("another-secret", SHOP)).not.toBe(key);
  });

  it("is accepted by the batch envelope", () => {
    const body = JSON.stringify({ v: 1, shop: SHOP, key: derivePixelKey(SECRET, SHOP), events: [] });
    expect(parsePixelBatch(body).ok).toBe(true);
  });

  it.each([
    [derivePixelKey(SECRET, SHOP), true],
    [derivePixelKey(SECRET, SHOP).slice(0, -1), false],
    [derivePixelKey(SECRET, SHOP).slice(0, -1) + "x", false],
    [SECRET, false],
    ["", false],
  ])("pixelKeyMatches(%j) = %s", (key, ok) => {
    expect(pixelKeyMatches(SECRET, SHOP, key)).toBe(ok);
  });
});

describe("readBodyText", () => {
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    new Request("https://pearl.example/api/pixel", { method: "POST", body, headers });

  it("reads a UTF-8 body", async () => {
    expect(await readBodyText(post('{"q":"été 👗"}'), MAX_BODY_BYTES)).toEqual({ ok: true, text: '{"q":"été 👗"}' });
  });

  it("reads no body as empty text", async () => {
    expect(await readBodyText(new Request("https://pearl.example/api/pixel"), 10)).toEqual({ ok: true, text: "" });
  });

  it("refuses a declared Content-Length over the cap without reading", async () => {
    const request = post("x", { "content-length": String(MAX_BODY_BYTES + 1) });
    expect(await readBodyText(request, MAX_BODY_BYTES)).toMatchObject({ ok: false, status: 413 });
  });

  it("stops reading a streamed body once it passes the cap", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
        if (pulled > 1000) controller.close();
      },
    });
    const request = new Request("https://pearl.example/api/pixel", {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(await readBodyText(request, MAX_BODY_BYTES)).toMatchObject({ ok: false, status: 413 });
    expect(pulled).toBeLessThan(10);
  });

  it("accepts exactly the cap", async () => {
    const result = await readBodyText(post("a".repeat(1024)), 1024);
    expect(result.ok && result.text.length).toBe(1024);
  });

  it("refuses invalid UTF-8", async () => {
    expect(await readBodyText(post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), 100)).toMatchObject({ ok: false, status: 400 });
  });

  it("drops a leading BOM", async () => {
    expect(await readBodyText(post(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])), 100)).toEqual({ ok: true, text: "{}" });
  });
});
