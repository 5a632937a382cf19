import { describe, expect, it } from "vitest";
import { compileTemplate, type CompiledTemplate } from "../../app/activation/compileTemplate.ts";
import { controlGroup, holdoutDraw } from "../../app/activation/holdout.ts";
import { personalize, renderSegmentEmail } from "../../app/activation/segmentEmail.ts";
import type { Recipient } from "../../app/activation/personalFields.ts";
import { streamOnlineRetail } from "../../app/imports/onlineRetail.ts";
import type { FeedItem } from "../../app/recommend/feedItem.ts";
import { ONLINE_RETAIL_FILE } from "../imports/sharedData.ts";

/** The first products of the real store, as a feed. */
async function realFeed(n: number): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  for await (const item of streamOnlineRetail(ONLINE_RETAIL_FILE)) {
    if (item.kind !== "product") continue;
    const p = item.record;
    items.push({ productId: `p${items.length}`, externalId: p.externalId, title: p.title, handle: p.handle, imageUrl: p.imageUrl, price: Number(p.variants[0].price), currency: "GBP", reason: "bought by look-alikes", score: 1 - items.length / 100 });
    if (items.length === n) break;
  }
  return items;
}

const recipient = (over: Partial<Recipient> = {}): Recipient => ({ firstName: "Ada", lastName: "Lovelace", email: "ada@example.test", city: "London", country: "GB", token: "tok_ada", ...over });
const context = { storefrontUrl: "https://uk-gifts.myshopify.com", campaign: "cmp1", segmentId: "seg_a", currency: "GBP" };

async function compiled(mjml: string, subject = "Hello"): Promise<CompiledTemplate> {
  const r = await compileTemplate({ subject, mjml });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.template;
}

const feedTemplate = (attrs = 'count="4" columns="2"', lang = "en-GB") => `<mjml lang="${lang}">
  <mj-body>
    <mj-section><mj-column><mj-text>Hi {{ first_name | default: "there" }} from {{shop_name}}</mj-text></mj-column></mj-section>
    <mj-product-feed ${attrs} />
  </mj-body>
</mjml>`;

describe("the product-feed block", () => {
  it("shows the segment's first `count` products with price in the shop's currency and tracked links", async () => {
    const feed = await realFeed(6);
    const email = renderSegmentEmail(await compiled(feedTemplate()), feed, context);
    const { html, text } = personalize(email, recipient(), "UK gifts");
    expect(email.products).toEqual(feed.slice(0, 4));
    for (const item of feed.slice(0, 4)) {
      expect(html).toContain(item.title.replace(/&/g, "&amp;"));
      expect(html).toContain(new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" }).format(item.price));
      expect(html).toContain(`https://uk-gifts.myshopify.com/products/${item.handle}?utm_source=pearl&amp;utm_medium=email&amp;utm_campaign=cmp1&amp;utm_content=seg_a&amp;pearl_t=tok_ada`);
      expect(text).toContain(item.title);
    }
    for (const item of feed.slice(4)) expect(html).not.toContain(item.title.replace(/&/g, "&amp;"));
    expect(html).not.toMatch(/PEARL(SLOT|OPEN|SHUT)/);
    expect(text).not.toMatch(/PEARL(SLOT|OPEN|SHUT)/i);
  });

  it("drops the cards and rows a short feed cannot fill, and shows nothing for an empty one", async () => {
    const template = await compiled(feedTemplate('count="6" columns="2"'));
    const feed = await realFeed(3);
    const three = personalize(renderSegmentEmail(template, feed, context), recipient(), "UK gifts").html;
    expect(three.match(/class="pearl-panel"/g)).toHaveLength(3);
    const none = personalize(renderSegmentEmail(template, [], context), recipient(), "UK gifts");
    expect(none.html).not.toContain("pearl-panel");
    expect(none.html).not.toContain("Shop now");
    expect(none.text).toContain("Hi Ada from UK gifts");
  });

  it("shows the image when there is one, and a tinted panel with the name when there is not", async () => {
    const [a, b] = await realFeed(2);
    const feed = [{ ...a, imageUrl: "https://cdn.shopify.com/s/files/1/mug.jpg" }, b];
    const html = personalize(renderSegmentEmail(await compiled(feedTemplate('count="2"')), feed, context), recipient(), "x").html;
    expect(html).toContain('src="https://cdn.shopify.com/s/files/1/mug.jpg"');
    expect(html.match(/<img\b/g)).toHaveLength(1);
    expect(html.match(/class="pearl-panel"/g)).toHaveLength(1);
  });

  it("writes prices as the template's language does", async () => {
    const feed = [{ ...(await realFeed(1))[0], price: 1234.5 }];
    const html = personalize(renderSegmentEmail(await compiled(feedTemplate('count="1"', "de-DE")), feed, { ...context, currency: "EUR" }), recipient(), "x").html;
    expect(html).toContain("1.234,50\u00a0€");
  });
});

describe("personal fields", () => {
  it("are escaped in HTML, kept as written in the text part and the subject, and fall back when empty", async () => {
    const template = await compiled(feedTemplate(), "{{first_name}}, for you");
    const email = renderSegmentEmail(template, [], context);
    const evil = personalize(email, recipient({ firstName: `<img src=x onerror="alert(1)">` }), "UK & Co");
    expect(evil.html).toContain("Hi &lt;img src=x onerror=&quot;alert(1)&quot;&gt; from UK &amp; Co");
    expect(evil.html).not.toContain("<img src=x");
    expect(evil.text).toContain(`Hi <img src=x onerror="alert(1)"> from UK & Co`);
    expect(evil.subject).toBe(`<img src=x onerror="alert(1)">, for you`);
    expect(personalize(email, recipient({ firstName: null }), "x").text).toContain("Hi there from x");
  });
});

describe("template problems reach the merchant with their line", () => {
  it.each([
    ["a tag closed in the wrong place", `<mjml>\n<mj-body>\n<mj-section>\n<mj-column><mj-text>x</mj-text>\n</mj-section>\n</mj-body>\n</mjml>`, 5, /<\/mj-section> found where <\/mj-column> \(opened on line 4\)/],
    ["a tag never closed", `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n<mj-text>x\n</mj-column></mj-section></mj-body></mjml>`, 5, /<mj-text> is never closed/],
    ["an unquoted attribute", `<mjml>\n<mj-body>\n<mj-product-feed count=4 />\n</mj-body></mjml>`, 3, /must be quoted/],
    ["an unknown element", `<mjml>\n<mj-body>\n<mj-section>\n<mj-colum></mj-colum>\n</mj-section></mj-body></mjml>`, 4, /mj-colum doesn't exist/],
    ["an element in the wrong place", `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n<mj-product-feed />\n</mj-column></mj-section></mj-body></mjml>`, 5, /mj-product-feed cannot be used inside mj-column/],
    ["an attribute MJML does not know", `<mjml>\n<mj-body>\n\n<mj-product-feed colour="red" />\n</mj-body></mjml>`, 4, /Attribute colour is illegal/],
    ["a feed too large", `<mjml>\n<mj-body>\n<mj-product-feed count="40" />\n</mj-body></mjml>`, 3, /count="40" must be a whole number from 1 to 24/],
    ["an unknown personal field", `<mjml>\n<mj-body><mj-section><mj-column>\n<mj-text>Hi {{firstname}}</mj-text>\n</mj-column></mj-section></mj-body></mjml>`, 3, /unknown field \{\{firstname\}\}/],
  ])("%s", async (_, mjml, line, message) => {
    const r = await compileTemplate({ subject: "s", mjml });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].line).toBe(line);
    expect(r.problems[0].message).toMatch(message);
  });
});

describe("control groups", () => {
  it("are reproducible, exactly the share of each segment, and independent between campaigns", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `cust_${i}`);
    const a = controlGroup("cmp_a", ids, 0.1);
    expect(a.size).toBe(100);
    expect([...controlGroup("cmp_a", [...ids].reverse(), 0.1)].sort()).toEqual([...a].sort());
    const b = controlGroup("cmp_b", ids, 0.1);
    const overlap = [...a].filter((id) => b.has(id)).length;
    // independent draws: about 10% of 100 overlap
    expect(overlap).toBeGreaterThan(2);
    expect(overlap).toBeLessThan(25);
    const draws = ids.map((id) => holdoutDraw("cmp_a", id));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((s, d) => s + d, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});
