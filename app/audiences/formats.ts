import type { AudienceFormat } from "./contact.ts";
import { GOOGLE } from "./googleCustomerMatch.ts";
import { META } from "./metaCustomerList.ts";

export const AUDIENCE_FORMATS = ["meta", "google"] as const;
export type AudienceFormatId = (typeof AUDIENCE_FORMATS)[number];

export function audienceFormat(id: AudienceFormatId): AudienceFormat {
  return id === "meta" ? META : GOOGLE;
}

export const isAudienceFormat = (value: unknown): value is AudienceFormatId => value === "meta" || value === "google";
