import type { ActionFunctionArgs } from "@remix-run/node";
import { previewTemplate } from "~/admin/templates.server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { db } from "~/db.server";

/** The live preview of a draft template (the editor's fetcher posts here). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdminShop(request);
  const form = await request.formData();
  const text = (k: string) => String(form.get(k) ?? "");
  return previewTemplate(db(), shop, { subject: text("subject"), mjml: text("mjml"), segmentId: text("segmentId") || undefined, customer: text("customer").trim() || undefined });
};
