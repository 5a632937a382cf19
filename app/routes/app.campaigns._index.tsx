import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Link, Page, Text } from "@shopify/polaris";
import { listCampaigns } from "~/admin/campaigns.server";
import { formatCount, formatInstant, formatPercent } from "~/admin/format";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return { campaigns: await listCampaigns(db(), shop) };
};

const statusTone = (status: string) => (status === "sent" ? "success" : status === "failed" ? "critical" : status === "sending" ? "attention" : undefined);

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>();
  return (
    <Page title="Campaigns" primaryAction={{ content: "New campaign", url: "/app/campaigns/new" }}>
      <Card padding="0">
        {campaigns.length ? (
          <IndexTable
            resourceName={{ singular: "campaign", plural: "campaigns" }}
            itemCount={campaigns.length}
            selectable={false}
            headings={[{ title: "Campaign" }, { title: "Status" }, { title: "Template" }, { title: "Segments", alignment: "end" }, { title: "Recipients", alignment: "end" }, { title: "Holdout", alignment: "end" }, { title: "Sent" }]}
          >
            {campaigns.map((c, i) => (
              <IndexTable.Row id={c.id} key={c.id} position={i}>
                <IndexTable.Cell><Link url={`/app/campaigns/${c.id}`} removeUnderline><Text as="span" fontWeight="semibold">{c.name}</Text></Link></IndexTable.Cell>
                <IndexTable.Cell><Badge tone={statusTone(c.status)}>{c.status}</Badge></IndexTable.Cell>
                <IndexTable.Cell>{c.template}</IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{c.segments}</Text></IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatCount(c.recipients)} ({formatCount(c.control)} control)</Text></IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatPercent(c.holdoutShare, 0)}</Text></IndexTable.Cell>
                <IndexTable.Cell>{c.sentAt ? formatInstant(c.sentAt) : "-"}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        ) : (
          <EmptyState heading="No campaigns yet" action={{ content: "New campaign", url: "/app/campaigns/new" }} image="">
            <p>Send a template to chosen segments; a random share of each is held out to measure what the email earned.</p>
          </EmptyState>
        )}
      </Card>
    </Page>
  );
}
