import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, InlineStack, Layout, Page, ProgressBar, Select, Text, TextField } from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { formatCount, formatInstant } from "~/admin/format";
import { loadSettings, saveMailServer, saveSchedule, saveSegmentBounds, type SettingsResult } from "~/admin/settings.server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return loadSettings(db(), shop, new URL(request.url).origin);
};

export const action = async ({ request }: ActionFunctionArgs): Promise<SettingsResult & { section: string }> => {
  const { shop } = await requireAdminShop(request);
  const form = await request.formData();
  const section = String(form.get("section"));
  const save = { smtp: saveMailServer, bounds: saveSegmentBounds, schedule: saveSchedule }[section];
  if (!save) return { ok: false, error: "Unknown settings section.", section };
  return { ...(await save(db(), shop, form)), section };
};

function Outcome({ section }: { section: string }) {
  const result = useActionData<typeof action>();
  if (!result || result.section !== section) return null;
  return result.ok ? <Banner tone="success" title={result.message} /> : <Banner tone="critical" title={result.error} />;
}

function SectionForm({ section, children, submit }: { section: string; children: ReactNode; submit: string }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("section") === section;
  return (
    <Form method="post">
      <input type="hidden" name="section" value={section} />
      <BlockStack gap="300">
        <Outcome section={section} />
        {children}
        <InlineStack><Button submit loading={busy}>{submit}</Button></InlineStack>
      </BlockStack>
    </Form>
  );
}

export default function Settings() {
  const s = useLoaderData<typeof loader>();
  const [smtp, setSmtp] = useState({
    host: s.mail?.host ?? "", port: String(s.mail?.port ?? 587), username: s.mail?.username ?? "", password: "",
    fromAddress: s.mail?.fromAddress ?? "", fromName: s.mail?.fromName ?? "", replyTo: s.mail?.replyTo ?? "",
  });
  const [secure, setSecure] = useState(s.mail?.secure ?? false);
  const field = (k: keyof typeof smtp) => (v: string) => setSmtp((m) => ({ ...m, [k]: v }));
  const [minSize, setMinSize] = useState(String(s.bounds.minSize));
  const [maxSize, setMaxSize] = useState(String(s.bounds.maxSize));
  const [everyDays, setEveryDays] = useState(s.schedule ? String(s.schedule.everyDays) : "off");
  const [hourUtc, setHourUtc] = useState(String(s.schedule?.hourUtc ?? 3));
  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection title="Data sources" description="History from Shopify's bulk operations, live changes from webhooks; Magento 2 through its REST API.">
          <Card>
            <BlockStack gap="300">
              <Text as="h3" variant="headingSm">Shopify backfill</Text>
              {s.backfill.length ? s.backfill.map((j) => (
                <BlockStack key={j.id} gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" fontWeight="semibold">{j.resource}</Text>
                    <Badge tone={j.status === "applied" ? "success" : j.status === "failed" ? "critical" : "attention"}>{j.status}</Badge>
                    <Text as="span" variant="bodySm" tone="subdued">{formatCount(j.recordsApplied)}{j.objectCount ? ` of ${formatCount(j.objectCount)}` : ""} records · started {formatInstant(j.startedAt)}</Text>
                  </InlineStack>
                  {j.progress !== null ? <ProgressBar progress={Math.round(j.progress * 100)} size="small" tone={j.status === "failed" ? "critical" : "primary"} /> : null}
                  {j.error ? <Text as="p" tone="critical" variant="bodySm">{j.error}</Text> : null}
                </BlockStack>
              )) : <Text as="p">No backfill has run for this shop yet (<code>pearl backfill</code> starts one; webhooks keep the store current).</Text>}
              <Text as="h3" variant="headingSm">Magento 2</Text>
              {s.magento ? (
                <Text as="p">Connected to {s.magento.baseUrl}{s.magento.storeCode ? ` (store ${s.magento.storeCode})` : ""} by {s.magento.authMethod}; {s.magento.lastSyncAt ? `last synced ${formatInstant(s.magento.lastSyncAt)}` : "not synced yet"}.{s.magento.lastError ? ` Last error: ${s.magento.lastError}` : ""}</Text>
              ) : <Text as="p">Not connected. A Magento store is its own shop in Pearl: <code>pearl magento connect</code> adds it, <code>pearl magento sync</code> polls it.</Text>}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Outgoing mail (SMTP)" description="Campaigns leave through the shop's own mail server, from its own address.">
          <Card>
            <SectionForm section="smtp" submit="Save SMTP server">
              <InlineStack gap="300">
                <TextField label="Host" name="host" value={smtp.host} onChange={field("host")} autoComplete="off" />
                <TextField label="Port" name="port" type="number" value={smtp.port} onChange={field("port")} autoComplete="off" />
              </InlineStack>
              <Checkbox label="TLS from the first byte (port 465); otherwise STARTTLS when offered" name="secure" checked={secure} onChange={setSecure} />
              <InlineStack gap="300">
                <TextField label="Username" name="username" value={smtp.username} onChange={field("username")} autoComplete="off" />
                <TextField label="Password" name="password" type="password" value={smtp.password} onChange={field("password")} autoComplete="new-password" helpText={s.mail?.hasPassword ? "Stored; leave empty to keep it." : undefined} />
              </InlineStack>
              <InlineStack gap="300">
                <TextField label="From address" name="fromAddress" type="email" value={smtp.fromAddress} onChange={field("fromAddress")} autoComplete="off" />
                <TextField label="From name" name="fromName" value={smtp.fromName} onChange={field("fromName")} autoComplete="off" />
                <TextField label="Reply-to" name="replyTo" value={smtp.replyTo} onChange={field("replyTo")} autoComplete="off" />
              </InlineStack>
            </SectionForm>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Feed URLs" description="Signed: each URL works only for its shop and segment. JSON for Klaviyo web feeds, RSS for Mailchimp, HTML for a snippet of cards.">
          <Card>
            <BlockStack gap="300">
              {s.feeds.map((f) => (
                <BlockStack key={f.id} gap="050">
                  <Text as="h3" variant="headingSm">{f.name}</Text>
                  {(["json", "rss", "html"] as const).map((k) => <code key={k} style={{ fontSize: 11, overflowWrap: "anywhere" }}>{f[k]}</code>)}
                </BlockStack>
              ))}
              <Text as="p" variant="bodySm" tone="subdued">Each micro-segment's feed URLs are on its segment page.</Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Segment size" description="Micro-segments hold between these numbers of customers; the maximum must be at least twice the minimum less one.">
          <Card>
            <SectionForm section="bounds" submit="Save segment size">
              <InlineStack gap="300">
                <TextField label="Minimum customers" name="minSize" type="number" value={minSize} onChange={setMinSize} autoComplete="off" />
                <TextField label="Maximum customers" name="maxSize" type="number" value={maxSize} onChange={setMaxSize} autoComplete="off" />
              </InlineStack>
            </SectionForm>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Analysis schedule" description="When the analysis (CLV, segments, feeds) falls due again.">
          <Card>
            <SectionForm section="schedule" submit="Save schedule">
              <InlineStack gap="300">
                <Select label="Run" name="everyDays" value={everyDays} onChange={setEveryDays}
                  options={[{ label: "By hand only", value: "off" }, { label: "Every day", value: "1" }, { label: "Every 3 days", value: "3" }, { label: "Every week", value: "7" }]} />
                <Select label="At (UTC)" name="hourUtc" value={hourUtc} onChange={setHourUtc} disabled={everyDays === "off"}
                  options={Array.from({ length: 24 }, (_, h) => ({ label: `${String(h).padStart(2, "0")}:00`, value: String(h) }))} />
              </InlineStack>
              <Text as="p" variant="bodySm">{s.nextRun ? `Next run due ${formatInstant(s.nextRun)}.` : "No schedule: run pearl analyze."}</Text>
            </SectionForm>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
