import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realShop, type RealShop } from "./realShop.ts";

const run = promisify(execFile);
let shop: RealShop;
let smtp: SMTPServer;
let port = 0;
const received: ParsedMail[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), "pearl-cli-"));

const pearl = (...args: string[]) =>
  run(process.execPath, ["bin/pearl.js", ...args], { env: { ...process.env, DATABASE_URL: shop.target.url, SMTP_PASSWORD: "s3cret" }, maxBuffer: 64 * 1024 * 1024 });

beforeAll(async () => {
  shop = await realShop();
  smtp = new SMTPServer({
    secure: false, disabledCommands: ["STARTTLS"], authOptional: false, allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "shop" && auth.password === "s3cret") callback(null, { user: "shop" });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => { received.push(mail); callback(); }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await shop?.close();
});

describe("campaigns from the command line", () => {
  it("sets the mail server, sends to chosen segments, and reports the campaign", async () => {
    const template = path.join(dir, "weekly.mjml");
    writeFileSync(template, `<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{first_name}}</mj-text></mj-column></mj-section><mj-product-feed count="2" /></mj-body></mjml>`);
    await pearl("mail-server", "--shop", shop.shop.domain, "--host", "127.0.0.1", "--port", String(port), "--from", "news@uk-gifts.test", "--username", "shop", "--password-env", "SMTP_PASSWORD");
    const segments = shop.segments.filter((s) => s.level === "micro").slice(0, 2).map((s) => s.id);
    const { stdout } = await pearl("send", "--shop", shop.shop.domain, "--template", template, "--segments", segments.join(","), "--subject", "Hi {{first_name}}", "--json");
    const sent = JSON.parse(stdout);
    expect(sent.failed).toBe(0);
    expect(sent.sent).toBe(received.length);
    expect(sent.held).toBeGreaterThan(0);

    const report = JSON.parse((await pearl("campaign-report", "--shop", shop.shop.domain, "--campaign", sent.campaignId, "--json")).stdout);
    expect(report.segments.map((s: { segmentId: string }) => s.segmentId).sort()).toEqual([...segments].sort());
    expect(report.total.recipients).toBe(sent.sent);
    expect(report.total.controlSize).toBe(sent.held);
    expect(report.method).toMatch(/Welch/);
  });

  it("shows a template's mistakes with their lines", async () => {
    const template = path.join(dir, "broken.mjml");
    writeFileSync(template, `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n<mj-text>Hi {{firstname}}</mj-text>\n</mj-section>\n</mj-body>\n</mjml>`);
    const failure = await pearl("render", "--shop", shop.shop.domain, "--template", template, "--segment", shop.segments[0].id).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`${template}:line 5`);
    expect(failure?.stderr).toContain("unknown field {{firstname}}");
  });
});
