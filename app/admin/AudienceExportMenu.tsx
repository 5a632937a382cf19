// "Export audience": a menu of ad-platform customer-list downloads. The file
// is fetched rather than linked, because in the embedded admin App Bridge
// adds the session token to the app's own fetches but not to a plain link;
// the response is then saved under the name the server gives it.

import { ActionList, Button, InlineStack, Popover, Text } from "@shopify/polaris";
import { useState } from "react";

export interface AudienceChoiceSection {
  title?: string;
  items: { label: string; query: string }[];
}

const PLATFORMS = [
  { label: "Meta Custom Audiences (CSV)", format: "meta" },
  { label: "Google Customer Match (CSV)", format: "google" },
];

export const SEGMENT_AUDIENCE_CHOICES: AudienceChoiceSection[] = [{ items: PLATFORMS.map((p) => ({ label: p.label, query: `format=${p.format}` })) }];

export const CAMPAIGN_AUDIENCE_CHOICES: AudienceChoiceSection[] = (["openers", "clickers"] as const).map((who) => ({
  title: who === "openers" ? "Openers" : "Clickers",
  items: PLATFORMS.map((p) => ({ label: p.label, query: `format=${p.format}&who=${who}` })),
}));

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AudienceExportMenu({ href, sections, label = "Export audience" }: { href: string; sections: AudienceChoiceSection[]; label?: string }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download(query: string) {
    setOpen(false);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`${href}?${query}`);
      if (!response.ok) {
        setError((await response.text()) || `Export failed (${response.status})`);
        return;
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "audience.csv";
      save(await response.blob(), name);
    } catch (e) {
      setError(`Export failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <InlineStack gap="200" blockAlign="center">
      {error ? <Text as="span" tone="critical">{error}</Text> : null}
      <Popover
        active={open}
        // Keyboard users land on the first choice; arrows move between them.
        autofocusTarget="first-node"
        onClose={() => setOpen(false)}
        activator={<Button disclosure loading={busy} onClick={() => setOpen((o) => !o)}>{label}</Button>}
      >
        <ActionList
          actionRole="menuitem"
          sections={sections.map((s) => ({ title: s.title, items: s.items.map((i) => ({ content: i.label, onAction: () => void download(i.query) })) }))}
        />
      </Popover>
    </InlineStack>
  );
}
