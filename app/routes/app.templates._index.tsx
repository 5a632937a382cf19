import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, EmptyState, IndexTable, Link, Page, Text } from "@shopify/polaris";
import { formatInstant } from "~/admin/format";
import { listTemplates } from "~/admin/templates.server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return { templates: await listTemplates(db(), shop) };
};

export default function Templates() {
  const { templates } = useLoaderData<typeof loader>();
  return (
    <Page title="Email templates" primaryAction={{ content: "New template", url: "/app/templates/new" }}>
      <Card padding="0">
        {templates.length ? (
          <IndexTable
            resourceName={{ singular: "template", plural: "templates" }}
            itemCount={templates.length}
            selectable={false}
            headings={[{ title: "Name" }, { title: "Subject" }, { title: "Campaigns", alignment: "end" }, { title: "Saved" }]}
          >
            {templates.map((t, i) => (
              <IndexTable.Row id={t.id} key={t.id} position={i}>
                <IndexTable.Cell><Link url={`/app/templates/${t.id}`} removeUnderline><Text as="span" fontWeight="semibold">{t.name}</Text></Link></IndexTable.Cell>
                <IndexTable.Cell>{t.subject}</IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{t.campaigns}</Text></IndexTable.Cell>
                <IndexTable.Cell>{formatInstant(t.updatedAt)}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        ) : (
          <EmptyState heading="No templates yet" action={{ content: "New template", url: "/app/templates/new" }} image="">
            <p>Write an MJML email with a product feed block; each segment gets its own products.</p>
          </EmptyState>
        )}
      </Card>
    </Page>
  );
}
