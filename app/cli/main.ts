import { Command, Option } from "commander";
import { IMPORT_FORMATS, importCommand, type ImportFormat } from "./commands/importCommand.ts";
import { statsCommand } from "./commands/statsCommand.ts";
import { CliError } from "./store.ts";

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
  .command("demo")
  .description("the whole product on real data, offline: starts the app and replays a real store as Shopify webhooks")
  .option("--port <port>", "port for the app", "3000")
  .option("--limit <orders>", "replay only the first N orders (quick look)")
  .action(async (options: { port: string; limit?: string }) => {
    const { demoCommand } = await import("./commands/demoCommand.ts");
    await demoCommand({ port: Number(options.port), limit: options.limit ? Number(options.limit) : undefined });
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
