import { existsSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { COMPLIANCE_TOPICS, WEBHOOK_TOPICS, webhookPath } from "../../app/ingest/webhookTopics.ts";
import { postgresSchema } from "../../prisma/deriveSchemas.ts";

interface Subscription { topics?: string[]; compliance_topics?: string[]; uri: string }

const toml = parse(readFileSync("shopify.app.toml", "utf8")) as unknown as { webhooks: { api_version: string; subscriptions: Subscription[] } };
const subscriptions = toml.webhooks.subscriptions;

describe("shopify.app.toml", () => {
  it("subscribes to exactly the topics Pearl handles", () => {
    const subscribed = subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])]);
    expect([...subscribed].sort()).toEqual([...WEBHOOK_TOPICS].sort());
  });

  it("declares the compliance topics as compliance_topics", () => {
    const compliance = subscriptions.flatMap((s) => s.compliance_topics ?? []);
    expect([...compliance].sort()).toEqual([...COMPLIANCE_TOPICS].sort());
  });

  it.each(subscriptions.map((s) => [[...(s.topics ?? []), ...(s.compliance_topics ?? [])][0], s.uri] as const))(
    "%s goes to %s, a route that handles it",
    (topic, uri) => {
      expect(uri).toBe(webhookPath(topic as (typeof WEBHOOK_TOPICS)[number]));
      const file = `app/routes/${uri.slice(1).replaceAll("/", ".")}.tsx`;
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, "utf8")).toContain(`webhookAction("${topic}")`);
    },
  );
});

describe("prisma schemas", () => {
  it("the PostgreSQL schema is derived from the SQLite one (npm run db:schemas)", () => {
    expect(readFileSync("prisma/postgresql/schema.prisma", "utf8")).toBe(postgresSchema(readFileSync("prisma/schema.prisma", "utf8")));
  });
});
