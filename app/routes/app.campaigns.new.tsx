import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { createShopCampaign, loadCampaignForm, parseCampaignForm } from "~/admin/campaigns.server";
import { formatCount } from "~/admin/format";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return loadCampaignForm(db(), shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  const parsed = parseCampaignForm(await request.formData());
  if (!parsed.ok) return parsed;
  const created = await createShopCampaign(db(), shop, parsed.input);
  if (!created.ok) return created;
  return redirect(`/app/campaigns/${created.campaignId}`);
};

export default function NewCampaign() {
  const { templates, segments, hasMailServer, defaults } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>();
  const navigation = useNavigation();
  const [name, setName] = useState("");
  const [templateId, setTemplateId] = useState(templates[0]?.id ?? "");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [holdout, setHoldout] = useState(String(defaults.holdoutPercent));
  const [days, setDays] = useState(String(defaults.attributionDays));
  const [variantSubject, setVariantSubject] = useState("");
  const [testPercent, setTestPercent] = useState(String(defaults.testPercent));
  const [testMetric, setTestMetric] = useState("click");
  const toggle = (id: string) => (checked: boolean) => setChosen((s) => { const n = new Set(s); if (checked) n.add(id); else n.delete(id); return n; });
  const audience = segments.filter((s) => chosen.has(s.id)).reduce((sum, s) => sum + s.size, 0);
  return (
    <Page title="New campaign" backAction={{ content: "Campaigns", url: "/app/campaigns" }}>
      <Form method="post">
        <Layout>
          <Layout.Section>
            <BlockStack gap="300">
              {error && !error.ok ? <Banner tone="critical" title="The campaign was not created">{error.error}</Banner> : null}
              {!hasMailServer ? <Banner tone="warning" title="No SMTP server yet">Campaigns can be created now and sent once the shop's mail server is set up in Settings.</Banner> : null}
              <Card>
                <BlockStack gap="300">
                  <TextField label="Campaign name" name="name" value={name} onChange={setName} autoComplete="off" />
                  <Select label="Template" name="templateId" value={templateId} onChange={setTemplateId} options={templates.length ? templates.map((t) => ({ label: t.name, value: t.id })) : [{ label: "No templates: write one first", value: "" }]} />
                  <InlineStack gap="300">
                    <TextField label="Holdout (control group)" name="holdoutPercent" type="number" suffix="%" value={holdout} onChange={setHoldout} autoComplete="off" helpText="Share of every segment that gets nothing, to measure against." />
                    <TextField label="Attribution window" name="attributionDays" type="number" suffix="days" value={days} onChange={setDays} autoComplete="off" />
                  </InlineStack>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">A/B test (optional)</Text>
                  <TextField label="Subject of variant B" name="variantSubject" value={variantSubject} onChange={setVariantSubject} autoComplete="off" helpText="Variant A is the template's subject. Leave empty for no test." />
                  <InlineStack gap="300">
                    <TextField label="Share of the audience in the test" name="testPercent" type="number" suffix="%" value={testPercent} onChange={setTestPercent} autoComplete="off" helpText="Split evenly between A and B; the rest gets the winner." />
                    <Select label="Winner by" name="testMetric" value={testMetric} onChange={setTestMetric} options={[{ label: "Clicks per recipient", value: "click" }, { label: "Orders per recipient", value: "order" }]} />
                  </InlineStack>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">Segments ({chosen.size} chosen, {formatCount(audience)} customers)</Text>
                  <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
                    <legend style={{ position: "absolute", left: -10000 }}>Segments</legend>
                    <BlockStack gap="100">
                      {segments.map((s) => (
                        <div key={s.id} style={{ paddingLeft: s.parentId ? 24 : 0 }}>
                          <Checkbox label={`${s.name} (${s.level}, ${formatCount(s.size)})`} name="segmentId" value={s.id} checked={chosen.has(s.id)} onChange={toggle(s.id)} />
                        </div>
                      ))}
                    </BlockStack>
                  </fieldset>
                </BlockStack>
              </Card>
              <InlineStack>
                <Button submit variant="primary" loading={navigation.state === "submitting"}>Create campaign</Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
