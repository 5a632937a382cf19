import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Link, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { formatCount, formatDay, formatMoney, formatPercent } from "~/admin/format";
import { SORT_KEYS, segmentQueryParams, type SortKey } from "~/admin/segmentTable";
import { loadSegmentList } from "~/admin/segments.server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return loadSegmentList(db(), shop, new URL(request.url).searchParams);
};

// Column order of the table; the sortable ones map to the query's sort keys.
const COLUMNS: { title: string; sort?: SortKey; numeric?: boolean }[] = [
  { title: "Segment", sort: "name" },
  { title: "Level" },
  { title: "Customers", sort: "size", numeric: true },
  { title: "Revenue share", sort: "revenueShare", numeric: true },
  { title: "Mean CLV (365 d)", sort: "meanClv365", numeric: true },
  { title: "Churn risk", sort: "meanChurn", numeric: true },
];

const HEADINGS = COLUMNS.map((c) => ({ title: c.title, alignment: c.numeric ? ("end" as const) : ("start" as const) }));

export default function Segments() {
  const { rows, total, run, currency, query } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [filters, setFilters] = useState({
    q: query.q, level: query.level, minSize: query.minSize?.toString() ?? "", maxSize: query.maxSize?.toString() ?? "",
    minShare: query.minShare?.toString() ?? "", minClv: query.minClv?.toString() ?? "", maxChurn: query.maxChurn?.toString() ?? "",
  });
  const set = (key: keyof typeof filters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));
  const sortIndex = COLUMNS.findIndex((c) => c.sort === query.sort);
  const onSort = (index: number, direction: "ascending" | "descending") => {
    const sort = COLUMNS[index].sort;
    if (!sort || !SORT_KEYS.includes(sort)) return;
    const next = new URLSearchParams(params);
    next.set("sort", sort);
    next.set("dir", direction === "ascending" ? "asc" : "desc");
    navigate(`?${next}`, { preventScrollReset: true });
  };
  if (!run) {
    return (
      <Page title="Segments">
        <Card><EmptyState heading="No analysis yet" image="">Run <code>pearl analyze</code> to build the segments.</EmptyState></Card>
      </Page>
    );
  }
  return (
    <Page title="Segments" subtitle={`${total} segments of the analysis as of ${formatDay(run.asOf)}`}>
      <BlockStack gap="400">
        <Card>
          <Form method="get" aria-label="Filter segments">
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.dir} />
            <BlockStack gap="300">
              <InlineStack gap="300" wrap blockAlign="end">
                <div style={{ minWidth: 220 }}><TextField label="Name" name="q" value={filters.q} onChange={set("q")} autoComplete="off" placeholder="e.g. gift" /></div>
                <Select label="Level" name="level" value={filters.level} onChange={set("level")} options={[{ label: "All", value: "all" }, { label: "Macro", value: "macro" }, { label: "Micro", value: "micro" }]} />
                <div style={{ width: 110 }}><TextField label="Min customers" name="minSize" type="number" value={filters.minSize} onChange={set("minSize")} autoComplete="off" /></div>
                <div style={{ width: 110 }}><TextField label="Max customers" name="maxSize" type="number" value={filters.maxSize} onChange={set("maxSize")} autoComplete="off" /></div>
                <div style={{ width: 130 }}><TextField label="Min revenue share" name="minShare" type="number" suffix="%" value={filters.minShare} onChange={set("minShare")} autoComplete="off" /></div>
                <div style={{ width: 120 }}><TextField label="Min mean CLV" name="minClv" type="number" prefix={currency} value={filters.minClv} onChange={set("minClv")} autoComplete="off" /></div>
                <div style={{ width: 110 }}><TextField label="Max churn risk" name="maxChurn" type="number" suffix="%" value={filters.maxChurn} onChange={set("maxChurn")} autoComplete="off" /></div>
              </InlineStack>
              <InlineStack gap="200">
                <Button submit variant="primary">Apply filters</Button>
                <Button url={`/app/segments?${segmentQueryParams({ ...query, q: "", level: "all", minSize: null, maxSize: null, minShare: null, minClv: null, maxChurn: null })}`}>Clear</Button>
              </InlineStack>
            </BlockStack>
          </Form>
        </Card>
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "segment", plural: "segments" }}
            itemCount={rows.length}
            selectable={false}
            headings={[HEADINGS[0], ...HEADINGS.slice(1)]}
            sortable={COLUMNS.map((c) => !!c.sort)}
            sortColumnIndex={sortIndex}
            sortDirection={query.dir === "asc" ? "ascending" : "descending"}
            onSort={onSort}
            emptyState={<Text as="p" alignment="center">No segment matches these filters.</Text>}
          >
            {rows.map((r, i) => (
              <IndexTable.Row id={r.id} key={r.id} position={i}>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Link url={`/app/segments/${r.id}`} removeUnderline><Text as="span" fontWeight="semibold">{r.name}</Text></Link>
                    {r.parentName ? <Text as="span" variant="bodySm" tone="subdued">in {r.parentName}</Text> : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell><Badge tone={r.level === "macro" ? "info" : undefined}>{r.level}</Badge></IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatCount(r.size)}</Text></IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatPercent(r.revenueShare)}</Text></IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatMoney(r.meanClv365, currency)}</Text></IndexTable.Cell>
                <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatPercent(r.meanChurn, 0)}</Text></IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}
