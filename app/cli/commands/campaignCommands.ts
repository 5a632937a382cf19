import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createCampaign } from "../../activation/campaign.ts";
import { campaignReport, type CampaignReport } from "../../activation/campaignReport.ts";
import { sendCampaign } from "../../activation/sendCampaign.ts";
import { storedSegmentFeeds } from "../../activation/segmentFeeds.ts";
import { adminEndpoint } from "../../activation/shopifyAdminGraphql.ts";
import { customerSyncRecords, syncCustomersToShopify } from "../../activation/shopifyCustomerSync.ts";
import { formatProblem } from "../../activation/templateProblem.ts";
import { saveTemplate } from "../../activation/templates.ts";
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
  json?: boolean;
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
    const created = await createCampaign(store.db, {
      shopId: shop.id, templateId: saved.templateId, name: o.name ?? `${templateName} ${new Date().toISOString().slice(0, 10)}`,
      segmentIds: o.segments.split(",").map((s) => s.trim()).filter(Boolean), holdoutShare: Number(o.holdout), attributionDays: Number(o.attributionDays),
    });
    if (!created.ok) throw new CliError(created.error);
    const bar = progressBar("sending", created.recipients - created.control, "emails");
    const totals = await sendCampaign(store.db, created.campaignId, { loadFeed: storedSegmentFeeds(store.db), onProgress: (done) => bar.update(done) });
    bar.stop();
    const result = { campaignId: created.campaignId, runId: created.runId, ...totals, notMailable: created.notMailable };
    if (o.json) console.log(JSON.stringify(result));
    else console.log(`Campaign ${created.campaignId}: ${totals.sent} sent, ${totals.failed} failed, ${totals.held} held out as control, ${created.notMailable} not mailable (no address or no consent to marketing). Report: pearl campaign-report --shop ${shop.domain} --campaign ${created.campaignId}`);
  } finally {
    await store.close();
  }
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


