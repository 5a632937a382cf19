import { Command, Option } from "commander";
import { clvCommand, type ClvOptions } from "./commands/clvCommand.ts";
import { IMPORT_FORMATS, importCommand, type ImportFormat } from "./commands/importCommand.ts";
import { EVAL_FORMATS, evalRecsCommand, type EvalRecsOptions } from "./commands/evalRecsCommand.ts";
import { statsCommand } from "./commands/statsCommand.ts";
import { CliError } from "./store.ts";

// `pearl clv --json | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const collect = (value: string, previous: string[]) => [...previous, value];

const program = new Command()
  .name("pearl")
  .description("Pearl's engine from the command line: import, analyse, inspect. Store: DATABASE_URL or ./data/pearl.db.")
  .showHelpAfterError();

program
  .command("import")
  .description("load a data set into the store (.gz accepted)")
  .argument("<file>", "the data file")
  .requiredOption("--shop <domain>", "shop domain, e.g. demo.myshopify.com")
  .addOption(new Option("--format <format>", "file format").choices(IMPORT_FORMATS).makeOptionMandatory())
  .option("--json", "print the totals as JSON")
  .action(async (file: string, options: { shop: string; format: ImportFormat; json?: boolean }) => {
    await importCommand(file, options);
  });

program
  .command("stats")
  .description("counts of everything stored for a shop")
  .requiredOption("--shop <domain>", "shop domain")
  .option("--json", "print JSON")
  .action(statsCommand);

program
  .command("clv")
  .description("fit BG/NBD + Gamma-Gamma as of a date; expected purchases, P(alive), CLV 30/365/1095 days, tiers A-G")
  .requiredOption("--shop <domain>", "shop domain")
  .requiredOption("--as-of <date>", "YYYY-MM-DD: later purchases are ignored")
  .option("--horizon-days <days>", "days after the as-of date that expectedPurchases covers", "365")
  .addOption(new Option("--time-unit <unit>", "unit of the model parameters").choices(["week", "day"]).default("week"))
  .option("--discount-rate <rate>", "annual discount rate for CLV", "0.1")
  .option("--json", "print the whole report as JSON")
  .action(async (options: ClvOptions) => {
    await clvCommand(options);
  });

program
  .command("eval-recs")
  .description("offline evaluation of the recommendations on a date split of a data file, against popularity and repeat baselines")
  .argument("<file>", "the data file (.gz accepted)")
  .addOption(new Option("--format <format>", "file format").choices(EVAL_FORMATS).makeOptionMandatory())
  .requiredOption("--split <date>", "YYYY-MM-DD: train on the lines before it, evaluate on the purchases from it on")
  .option("--k <k>", "list length", "10")
  .option("--json", "print the metrics as JSON")
  .action(async (file: string, options: EvalRecsOptions) => {
    await evalRecsCommand(file, options);
  });

program
  .command("analyze")
  .description("features, CLV and micro-segments as of a date, stored as a run (progress on stderr)")
  .requiredOption("--shop <domain>", "shop domain")
  .option("--as-of <date>", "YYYY-MM-DD: later data are ignored (default: now)")
  .option("--json", "print the run's id and stats as JSON")
  .action(async (options: { shop: string; asOf?: string; json?: boolean }) => {
    const { analyzeCommand } = await import("./commands/analyzeCommand.ts");
    await analyzeCommand(options);
  });

program
  .command("segments")
  .description("the segments of the shop's latest analysis run")
  .requiredOption("--shop <domain>", "shop domain")
  .option("--json", 'print [{"id","name","parentId","size","profile"}]')
  .action(async (options: { shop: string; json?: boolean }) => {
    const { segmentsCommand } = await import("./commands/analyzeCommand.ts");
    await segmentsCommand(options);
  });

program
  .command("render")
  .description("the email a segment (or one customer) gets from an MJML template, as HTML on stdout")
  .requiredOption("--shop <domain>", "shop domain")
  .requiredOption("--template <file>", "MJML template, e.g. with <mj-product-feed count=\"4\" columns=\"2\" />")
  .option("--segment <id>", "segment id (pearl segments lists them)")
  .option("--customer <id>", "a customer's id: their segment's products and their personal fields")
  .option("--subject <text>", "subject line (personal fields allowed)")
  .option("--text", "print the plain-text part instead of the HTML")
  .option("--json", "print subject, products, HTML and text as JSON")
  .action(async (options) => {
    const { renderCommand } = await import("./commands/renderCommand.ts");
    await renderCommand(options);
  });

program
  .command("recommend")
  .description("a customer's top-10 products of the latest analysis run, each with its reason")
  .requiredOption("--shop <domain>", "shop domain")
  .requiredOption("--customer <id>", "the customer's id on the platform (Customer.externalId)")
  .option("--json", "print the items as JSON")
  .action(async (options: { shop: string; customer: string; json?: boolean }) => {
    const { recommendCommand } = await import("./commands/recommendCommand.ts");
    await recommendCommand(options);
  });

program
  .command("feed")
  .description("a segment's product feed of the latest analysis run (segment _store: the store's trending items)")
  .requiredOption("--shop <domain>", "shop domain")
  .requiredOption("--segment <id>", "segment id (pearl segments lists them)")
  .option("--format <format>", "output format: json, rss (Mailchimp FEEDBLOCK) or html (a snippet of cards)", "json")
  .action(async (options: { shop: string; segment: string; format: string }) => {
    const { feedCommand } = await import("./commands/recommendCommand.ts");
    await feedCommand(options);
  });

program
  .command("mail-server")
  .description("the shop's SMTP server, through which its campaigns are sent")
  .requiredOption("--shop <domain>", "shop domain")
  .requiredOption("--host <host>", "SMTP host")
  .requiredOption("--port <port>", "SMTP port (587, or 465 with --secure)")
  .requiredOption("--from <address>", "sender address")
  .option("--from-name <name>", "sender name")
  .option("--reply-to <address>", "reply-to address")
  .option("--secure", "TLS from the first byte (port 465)")
  .option("--username <user>", "SMTP user")
  .option("--password-env <variable>", "environment variable holding the SMTP password")
  .action(async (options) => {
    const { mailServerCommand } = await import("./commands/campaignCommands.ts");
    await mailServerCommand(options);
  });

program
  .command("send")
  .description("send a campaign to chosen segments of the latest analysis, holding out a control group of each")
  .requiredOption("--shop <domain>", "shop domain")
  .requiredOption("--template <file>", "MJML template")
  .requiredOption("--segments <ids>", "segment ids, comma-separated")
  .requiredOption("--subject <text>", "subject line (personal fields allowed)")
  .option("--name <name>", "campaign name")
  .option("--holdout <share>", "control group share of every segment", "0.1")
  .option("--attribution-days <days>", "days after the send in which orders count", "14")
  .option("--variant-subject <label:subject>", "an A/B variant's subject, e.g. \"B:Other subject\" (repeatable; A is --subject)", collect, [])
  .option("--variant-template <label:file>", "an A/B variant's MJML template, e.g. B:other.mjml (repeatable)", collect, [])
  .option("--test-share <share>", "share of the treated audience in the A/B test; the rest gets the winner")
  .option("--test-metric <metric>", "what the test compares per recipient: click or order", "click")
  .option("--test-alpha <alpha>", "the test's significance level (Bonferroni-corrected for more than two variants)")
  .option("--test-min-sample <n>", "recipients every variant needs before a decision")
  .option("--test-days <days>", "days after which a test without a winner is inconclusive (the rest gets A)")
  .option("--app-url <url>", "Pearl's public URL, for the open pixel (default: SHOPIFY_APP_URL)")
  .option("--json", "print the totals as JSON")
  .action(async (options) => {
    const { sendCommand } = await import("./commands/campaignCommands.ts");
    await sendCommand(options);
  });

program
  .command("ab-decide")
  .description("a campaign's A/B test: figures per variant, the significance test, and once there is a decision the rest of the audience sent the winner")
  .requiredOption("--shop <domain>", "shop domain")
  .requiredOption("--campaign <id>", "campaign id")
  .option("--app-url <url>", "Pearl's public URL, for the open pixel (default: SHOPIFY_APP_URL)")
  .option("--json", "print the decision and figures as JSON")
  .action(async (options) => {
    const { abDecideCommand } = await import("./commands/campaignCommands.ts");
    await abDecideCommand(options);
  });

program
  .command("campaign-report")
  .description("a campaign's recipients, control groups, conversion, revenue per customer and incremental revenue (95% interval) per segment")
  .requiredOption("--shop <domain>", "shop domain")
  .requiredOption("--campaign <id>", "campaign id")
  .option("--json", "print the report as JSON")
  .action(async (options) => {
    const { campaignReportCommand } = await import("./commands/campaignCommands.ts");
    await campaignReportCommand(options);
  });

program
  .command("audience")
  .description("a segment, or a campaign's openers or clickers, as a Meta Custom Audiences or Google Customer Match CSV (normalised, SHA-256 hashed); summary on stderr")
  .requiredOption("--shop <domain>", "shop domain")
  .option("--segment <id>", "segment id of the latest analysis (pearl segments lists them)")
  .option("--campaign <id>", "campaign id")
  .option("--who <who>", "with --campaign: openers or clickers")
  .requiredOption("--format <format>", "meta or google")
  .option("--out <file>", "write the CSV to FILE instead of stdout")
  .option("--region <code>", "ISO country code for phones without a country code when the customer has no country (default: the shop's home market)")
  .option("--json", "print the summary as JSON on stderr")
  .action(async (options) => {
    const { audienceCommand } = await import("./commands/audienceCommand.ts");
    await audienceCommand(options);
  });

program
  .command("attribute")
  .description("credit the shop's new orders to the sends that brought them: tracking token, UTM campaign, or the last send within its attribution window")
  .requiredOption("--shop <domain>", "shop domain")
  .option("--json", "print the totals as JSON")
  .action(async (options) => {
    const { attributeCommand } = await import("./commands/attributeCommand.ts");
    await attributeCommand(options);
  });

program
  .command("programs")
  .description("lifecycle programs: list, create, enable, disable, or run (evaluate the day's triggers and send what is due)")
  .argument("<action>", "list | create | enable | disable | run")
  .requiredOption("--shop <domain>", "shop domain")
  .option("--kind <kind>", "create: post_purchase, first_to_repeat, cross_sell, replenishment, on_the_brink, win_back, abandoned_cart or abandoned_checkout")
  .option("--name <name>", "create: the program's name (default: the kind's)")
  .option("--template <file>", "create: MJML template (default: the kind's starting template)")
  .option("--subject <text>", "create: subject line, with --template")
  .option("--rule <json>", "create: eligibility parameters as JSON, over the kind's defaults")
  .option("--timing <json>", 'create: {"delayHours": N, "sendHour": H|null} over the kind\'s defaults')
  .option("--holdout <share>", "create: control group share (default 0.1)")
  .option("--priority <n>", "create: fixed priority when a customer qualifies for several (lower first)")
  .option("--enable", "create: enabled at once")
  .option("--program <id>", "enable/disable: the program's id")
  .option("--now <iso>", "run: the moment to evaluate and send at (default: now)")
  .option("--when-due", "run: evaluate only if not yet evaluated today (the scheduler's sweep)")
  .option("--json", "print JSON")
  .action(async (action: string, options) => {
    const { programsCommand } = await import("./commands/programsCommand.ts");
    await programsCommand(action, options);
  });

program
  .command("sync-shopify")
  .description("write segment, tier, CLV and recommended products to the shop's customer metafields and tags (Admin GraphQL)")
  .requiredOption("--shop <domain>", "shop domain")
  .option("--endpoint <url>", "Admin GraphQL endpoint (default: https://<shop>/admin/api/<version>/graphql.json)")
  .option("--api-version <version>", "Admin API version", "2026-07")
  .option("--json", "print the totals as JSON")
  .action(async (options) => {
    const { syncShopifyCommand } = await import("./commands/campaignCommands.ts");
    await syncShopifyCommand(options);
  });

program
  .command("backfill")
  .description("a Shopify shop's history (customers, products, orders) through bulk queries, resumable; --status shows the jobs")
  .requiredOption("--shop <domain>", "shop domain")
  .option("--token <token>", "Admin API access token (default: SHOPIFY_ACCESS_TOKEN, or the shop's stored offline session)")
  .option("--api-url <url>", "Admin GraphQL endpoint (default https://<shop>/admin/api/2026-07/graphql.json)")
  .option("--resources <list>", "comma-separated: customers,products,orders")
  .option("--poll-seconds <s>", "how often to ask Shopify when no bulk_operations/finish webhook has come", "10")
  .option("--status", "list the shop's backfill jobs and their progress instead")
  .option("--json", "print JSON")
  .action(async (options) => {
    const { backfillCommand } = await import("./commands/backfillCommand.ts");
    await backfillCommand(options);
  });

program
  .command("magento")
  .description("a Magento 2 store: connect (REST credentials) or sync (incremental polling into the store)")
  .argument("<action>", "connect | sync | status")
  .requiredOption("--shop <domain>", "the shop's name in Pearl, e.g. store.example.com")
  .option("--url <baseUrl>", "connect: the store's base URL (REST under <url>/rest/V1)")
  .option("--store-code <code>", "connect: store view code (REST under <url>/rest/<code>/V1)")
  .option("--token <token>", "connect: integration access token (sent as Bearer), or the OAuth access token with --consumer-key")
  .option("--token-secret <secret>", "connect: OAuth 1.0a access token secret")
  .option("--consumer-key <key>", "connect: OAuth 1.0a consumer key")
  .option("--consumer-secret <secret>", "connect: OAuth 1.0a consumer secret")
  .option("--signature-method <m>", "connect: HMAC-SHA256 (default) or HMAC-SHA1")
  .option("--entities <list>", "sync: comma-separated: customers,products,orders,carts")
  .option("--page-size <n>", "sync: records per request", "100")
  .option("--json", "print JSON")
  .action(async (action: string, options) => {
    const { magentoCommand } = await import("./commands/magentoCommand.ts");
    await magentoCommand(action, options);
  });

program
  .command("demo")
  .description("the whole product on real data, offline: starts the app and replays a real store as Shopify webhooks")
  .option("--port <port>", "port for the app", "3000")
  .option("--limit <orders>", "replay only the first N orders (quick look)")
  .option("--exit", "stop once the replay is stored instead of serving the admin")
  .action(async (options: { port: string; limit?: string; exit?: boolean }) => {
    const { demoCommand } = await import("./commands/demoCommand.ts");
    await demoCommand({ port: Number(options.port), limit: options.limit ? Number(options.limit) : undefined, exit: options.exit });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    console.error(`pearl: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
