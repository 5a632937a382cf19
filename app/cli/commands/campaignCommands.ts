import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createCampaign } from "../../activation/campaign.ts";
import { campaignReport, type CampaignReport } from "../../activation/campaignReport.ts";
import { sendCampaign } from "../../activation/sendCampaign.ts";
import { decideAbTest, type AbTestReport } from "../../experiments/abTest.server.ts";
import type { AbTestRequest, TestMetric, VariantRequest } from "../../experiments/abTestRequest.ts";
import { storedSegmentFeeds } from "../../activation/segmentFeeds.ts";
import { adminEndpoint } from "../../activation/shopifyAdminGraphql.ts";
import { customerSyncRecords, syncCustomersToShopify } from "../../activation/shopifyCustomerSync.ts";
import { formatProblem } from "../../activation/templateProblem.ts";
import { saveTemplate } from "../../activation/templates.ts";
import { formatPValue } from "../../admin/format.ts";
import { progressBar } from "../progress.ts";
import { CliError, openStore, requireShop } from "../store.ts";

export interface MailServerOptions {
  shop: string;
  host: string;
  port: string;
  from: string;
  fromName?: string;
  replyTo?: string;
  secure?: boolean;
  username?: string;
  /** Name of the environment variable holding the password (never a command-line argument). */
  passwordEnv?: string;
}

/** `pearl mail-server --shop D --host H --port P --from ADDR`: the shop's SMTP server for campaigns. */
export async function mailServerCommand(o: MailServerOptions): Promise<void> {
  const password = o.passwordEnv ? process.env[o.passwordEnv] : undefined;
  if (o.passwordEnv && password === undefined) throw new CliError(`--password-env: ${o.passwordEnv} is not set`);
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, o.shop);
    const data = { host: o.host, port: Number(o.port), secure: !!o.secure, username: o.username ?? null, password: password ?? null, fromAddress: o.from, fromName: o.fromName ?? null, replyTo: o.replyTo ?? null };
    await store.db.mailServer.upsert({ where: { shopId: shop.id }, create: { shopId: shop.id, ...data }, update: data });
    console.log(`Campaigns of ${shop.domain} go through ${o.host}:${o.port} from ${o.from}.`);
  } finally {
    await store.close();
  }
}

export interface SendOptions {
  shop: string;
  template: string;
  segments: string;
  subject: string;
  name?: string;
  holdout: string;
  attributionDays: string;
  /** "B:Other subject", repeatable. */
  variantSubject?: string[];
  /** "B:FILE.mjml", repeatable. */
  variantTemplate?: string[];
  testShare?: string;
  testMetric?: string;
  testAlpha?: string;
  testMinSample?: string;
  testDays?: string;
  /** Pearl's public URL for the open pixel (default SHOPIFY_APP_URL). */
  appUrl?: string;
  json?: boolean;
}

/** "B:text" -> ["B", "text"]. */
function labelled(option: string, value: string): [string, string] {
  const m = /^\s*([A-Za-z])\s*:(.*)$/s.exec(value);
  if (!m || !m[2].trim()) throw new CliError(`${option} takes LABEL:VALUE, e.g. "B:Other subject"; got "${value}"`);
  return [m[1].toUpperCase(), m[2].trim()];
}

async function testRequest(store: { db: Parameters<typeof saveTemplate>[0] }, shopId: string, subject: string, o: SendOptions): Promise<AbTestRequest | undefined> {
  const subjects = (o.variantSubject ?? []).map((v) => labelled("--variant-subject", v));
  const files = (o.variantTemplate ?? []).map((v) => labelled("--variant-template", v));
  if (!subjects.length && !files.length) {
    if (o.testShare) throw new CliError("--test-share needs variants: --variant-subject \"B:Other subject\" or --variant-template B:FILE");
    return undefined;
  }
  if (!o.testShare) throw new CliError("An A/B test needs --test-share (the share of the audience that takes part, e.g. 0.2).");
  const variants = new Map<string, VariantRequest>();
  for (const [label, text] of subjects) variants.set(label, { ...variants.get(label), label, subject: text });
  for (const [label, file] of files) {
    if (!existsSync(file)) throw new CliError(`No such file: ${file}`);
    const saved = await saveTemplate(store.db, shopId, path.basename(file).replace(/\.mjml$/i, ""), { subject: variants.get(label)?.subject ?? subject, mjml: readFileSync(file, "utf8") });
    if (!saved.ok) throw new CliError(`${file} does not compile:\n${saved.problems.map((p) => `  ${file}:${formatProblem(p)}`).join("\n")}`);
    variants.set(label, { ...variants.get(label), label, templateId: saved.templateId });
  }
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  return { share: Number(o.testShare), metric: (o.testMetric ?? "click") as TestMetric, alpha: num(o.testAlpha), minSample: num(o.testMinSample), days: num(o.testDays), variants: [...variants.values()] };
}

/** `pearl send --shop D --template FILE --segments A,B --subject S`: a campaign to chosen segments, control groups held out. */
export async function sendCommand(o: SendOptions): Promise<void> {
  if (!existsSync(o.template)) throw new CliError(`No such file: ${o.template}`);
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, o.shop);
    if (!(await store.db.mailServer.findUnique({ where: { shopId: shop.id } }))) throw new CliError(`No mail server for ${shop.domain}: pearl mail-server --shop ${shop.domain} --host H --port P --from ADDR`);
    const templateName = path.basename(o.template).replace(/\.mjml$/i, "");
    const saved = await saveTemplate(store.db, shop.id, templateName, { subject: o.subject, mjml: readFileSync(o.template, "utf8") });
    if (!saved.ok) throw new CliError(`${o.template} does not compile:\n${saved.problems.map((p) => `  ${o.template}:${formatProblem(p)}`).join("\n")}`);
    const test = await testRequest(store, shop.id, o.subject, o);
    const created = await createCampaign(store.db, {
      shopId: shop.id, templateId: saved.templateId, name: o.name ?? `${templateName} ${new Date().toISOString().slice(0, 10)}`,
      segmentIds: o.segments.split(",").map((s) => s.trim()).filter(Boolean), holdoutShare: Number(o.holdout), attributionDays: Number(o.attributionDays), test,
    });
    if (!created.ok) throw new CliError(created.error);
    const waiting = await store.db.campaignRecipient.count({ where: { campaignId: created.campaignId, status: "waiting" } });
    const bar = progressBar("sending", created.recipients - created.control - waiting, "emails");
    const totals = await sendCampaign(store.db, created.campaignId, { loadFeed: storedSegmentFeeds(store.db), appUrl: o.appUrl ?? process.env.SHOPIFY_APP_URL, onProgress: (done) => bar.update(done) });
    bar.stop();
    const result = { campaignId: created.campaignId, runId: created.runId, ...totals, waiting, notMailable: created.notMailable };
    if (o.json) console.log(JSON.stringify(result));
    else {
      console.log(`Campaign ${created.campaignId}: ${totals.sent} sent, ${totals.failed} failed, ${totals.held} held out as control, ${created.notMailable} not mailable (no address or no consent to marketing). Report: pearl campaign-report --shop ${shop.domain} --campaign ${created.campaignId}`);
      if (test) console.log(`A/B test on ${test.metric}s: ${waiting} recipients wait for the winner. Decide: pearl ab-decide --shop ${shop.domain} --campaign ${created.campaignId}`);
    }
  } finally {
    await store.close();
  }
}

/** `pearl ab-decide --shop D --campaign ID [--json]`: the A/B test's figures and decision; once decided, the rest of the audience gets the winner. */
export async function abDecideCommand(o: { shop: string; campaign: string; appUrl?: string; json?: boolean }): Promise<void> {
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, o.shop);
    const campaign = await store.db.campaign.findFirst({ where: { id: o.campaign, shopId: shop.id } });
    if (!campaign) throw new CliError(`No campaign ${o.campaign} in ${shop.domain}.`);
    const result = await decideAbTest(store.db, campaign.id, { loadFeed: storedSegmentFeeds(store.db), appUrl: o.appUrl ?? process.env.SHOPIFY_APP_URL });
    if (!result.ok) throw new CliError(result.error);
    if (o.json) console.log(JSON.stringify({ status: result.status, sentVariant: result.sentVariant, totals: result.totals, report: result.report }));
    else {
      printAbTest(result.report);
      if (result.totals) console.log(`The rest of the audience got ${result.sentVariant}: ${result.totals.sent} sent, ${result.totals.failed} failed.`);
    }
  } finally {
    await store.close();
  }
}

function printAbTest(r: AbTestReport): void {
  const verdicts = new Map(r.decision.variants.map((v) => [v.id, v]));
  console.table(r.variants.map((v) => {
    const d = verdicts.get(v.id)!;
    return { variant: v.label, subject: v.subject ?? "(template's)", recipients: v.recipients, opens: v.opens, clicks: v.clicks, orders: v.orders, rate: `${(d.rate * 100).toFixed(2)}%`, "p (vs leader)": d.comparison ? `${formatPValue(d.comparison.pValue)} (${d.comparison.method})` : "-" };
  }));
  console.log(`${r.decision.status}: ${r.decision.reason}. Metric: ${r.metric}s per recipient; alpha ${r.alpha}, at least ${r.minSample} per variant, at most ${r.days} days. ${r.method}`);
}

/** `pearl campaign-report --shop D --campaign ID [--json]`: treated vs control per segment, incremental revenue with 95% intervals. */
export async function campaignReportCommand(o: { shop: string; campaign: string; json?: boolean }): Promise<void> {
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, o.shop);
    const campaign = await store.db.campaign.findFirst({ where: { id: o.campaign, shopId: shop.id } });
    if (!campaign) throw new CliError(`No campaign ${o.campaign} in ${shop.domain}.`);
    const report = await campaignReport(store.db, campaign.id);
    if (o.json) console.log(JSON.stringify(report));
    else printReport(report);
  } finally {
    await store.close();
  }
}

function printReport(r: CampaignReport): void {
  const money = (v: number | null) => (v === null ? "n/a" : new Intl.NumberFormat("en", { style: "currency", currency: r.currency }).format(v));
  const interval = (d: { low: number | null; high: number | null }) => (d.low === null ? "(n/a)" : `(${money(d.low)} to ${money(d.high)})`);
  console.log(`${r.name}: sent ${r.sentAt ?? "not yet"}, attribution window ${r.window ? `${r.window.days} days` : "n/a"}`);
  console.table(r.segments.map((s) => ({
    segment: s.name, recipients: s.recipients, control: s.controlSize,
    "conversion (treated)": `${(s.treated.conversion * 100).toFixed(1)}%`, "conversion (control)": `${(s.control.conversion * 100).toFixed(1)}%`,
    "revenue/customer (treated)": money(s.treated.revenuePerCustomer), "revenue/customer (control)": money(s.control.revenuePerCustomer),
    incremental: `${money(s.incrementalRevenue.estimate)} ${interval(s.incrementalRevenue)}`,
  })));
  console.log(`Incremental revenue: ${money(r.total.incrementalRevenue.estimate)}, 95% interval ${interval(r.total.incrementalRevenue)}. ${r.method}`);
}

/** `pearl sync-shopify --shop D`: segment, tier, CLV and recommended products into the shop's customer metafields and tags. */
export async function syncShopifyCommand(o: { shop: string; endpoint?: string; apiVersion: string; json?: boolean }): Promise<void> {
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, o.shop);
    const session = await store.db.session.findFirst({ where: { shop: shop.domain, isOnline: false } });
    const accessToken = process.env.SHOPIFY_ACCESS_TOKEN ?? session?.accessToken;
    if (!accessToken) throw new CliError(`No offline access token for ${shop.domain}: install the app on the store, or set SHOPIFY_ACCESS_TOKEN.`);
    const records = await customerSyncRecords(store.db, shop.id, storedSegmentFeeds(store.db));
    if (!records.length) throw new CliError(`No analysed customers for ${shop.domain}: run pearl analyze first.`);
    const totals = await syncCustomersToShopify({ endpoint: o.endpoint ?? adminEndpoint(shop.domain, o.apiVersion), accessToken }, records);
    if (o.json) console.log(JSON.stringify(totals));
    else console.log(`${totals.customers} customers, ${totals.metafields} metafields in ${totals.requests} requests (${totals.throttled} throttled and retried), ${totals.userErrors.length} refused.`);
  } finally {
    await store.close();
  }
}


