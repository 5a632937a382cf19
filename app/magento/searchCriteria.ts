import type { QueryParams } from "./magentoClient.ts";

/**
 * Magento's searchCriteria for incremental polling: records updated at or
 * after `updatedFrom` (Magento's own "YYYY-MM-DD HH:MM:SS", UTC), oldest
 * first with the id as tie-break, one page.
 */
export function updatedSince(options: { updatedFrom: string | null; pageSize: number; currentPage: number; idField?: string }): QueryParams {
  const params: [string, string][] = [];
  if (options.updatedFrom) {
    params.push(
      ["searchCriteria[filter_groups][0][filters][0][field]", "updated_at"],
      ["searchCriteria[filter_groups][0][filters][0][value]", options.updatedFrom],
      ["searchCriteria[filter_groups][0][filters][0][condition_type]", "gteq"],
    );
  }
  params.push(
    ["searchCriteria[sortOrders][0][field]", "updated_at"],
    ["searchCriteria[sortOrders][0][direction]", "ASC"],
    ["searchCriteria[sortOrders][1][field]", options.idField ?? "entity_id"],
    ["searchCriteria[sortOrders][1][direction]", "ASC"],
    ["searchCriteria[pageSize]", String(options.pageSize)],
    ["searchCriteria[currentPage]", String(options.currentPage)],
  );
  return params;
}

/** What every search endpoint answers. */
export interface SearchResult<T> {
  items: T[];
  total_count: number;
  search_criteria?: unknown;
}
