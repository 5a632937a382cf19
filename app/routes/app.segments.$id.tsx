import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { AudienceExportMenu, SEGMENT_AUDIENCE_CHOICES } from "~/admin/AudienceExportMenu";
import { TierChart } from "~/admin/charts/TierChart";
import { formatCount, formatDay, formatMoney, formatPercent } from "~/admin/format";
import { loadSegmentPage } from "~/admin/segments.server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return loadSegmentPage(db(), shop, params.id ?? "");
};

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="dt" variant="bodySm" tone="subdued">{label}</Text>
      <Text as="dd" variant="headingMd">{value}</Text>
    </BlockStack>
  );
}

export default function SegmentDetail() {
  const page = useLoaderData<typeof loader>();
  const { profile: p, segment, currency } = page;
  const money = (v: number | null) => (v === null ? "-" : formatMoney(v, currency));
  const tiers = Object.entries(p.tierMix).map(([tier, share]) => ({ tier, customers: Math.round(share * p.size), clv365: 0 }));
  const movedSince = page.run.previousAsOf ? `since the analysis as of ${formatDay(page.run.previousAsOf)}` : "(first analysis: everyone is new)";
  return (
    <Page
      title={segment.name}
      titleMetadata={<InlineStack gap="100"><Badge tone={segment.level === "macro" ? "info" : undefined}>{segment.level}</Badge>{segment.dissolved ? <Badge tone="warning">dissolved</Badge> : null}</InlineStack>}
      subtitle={`${segment.id}${segment.parentName ? ` · in ${segment.parentName}` : ""} · analysis as of ${formatDay(page.run.asOf)}`}
      backAction={{ content: "Segments", url: "/app/segments" }}
      secondaryActions={segment.dissolved ? undefined : <AudienceExportMenu href={`/app/segments/${segment.id}/audience`} sections={SEGMENT_AUDIENCE_CHOICES} />}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">Profile</Text>
              <dl style={{ margin: 0 }}>
                <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
                  <Fact label="Customers" value={formatCount(p.size)} />
                  <Fact label="Revenue share" value={formatPercent(p.revenueShare)} />
                  <Fact label="Mean CLV, 365 days" value={money(p.meanClv365)} />
                  <Fact label="Churn risk" value={formatPercent(p.meanChurn, 0)} />
                  <Fact label="Mean order value" value={money(p.meanOrderValue)} />
                  <Fact label="Orders per customer" value={p.meanFrequency.toFixed(1)} />
                  <Fact label="Days since last order" value={p.meanRecencyDays === null ? "-" : Math.round(p.meanRecencyDays).toString()} />
                  <Fact label="Price band" value={p.priceBand ?? "-"} />
                  <Fact label="Best send time" value={p.bestSendDay ? `${p.bestSendDay}${p.bestSendHour !== null ? ` ${p.bestSendHour}:00` : ""}` : "-"} />
                  <Fact label="Peak month" value={p.peakMonth ? `${p.peakMonth} (${formatPercent(p.peakMonthShare, 0)})` : "-"} />
                  <Fact label="Gift orders" value={formatPercent(p.giftShare, 0)} />
                  <Fact label="Discounted orders" value={formatPercent(p.discountShare, 0)} />
                </InlineGrid>
              </dl>
              <Text as="p">Top categories: {p.topCategories.map((c) => `${c.category} (${formatPercent(c.share, 0)}, ${c.lift.toFixed(1)}x the store)`).join(", ") || "-"}</Text>
              {p.topProducts?.length ? <Text as="p">Top products: {p.topProducts.map((t) => `${t.title} (${formatPercent(t.spendShare, 0)} of spend)`).join(", ")}</Text> : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Tier mix</Text>
              <TierChart tiers={tiers} width={360} height={200} />
            </BlockStack>
          </Card>
        </Layout.Section>
        {page.children.length ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">Micro-segments</Text>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                  headings={["Segment", "Customers", "Revenue share", "Mean CLV (365 d)"]}
                  rows={page.children.map((c) => [<Link key={c.id} url={`/app/segments/${c.id}`}>{c.name}</Link>, formatCount(c.size), formatPercent(c.revenueShare), money(c.meanClv365)])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Members (top {page.members.length} by predicted value)</Text>
              <DataTable
                columnContentTypes={["text", "text", "text", "numeric", "numeric"]}
                headings={["Customer", "Email", "Tier", "CLV (365 d)", "Churn risk"]}
                rows={page.members.map((m) => [m.name, m.email ?? "-", m.tier, money(m.clv365), formatPercent(m.churn, 0)])}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Product feed</Text>
              <Text as="p" variant="bodySm" tone="subdued">
                Signed feed URLs for email platforms: <Link url={page.feedUrls.json} external>JSON</Link> · <Link url={page.feedUrls.rss} external>RSS</Link> · <Link url={page.feedUrls.html} external>HTML</Link>
              </Text>
              {page.feed.length ? (
                <DataTable
                  columnContentTypes={["numeric", "text", "numeric", "text"]}
                  headings={["#", "Product", "Price", "Why"]}
                  rows={page.feed.map((f, i) => [i + 1, f.title, formatMoney(f.price, f.currency, 2), f.reason])}
                />
              ) : <Text as="p">No feed stored for this segment.</Text>}
            </BlockStack>
          </Card>
        </Layout.Section>
        <MovesCard title={`Moved in ${movedSince}`} column="From" moves={page.moves.in} none="new customer" />
        <MovesCard title={`Moved out ${movedSince}`} column="To" moves={page.moves.out} none="no longer segmented" />
      </Layout>
    </Page>
  );
}

type Moves = ReturnType<typeof useLoaderData<typeof loader>>["moves"]["in"];

/** Customers who moved into or out of the segment since the previous run, each linked to the other segment. */
function MovesCard({ title, column, moves, none }: { title: string; column: string; moves: Moves; none: string }) {
  return (
    <Layout.Section variant="oneHalf">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">{title}: {formatCount(moves.count)}</Text>
          <DataTable columnContentTypes={["text", "text"]} headings={["Customer", column]}
            rows={moves.sample.map((m) => [m.name, m.otherSegmentId ? <Link key={m.customerId} url={`/app/segments/${m.otherSegmentId}`}>{m.otherSegmentName}</Link> : none])} />
        </BlockStack>
      </Card>
    </Layout.Section>
  );
}
