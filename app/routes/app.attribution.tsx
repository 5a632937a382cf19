import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, EmptyState, InlineStack, Link, Page, Text } from "@shopify/polaris";
import { creditShopOrders, loadAttribution } from "~/admin/attribution.server";
import { formatCount, formatInstant, formatMoney, formatPercent } from "~/admin/format";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return loadAttribution(db(), shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  const totals = await creditShopOrders(db(), shop);
  return { examined: totals.examined, attributed: totals.attributed };
};

export default function Attribution() {
  const { rows, currency, method, attributedThrough } = useLoaderData<typeof loader>();
  const credited = useActionData<typeof action>();
  const navigation = useNavigation();
  const money = (v: number) => formatMoney(v, currency, 2);
  const table = (source: "campaign" | "program") => rows.filter((r) => r.source === source).map((r) => [
    source === "campaign" ? <Link key={r.sourceId} url={`/app/campaigns/${r.sourceId}`} removeUnderline>{r.name}</Link> : `${r.name} (${r.kind})`,
    formatCount(r.sent), formatCount(r.converted), formatPercent(r.conversion, 2), formatCount(r.orders), money(r.revenue),
    `${r.byMethod.token} / ${r.byMethod.utm} / ${r.byMethod.window}`,
  ]);
  const headings = ["Name", "Sent", "Converted sends", "Conversion", "Orders", "Revenue", "Token / UTM / window"];
  const types = ["text", "numeric", "numeric", "numeric", "numeric", "numeric", "text"] as const;
  const campaigns = table("campaign");
  const programs = table("program");
  return (
    <Page title="Attribution" subtitle="Orders credited to the emails that brought them">
      <BlockStack gap="400">
        {credited ? <Banner tone="success" title={`${formatCount(credited.attributed)} of ${formatCount(credited.examined)} new orders credited to a send`} /> : null}
        <Card>
          <Form method="post">
            <InlineStack gap="300" blockAlign="center" align="space-between">
              <Text as="p" variant="bodySm">
                {attributedThrough ? `Orders credited through ${formatInstant(attributedThrough)}; every analysis credits the newer ones.` : "No orders credited yet; every analysis credits them."}
              </Text>
              <Button submit loading={navigation.state === "submitting"}>Credit new orders now</Button>
            </InlineStack>
          </Form>
        </Card>
        {rows.length ? null : (
          <Card><EmptyState heading="Nothing sent yet" image=""><p>Once campaigns or programs are sent, the orders they bring are credited to them here.</p></EmptyState></Card>
        )}
        {campaigns.length ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">Campaigns</Text>
              <DataTable columnContentTypes={[...types]} headings={headings} rows={campaigns} />
            </BlockStack>
          </Card>
        ) : null}
        {programs.length ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">Programs</Text>
              <DataTable columnContentTypes={[...types]} headings={headings} rows={programs} />
            </BlockStack>
          </Card>
        ) : null}
        <Text as="p" variant="bodySm" tone="subdued">{method}</Text>
      </BlockStack>
    </Page>
  );
}
