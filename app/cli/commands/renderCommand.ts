import { readFileSync, existsSync } from "node:fs";
import { latestFinishedRun } from "../../activation/audience.ts";
import { compileTemplate } from "../../activation/compileTemplate.ts";
import { storefrontUrlOf } from "../../activation/productLink.ts";
import { personalize, renderSegmentEmail } from "../../activation/segmentEmail.ts";
import { storedSegmentFeeds } from "../../activation/segmentFeeds.ts";
import { formatProblem } from "../../activation/templateProblem.ts";
import { CliError, openStore, requireShop } from "../store.ts";

export interface RenderOptions {
  shop: string;
  template: string;
  segment?: string;
  /** Customer.externalId (the platform's id) or Customer.id. */
  customer?: string;
  subject?: string;
  text?: boolean;
  json?: boolean;
}

const PREVIEW_TOKEN = "preview";

/**
 * `pearl render --shop D --template FILE (--segment ID | --customer ID)`: the
 * email a segment (or one customer) would get, as HTML on stdout.
 */
export async function renderCommand(options: RenderOptions): Promise<void> {
  if (!options.segment === !options.customer) throw new CliError("give either --segment ID or --customer ID");
  if (!existsSync(options.template)) throw new CliError(`No such file: ${options.template}`);
  const compiled = await compileTemplate({ subject: options.subject ?? "{{shop_name}}", mjml: readFileSync(options.template, "utf8") });
  if (!compiled.ok) throw new CliError(`${options.template} does not compile:\n${compiled.problems.map((p) => `  ${options.template}:${formatProblem(p)}`).join("\n")}`);
  const store = await openStore();
  try {
    const shop = await requireShop(store.db, options.shop);
    const run = await latestFinishedRun(store.db, shop.id);
    if (!run) throw new CliError(`No finished analysis for ${shop.domain}: run pearl analyze --shop ${shop.domain} first.`);
    let segmentId = options.segment;
    let person = { firstName: null as string | null, lastName: null as string | null, email: null as string | null, city: null as string | null, country: null as string | null };
    if (options.customer) {
      const customer = await store.db.customer.findFirst({ where: { shopId: shop.id, OR: [{ externalId: options.customer }, { id: options.customer }] } });
      if (!customer) throw new CliError(`No customer ${options.customer} in ${shop.domain}.`);
      const score = await store.db.customerScore.findUnique({ where: { runId_customerId: { runId: run.id, customerId: customer.id } } });
      if (!score) throw new CliError(`Customer ${options.customer} is in no segment of the latest analysis.`);
      segmentId = score.segmentId;
      person = customer;
    } else {
      const known = await store.db.segmentSnapshot.findUnique({ where: { runId_segmentId: { runId: run.id, segmentId: segmentId! } } });
      if (!known) throw new CliError(`No segment ${segmentId} in the latest analysis (pearl segments --shop ${shop.domain} lists them).`);
    }
    const feed = await storedSegmentFeeds(store.db)(shop.id, segmentId!, run.id);
    const email = renderSegmentEmail(compiled.template, feed, { storefrontUrl: storefrontUrlOf(shop.domain), campaign: "preview", segmentId: segmentId!, currency: shop.currency });
    const message = personalize(email, { ...person, token: PREVIEW_TOKEN }, shop.name ?? shop.domain);
    if (options.json) {
      console.log(JSON.stringify({ shop: shop.domain, segmentId, subject: message.subject, products: email.products, html: message.html, text: message.text }));
    } else {
      process.stdout.write(options.text ? message.text : message.html);
    }
  } finally {
    await store.close();
  }
}
