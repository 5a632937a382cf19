import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider as PolarisProvider, Banner, Box } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { requireAdminShop } from "~/auth/requireAdminShop.server";
import { env } from "~/config/env.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { demo, shop } = await requireAdminShop(request);
  return { apiKey: env().SHOPIFY_API_KEY, demo, shop };
};

export default function AppLayout() {
  const { apiKey, demo, shop } = useLoaderData<typeof loader>();
  if (demo) {
    return (
      <PolarisProvider i18n={polarisTranslations}>
        <Box padding="400">
          <Banner tone="info" title="Demo mode">
            This is Pearl running locally on the demo store {shop}, outside a Shopify admin. Install the app on a store to use it for real.
          </Banner>
        </Box>
        <Outlet />
      </PolarisProvider>
    );
  }
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">Overview</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so its headers get through.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
