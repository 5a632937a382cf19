import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { loadHistory } from "~/admin/history.server";
import { startBackfillInBackground } from "~/backfill/startBackfill.server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";
import { runtime } from "~/runtime.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return loadHistory(db(), shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  const started = await startBackfillInBackground(db(), runtime().pixel.sql, shop);
  return { started, message: started ? "Backfill started: progress appears below." : "No offline access token for this shop: reinstall the app to grant one." };
};

const TONE = { applied: "success", failed: "critical", applying: "attention", running: "info", ready: "info", created: "info" } as const;

export default function History() {
  const { platform, jobs, magento, cursors } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Page title="History" subtitle="Past orders, customers and products brought into Pearl">
      <Layout>
        {result ? (
          <Layout.Section>
            <Banner tone={result.started ? "success" : "warning"}>{result.message}</Banner>
          </Layout.Section>
        ) : null}
        {platform === "shopify" ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">Shopify backfill</Text>
                <Text as="p" tone="subdued">Bulk queries for every customer, product and order; an interrupted backfill continues where it stopped.</Text>
                <Form method="post"><Button submit>Backfill now</Button></Form>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">Jobs</Text>
              {jobs.length === 0 ? <Text as="p">No backfill yet.</Text> : jobs.map((j) => (
                <BlockStack gap="100" key={j.id}>
                  <Text as="p"><b>{j.resource}</b> <Badge tone={TONE[j.status as keyof typeof TONE] ?? "info"}>{j.status}</Badge> {j.records.toLocaleString("en")} records, started {j.startedAt.slice(0, 16).replace("T", " ")} UTC</Text>
                  <ProgressBar progress={Math.round(j.progress * 100)} size="small" tone={j.status === "failed" ? "critical" : "primary"} />
                  {j.error ? <Text as="p" tone="critical">{j.error}</Text> : null}
                </BlockStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        {magento ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">Magento</Text>
                <Text as="p">{magento.baseUrl} ({magento.authMethod}), last sync {magento.lastSyncAt ? new Date(magento.lastSyncAt).toISOString().slice(0, 16).replace("T", " ") : "never"}</Text>
                {magento.lastError ? <Banner tone="critical">{magento.lastError}</Banner> : null}
                <DataTable
                  columnContentTypes={["text", "text", "numeric"]}
                  headings={["Entity", "Updated up to", "Records"]}
                  rows={cursors.map((c) => [c.entity, c.updatedAt ?? "-", c.records])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
