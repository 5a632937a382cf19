import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

// Shopify opens the app at the root with ?shop=...&host=...; the admin lives under /app.
export const loader = ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  return redirect(`/app${url.search}`);
};
