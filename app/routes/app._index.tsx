import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineGrid, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { LorenzChart } from "~/admin/charts/LorenzChart";
import { TierChart } from "~/admin/charts/TierChart";
import { ValueHeatmap } from "~/admin/charts/ValueHeatmap";
import { loadDashboard } from "~/admin/dashboard.server";
import { formatCount, formatDay, formatInstant, formatMoney } from "~/admin/format";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return { dashboard: await loadDashboard(db(), shop) };
};

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="headingSm" tone="subdued">{label}</Text>
        <Text as="p" variant="heading2xl">{value}</Text>
      </BlockStack>
    </Card>
  );
}

export default function Dashboard() {
  const { dashboard: d } = useLoaderData<typeof loader>();
  const currency = d.shop.currency;
  return (
    <Page title="Dashboard" subtitle={d.shop.name ?? d.shop.domain}>
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Figure label="Customers" value={formatCount(d.customers)} />
            <Figure label="Orders" value={formatCount(d.orders)} />
            <Figure label="Revenue" value={formatMoney(d.revenue, currency)} />
            <Card>
              <BlockStack gap="100">
                <Text as="h2" variant="headingSm" tone="subdued">Analysis</Text>
                {d.lastRun ? (
                  <>
                    <Text as="p" variant="bodyMd">Last run: data as of <b>{formatDay(d.lastRun.asOf)}</b>{d.lastRun.finishedAt ? `, finished ${formatInstant(d.lastRun.finishedAt)}` : ""}</Text>
                    <Text as="p" variant="bodySm" tone="subdued">{formatCount(d.lastRun.scored)} customers scored, {d.lastRun.segments} segments</Text>
                  </>
                ) : (
                  <Text as="p">No analysis yet.</Text>
                )}
                <Text as="p" variant="bodySm">Next run due: {d.nextRun ? formatInstant(d.nextRun) : "not scheduled (Settings)"}</Text>
                {d.runningRun ? (
                  <BlockStack gap="100">
                    <InlineStack gap="200"><Badge tone="attention">Running</Badge><Text as="span" variant="bodySm">{d.runningRun.phase ?? ""}</Text></InlineStack>
                    <ProgressBar progress={Math.round(d.runningRun.progress * 100)} size="small" />
                  </BlockStack>
                ) : null}
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Value tiers</Text>
              <Text as="p" variant="bodySm" tone="subdued">Customers by predicted value over the next year, A the top 5%.</Text>
              <TierChart tiers={d.tiers} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Revenue concentration</Text>
              <Text as="p" variant="bodySm" tone="subdued">Share of customers (smallest spenders first) against their share of revenue.</Text>
              <LorenzChart points={d.lorenz.points} gini={d.lorenz.gini} topFifthShare={d.lorenz.topFifthShare} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Predicted value by longevity and recency</Text>
              <Text as="p" variant="bodySm" tone="subdued">Mean CLV over the next 365 days of the customers with a purchase in each cell.</Text>
              {d.valueGrid ? <ValueHeatmap grid={d.valueGrid} currency={currency} width={900} height={360} /> : <Text as="p">Run an analysis to see predicted value.</Text>}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
