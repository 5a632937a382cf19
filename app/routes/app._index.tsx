import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";
import { shopStats } from "~/store/shopStats";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return { stats: await shopStats(db(), shop) };
};

export default function Overview() {
  const { stats } = useLoaderData<typeof loader>();
  const tiles: [string, number][] = stats
    ? [["Customers", stats.customers], ["Orders", stats.orders], ["Products", stats.products], ["Carts", stats.carts], ["Checkouts", stats.checkouts], ["Browse events", stats.browseEvents]]
    : [];
  return (
    <Page title="Pearl">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 3 }} gap="400">
            {tiles.map(([label, value]) => (
              <Card key={label}>
                <BlockStack gap="100">
                  <Text as="h2" variant="headingSm">{label}</Text>
                  <Text as="p" variant="heading2xl">{value.toLocaleString()}</Text>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
