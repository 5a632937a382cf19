import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, DataTable, InlineGrid, InlineStack, Layout, Link, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { formatCount, formatInstant, formatMoney, formatPercent } from "~/admin/format";
import { loadProgramPage, saveShopProgram } from "~/admin/programs.server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return loadProgramPage(db(), shop, params.id ?? "");
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return saveShopProgram(db(), shop, params.id ?? "", await request.formData());
};

const COUNTS = [["eligible", "Eligible"], ["sent", "Sent"], ["held", "Held (control)"], ["capped", "Capped"], ["deferred", "Deferred"], ["skipped", "Skipped"], ["pending", "Pending"], ["failed", "Failed"]] as const;

export default function ProgramDetail() {
  const { program, timezone, templates, counts, recent, preview, lift, currency } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const navigation = useNavigation();
  const [name, setName] = useState(program.name);
  const [enabled, setEnabled] = useState(program.enabled);
  const [templateId, setTemplateId] = useState(program.template.id);
  const [rule, setRule] = useState(program.rule);
  const [timing, setTiming] = useState(program.timing);
  const [holdout, setHoldout] = useState(String(Math.round(program.holdoutShare * 1000) / 10));
  const [priority, setPriority] = useState(String(program.priority));
  return (
    <Page
      title={program.name}
      titleMetadata={<Badge tone={program.enabled ? "success" : undefined}>{program.enabled ? "on" : "off"}</Badge>}
      subtitle={`${program.label} · holdout ${formatPercent(program.holdoutShare, 0)} · ${program.lastEvaluatedAt ? `evaluated ${formatInstant(program.lastEvaluatedAt)}` : "not evaluated yet"}`}
      backAction={{ content: "Programs", url: "/app/programs" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="300">
            {saved && !saved.ok ? <Banner tone="critical" title="Not saved">{saved.error}</Banner> : null}
            {saved && saved.ok ? <Banner tone="success" title="Saved" /> : null}
            <Card>
              <BlockStack gap="200">
                <Text as="p">{program.description}</Text>
                <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                  {COUNTS.map(([key, label]) => (
                    <BlockStack gap="050" key={key}><Text as="span" tone="subdued" variant="bodySm">{label}</Text><Text as="span" variant="headingLg">{formatCount(counts[key])}</Text></BlockStack>
                  ))}
                </InlineGrid>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">Lift against the control group</Text>
                {lift.treated.customers && lift.control.customers ? (
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                    headings={["", "Customers", "Ordered", `Revenue per customer`]}
                    rows={[
                      ["Sent", formatCount(lift.treated.customers), formatPercent(lift.treated.conversion), formatMoney(lift.treated.revenuePerCustomer, currency, 2)],
                      ["Held out", formatCount(lift.control.customers), formatPercent(lift.control.conversion), formatMoney(lift.control.revenuePerCustomer, currency, 2)],
                      ["Difference (95% interval)", "", signedPoints(lift.conversionLift), signedMoney(lift.revenueLift, currency)],
                    ]}
                  />
                ) : null}
                <Text as="p" tone="subdued" variant="bodySm">
                  {`Orders within ${lift.windowDays} days of the email (or of when a held-out customer's would have gone), counting only sends whose ${lift.windowDays} days are over.`}
                  {lift.treated.customers && lift.control.customers ? "" : " No such sends and holds yet."}
                </Text>
              </BlockStack>
            </Card>
            <Form method="post">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">Settings</Text>
                  <TextField label="Name" name="name" value={name} onChange={setName} autoComplete="off" />
                  <Checkbox label="Enabled: evaluated every day and sent" name="enabled" value="on" checked={enabled} onChange={setEnabled} />
                  <InlineStack gap="300" blockAlign="end">
                    <Select label="Template" name="templateId" value={templateId} onChange={setTemplateId} options={templates.map((t) => ({ label: t.name, value: t.id }))} />
                    <Link url={`/app/templates/${templateId}`}>Edit this template</Link>
                  </InlineStack>
                  <TextField label="Eligibility rule (JSON)" name="rule" value={rule} onChange={setRule} multiline={6} autoComplete="off" monospaced helpText={`Keys left out take the defaults: ${program.defaultRule}`} />
                  <TextField label="Timing (JSON)" name="timing" value={timing} onChange={setTiming} multiline={3} autoComplete="off" monospaced helpText={`delayHours after the trigger, then sendHour (0-23, ${timezone}) or null. Defaults: ${program.defaultTiming}`} />
                  <InlineStack gap="300">
                    <TextField label="Holdout (control group)" name="holdoutPercent" type="number" suffix="%" value={holdout} onChange={setHoldout} autoComplete="off" helpText="Share of qualifying customers that get nothing, to measure against." />
                    <TextField label="Priority" name="priority" type="number" value={priority} onChange={setPriority} autoComplete="off" helpText="When a customer qualifies for several programs the same day: lower first." />
                  </InlineStack>
                  <InlineStack>
                    <Button submit variant="primary" loading={navigation.state === "submitting"}>Save</Button>
                  </InlineStack>
                </BlockStack>
              </Card>
            </Form>
            {preview ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">Preview</Text>
                  <Text as="p" tone="subdued" variant="bodySm">{`As ${preview.customer} gets it for ${preview.triggerKey}, with the current template. Subject: ${preview.subject}`}</Text>
                  <iframe title="Email preview" srcDoc={preview.html} sandbox="" style={{ width: "100%", height: 600, border: "1px solid #e3e3e3", borderRadius: 8 }} />
                </BlockStack>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">Latest sends</Text>
                {recent.length ? (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text", "text", "text"]}
                    headings={["Customer", "Trigger", "Status", "Due", "Products", "Note"]}
                    rows={recent.map((s) => [s.customer, s.triggerKey, s.status, formatInstant(s.sentAt ?? s.dueAt), s.items.join(", "), s.note ?? ""])}
                  />
                ) : <Text as="p" tone="subdued">Nothing yet: sends appear after the next daily evaluation.</Text>}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type Lift = { estimate: number; low: number | null; high: number | null };

const signedPoints = (d: Lift) => {
  const pts = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}`;
  return `${pts(d.estimate)} pts${d.low !== null && d.high !== null ? ` (${pts(d.low)} to ${pts(d.high)})` : ""}`;
};

const signedMoney = (d: Lift, currency: string) => {
  const money = (x: number) => `${x >= 0 ? "+" : "−"}${formatMoney(Math.abs(x), currency, 2)}`;
  return `${money(d.estimate)}${d.low !== null && d.high !== null ? ` (${money(d.low)} to ${money(d.high)})` : ""}`;
};
