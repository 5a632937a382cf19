import type { LoaderFunctionArgs } from "@remix-run/node";
import { audienceDownload } from "~/admin/audienceExport.server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

// GET /app/campaigns/:id/audience?format=meta|google&who=openers|clickers: the campaign's openers or clickers as an ad-platform customer list (CSV).
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return audienceDownload(db(), shop, { campaignId: params.id ?? "" }, new URL(request.url).searchParams);
};
