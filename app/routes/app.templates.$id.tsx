import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Layout, List, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { formatProblem } from "~/activation/templateProblem";
import { loadTemplateEditor, saveShopTemplate, type PreviewResult } from "~/admin/templates.server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return loadTemplateEditor(db(), shop, params.id ?? "");
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  const form = await request.formData();
  const text = (k: string) => String(form.get(k) ?? "");
  const result = await saveShopTemplate(db(), shop, { id: params.id === "new" ? null : (params.id ?? null), name: text("name"), subject: text("subject"), mjml: text("mjml") });
  if (!result.ok) return result;
  return redirect(`/app/templates/${result.templateId}?saved=1`);
};

const PREVIEW_DELAY_MS = 400;

/** Each problem with the line of the source it points at. */
function Problems({ problems, source }: { problems: { line: number; column?: number; tag?: string; message: string }[]; source: string }) {
  const lines = source.split("\n");
  return (
    <Banner tone="critical" title={`${problems.length} problem${problems.length === 1 ? "" : "s"} in the template`}>
      <List>
        {problems.map((p, i) => (
          <List.Item key={i}>
            <span data-problem-line={p.line}>{formatProblem(p)}</span>
            {lines[p.line - 1] !== undefined ? <pre style={{ margin: "4px 0 0", whiteSpace: "pre-wrap", fontSize: 12 }}>{`${p.line} | ${lines[p.line - 1].trim()}`}</pre> : null}
          </List.Item>
        ))}
      </List>
    </Banner>
  );
}

export default function TemplateEditor() {
  const { template, segments } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const preview = useFetcher<PreviewResult>();
  const [name, setName] = useState(template.name);
  const [subject, setSubject] = useState(template.subject);
  const [mjml, setMjml] = useState(template.mjml);
  const [segmentId, setSegmentId] = useState(segments.find((s) => s.level === "micro")?.id ?? segments[0]?.id ?? "");
  const [customer, setCustomer] = useState("");

  // Debounced: a preview is asked for once typing pauses.
  useEffect(() => {
    const t = setTimeout(() => preview.submit({ subject, mjml, segmentId, customer }, { method: "post", action: "/app/templates/preview" }), PREVIEW_DELAY_MS);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [subject, mjml, segmentId, customer]);

  const result = preview.data;
  // While a draft has mistakes, the last good rendering stays in view.
  const lastGood = useRef<string | null>(null);
  if (result && result.ok) lastGood.current = result.html;
  const lineCount = mjml.split("\n").length;
  return (
    <Page title={template.id ? template.name : "New template"} backAction={{ content: "Templates", url: "/app/templates" }}>
      <Layout>
        <Layout.Section variant="oneHalf">
          <Form method="post">
            <BlockStack gap="300">
              {params.get("saved") && !saved ? <Banner tone="success" title="Template saved" /> : null}
              {saved && !saved.ok ? <Problems problems={saved.problems} source={mjml} /> : null}
              <Card>
                <BlockStack gap="300">
                  <TextField label="Name" name="name" value={name} onChange={setName} autoComplete="off" />
                  <TextField label="Subject" name="subject" value={subject} onChange={setSubject} autoComplete="off" helpText="Personal fields: {{first_name}}, {{shop_name}}, ..." />
                  <TextField label={`MJML (${lineCount} lines)`} name="mjml" value={mjml} onChange={setMjml} multiline={24} autoComplete="off" monospaced spellCheck={false}
                    helpText={'<mj-product-feed count="4" columns="2" /> shows the segment\'s products.'} />
                  <InlineStack gap="200">
                    <Button submit variant="primary" loading={navigation.state === "submitting"}>Save template</Button>
                  </InlineStack>
                </BlockStack>
              </Card>
            </BlockStack>
          </Form>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <BlockStack gap="300">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">Preview</Text>
                <InlineStack gap="300" wrap={false}>
                  <Box minWidth="55%">
                    <Select label="For segment" value={segmentId} onChange={setSegmentId} options={segments.map((s) => ({ label: `${s.name} (${s.level}, ${s.size})`, value: s.id }))} />
                  </Box>
                  <TextField label="or customer id" value={customer} onChange={setCustomer} autoComplete="off" placeholder="e.g. 12347" />
                </InlineStack>
                {result && result.ok ? (
                  <div data-testid="preview-subject"><Text as="p" variant="bodySm" tone="subdued">Subject: <b>{result.subject}</b> · to {result.recipient} · {result.products} products</Text></div>
                ) : null}
              </BlockStack>
            </Card>
            {result && !result.ok ? <div data-testid="preview-problems"><Problems problems={result.problems} source={mjml} /></div> : null}
            <Card padding="0">
              <iframe title="Email preview" sandbox="" srcDoc={lastGood.current ?? "<p style='font-family:sans-serif;color:#666;padding:16px'>Rendering...</p>"}
                style={{ width: "100%", height: 720, border: 0, display: "block", background: "#fff" }} />
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
