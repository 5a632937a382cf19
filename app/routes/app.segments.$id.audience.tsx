import type { LoaderFunctionArgs } from "@remix-run/node";
import { audienceDownload } from "~/admin/audienceExport.server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

// GET /app/segments/:id/audience?format=meta|google: the segment as an ad-platform customer list (CSV).
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  return audienceDownload(db(), shop, { segmentId: params.id ?? "" }, new URL(request.url).searchParams);
};
