import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { AudienceExportMenu, CAMPAIGN_AUDIENCE_CHOICES } from "~/admin/AudienceExportMenu";
import { loadCampaignPage, sendShopCampaign } from "~/admin/campaigns.server";
import { formatCount, formatDay, formatMoney, formatPercent } from "~/admin/format";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return loadCampaignPage(db(), shop, params.id ?? "");
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return sendShopCampaign(db(), shop, params.id ?? "");
};

type Diff = { estimate: number; low: number | null; high: number | null };

export default function CampaignDetail() {
  const { campaign, pending, report } = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>();
  const navigation = useNavigation();
  const money = (v: number) => formatMoney(v, report.currency, 2);
  const interval = (d: Diff, f: (v: number) => string) => (d.low === null || d.high === null ? `${f(d.estimate)} (too few for an interval)` : `${f(d.estimate)} (95%: ${f(d.low)} to ${f(d.high)})`);
  const pts = (v: number) => `${(v * 100).toFixed(1)} pts`;
  return (
    <Page
      title={campaign.name}
      titleMetadata={<Badge tone={campaign.status === "sent" ? "success" : campaign.status === "failed" ? "critical" : undefined}>{campaign.status}</Badge>}
      subtitle={`Template ${campaign.template.name} · holdout ${formatPercent(campaign.holdoutShare, 0)} · attribution ${campaign.attributionDays} days`}
      backAction={{ content: "Campaigns", url: "/app/campaigns" }}
      secondaryActions={<AudienceExportMenu href={`/app/campaigns/${campaign.id}/audience`} sections={CAMPAIGN_AUDIENCE_CHOICES} label="Export openers / clickers" />}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            {sent && !sent.ok ? <Banner tone="critical" title="Not sent">{sent.error}</Banner> : null}
            {sent && sent.ok ? <Banner tone="success" title="Sent">{`${sent.totals.sent} sent, ${sent.totals.failed} failed, ${sent.totals.held} held out as the control group.`}</Banner> : null}
            {pending > 0 ? (
              <Card>
                <Form method="post">
                  <InlineStack gap="300" blockAlign="center">
                    <Text as="p">{formatCount(pending)} recipients are waiting to be sent; the control group never is.</Text>
                    <Button submit variant="primary" loading={navigation.state === "submitting"}>Send campaign</Button>
                  </InlineStack>
                </Form>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">Control-group report</Text>
                <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                  <BlockStack gap="050"><Text as="span" tone="subdued" variant="bodySm">Recipients</Text><Text as="span" variant="headingLg">{formatCount(report.total.recipients)}</Text></BlockStack>
                  <BlockStack gap="050"><Text as="span" tone="subdued" variant="bodySm">Sent</Text><Text as="span" variant="headingLg">{formatCount(report.total.sent)}</Text></BlockStack>
                  <BlockStack gap="050"><Text as="span" tone="subdued" variant="bodySm">Control group</Text><Text as="span" variant="headingLg">{formatCount(report.total.controlSize)}</Text></BlockStack>
                  <BlockStack gap="050"><Text as="span" tone="subdued" variant="bodySm">Incremental revenue</Text><Text as="span" variant="headingLg">{money(report.total.incrementalRevenue.estimate)}</Text></BlockStack>
                </InlineGrid>
                <Text as="p" variant="bodySm">
                  {report.window ? `Orders from ${formatDay(report.window.from)} to ${formatDay(report.window.to)} (${report.window.days} days). ` : "Not sent yet: the window starts with the send. "}
                  Incremental revenue overall: {interval(report.total.incrementalRevenue, money)}.
                </Text>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric", "text"]}
                  headings={["Segment", "Treated", "Control", "Conversion (treated)", "Conversion (control)", "Revenue / customer (treated)", "Revenue / customer (control)", "Incremental revenue"]}
                  rows={report.segments.map((s) => [
                    s.name, formatCount(s.treated.customers), formatCount(s.control.customers), formatPercent(s.treated.conversion), formatPercent(s.control.conversion),
                    money(s.treated.revenuePerCustomer), money(s.control.revenuePerCustomer), interval(s.incrementalRevenue, money),
                  ])}
                />
                <Text as="p" variant="bodySm" tone="subdued">Conversion lift per segment: {report.segments.map((s) => `${s.name} ${interval(s.conversionLift, pts)}`).join("; ") || "-"}</Text>
                <Text as="p" variant="bodySm" tone="subdued">{report.method}</Text>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
