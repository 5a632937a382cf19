import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Link, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { addShopProgram, listShopPrograms, saveShopContactPolicy } from "~/admin/programs.server";
import { formatCount, formatInstant, formatPercent } from "~/admin/format";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return listShopPrograms(db(), shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  const form = await request.formData();
  if (form.get("intent") === "policy") {
    const saved = await saveShopContactPolicy(db(), shop, form);
    return saved.ok ? { ok: true as const, intent: "policy" as const } : { ...saved, intent: "policy" as const };
  }
  const created = await addShopProgram(db(), shop, String(form.get("kind") ?? ""));
  if (!created.ok) return { ...created, intent: "add" as const };
  return redirect(`/app/programs/${created.value.programId}`);
};

const COUNTS = [["eligible", "Eligible"], ["sent", "Sent"], ["held", "Held (control)"], ["capped", "Capped"], ["deferred", "Deferred"], ["skipped", "Skipped"]] as const;

export default function Programs() {
  const { programs, kinds, policy, timezone, hasMailServer } = useLoaderData<typeof loader>();
  const error = useActionData<typeof action>();
  const navigation = useNavigation();
  const [kind, setKind] = useState<string>(kinds[0].value);
  const [maxPerWeek, setMaxPerWeek] = useState(String(policy?.maxPerWeek ?? 2));
  const [quietStart, setQuietStart] = useState(policy?.quietStart ?? "21:00");
  const [quietEnd, setQuietEnd] = useState(policy?.quietEnd ?? "08:00");
  const [choice, setChoice] = useState<string>(policy?.choice ?? "bandit");
  return (
    <Page title="Programs" subtitle="Lifecycle emails that run by themselves: evaluated every day, each with its own control group.">
      <BlockStack gap="300">
        {error && !error.ok ? <Banner tone="critical" title={error.intent === "policy" ? "The contact policy was not saved" : "The program was not added"}>{error.error}</Banner> : null}
        {error && error.ok ? <Banner tone="success" title="Contact policy saved" /> : null}
        {!hasMailServer ? <Banner tone="warning" title="No SMTP server yet">Programs find their customers now and send once the shop's mail server is set up in Settings.</Banner> : null}

        <Card padding="0">
          {programs.length ? (
            <IndexTable
              resourceName={{ singular: "program", plural: "programs" }}
              itemCount={programs.length}
              selectable={false}
              headings={[{ title: "Program" }, { title: "Status" }, { title: "Priority", alignment: "end" }, { title: "Holdout", alignment: "end" }, ...COUNTS.map(([, title]) => ({ title, alignment: "end" as const })), { title: "Bandit picks", alignment: "end" }, { title: "Ordered after", alignment: "end" }, { title: "Evaluated" }]}
            >
              {programs.map((p, i) => (
                <IndexTable.Row id={p.id} key={p.id} position={i}>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Link url={`/app/programs/${p.id}`} removeUnderline><Text as="span" fontWeight="semibold">{p.name}</Text></Link>
                      <Text as="span" tone="subdued" variant="bodySm">{p.label}</Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell><Badge tone={p.enabled ? "success" : undefined}>{p.enabled ? "on" : "off"}</Badge></IndexTable.Cell>
                  <IndexTable.Cell><Text as="span" alignment="end" numeric>{p.priority}</Text></IndexTable.Cell>
                  <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatPercent(p.holdoutShare, 0)}</Text></IndexTable.Cell>
                  {COUNTS.map(([key]) => (
                    <IndexTable.Cell key={key}><Text as="span" alignment="end" numeric>{formatCount(p.counts[key])}</Text></IndexTable.Cell>
                  ))}
                  <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatCount(p.decisions.chosen)}</Text></IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>{p.decisions.resolved ? `${formatPercent(p.decisions.rewarded / p.decisions.resolved, 0)} of ${formatCount(p.decisions.resolved)}` : "-"}</Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{p.lastEvaluatedAt ? formatInstant(p.lastEvaluatedAt) : "-"}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          ) : (
            <EmptyState heading="No programs yet" image="">
              <p>Add a thank-you after each order, a reminder for abandoned carts, a win-back for lapsed customers, and more below.</p>
            </EmptyState>
          )}
        </Card>
        <Card>
          <Form method="post">
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Add a program</Text>
              <InlineStack gap="300" blockAlign="end">
                <Select label="Kind" name="kind" value={kind} onChange={setKind} options={kinds.map((k) => ({ label: k.label, value: k.value }))} />
                <Button submit loading={navigation.state === "submitting"}>Add program</Button>
              </InlineStack>
              <Text as="p" tone="subdued" variant="bodySm">{kinds.find((k) => k.value === kind)?.description}</Text>
              <Text as="p" tone="subdued" variant="bodySm">It starts switched off, with the kind's starting template and default rule: review them, then switch it on.</Text>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <Form method="post">
            <input type="hidden" name="intent" value="policy" />
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Contact policy</Text>
              <Text as="p" variant="bodySm">
                {policy
                  ? `At most ${policy.maxPerWeek} emails per customer in any 7 days (campaigns included); none during quiet hours ${policy.quietStart}-${policy.quietEnd} (${timezone}): sends that fall due then wait until they end. ${policy.choice === "bandit" ? "A customer several programs want gets the one the bandit picks: it learns, per segment, tier and lifecycle stage, which program leads to an order, and keeps exploring where evidence is thin." : "A customer several programs want gets the one with the lowest priority number."}`
                  : "The stored contact policy does not parse: program emails wait until it is saved again."}
              </Text>
              <InlineStack gap="300" blockAlign="end">
                <TextField label="Emails per customer per 7 days" name="maxPerWeek" type="number" value={maxPerWeek} onChange={setMaxPerWeek} autoComplete="off" />
                <TextField label="Quiet from" name="quietStart" value={quietStart} onChange={setQuietStart} autoComplete="off" helpText="HH:MM" />
                <TextField label="Quiet until" name="quietEnd" value={quietEnd} onChange={setQuietEnd} autoComplete="off" helpText="HH:MM" />
                <Select
                  label="When several programs want a customer"
                  name="choice"
                  options={[{ label: "The bandit learns which converts", value: "bandit" }, { label: "Fixed priority", value: "priority" }]}
                  value={choice}
                  onChange={setChoice}
                />
                <Button submit>Save policy</Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
      </BlockStack>
    </Page>
  );
}
