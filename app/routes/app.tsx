import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { AppProvider as PolarisProvider, Banner, Box, InlineStack } from "@shopify/polaris";
import type { ComponentProps } from "react";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { ADMIN_PAGES } from "~/admin/navigation";
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
      <PolarisProvider i18n={polarisTranslations} linkComponent={RemixLink}>
        <Box padding="400">
          <Banner tone="info" title="Demo mode">
            This is Pearl running locally on the demo store {shop}, outside a Shopify admin. Install the app on a store to use it for real.
          </Banner>
        </Box>
        {/* Outside the Shopify admin there is no App Bridge menu: the same pages as a bar. */}
        <Box paddingInline="400">
          <nav aria-label="Pearl">
            <InlineStack gap="400">
              {ADMIN_PAGES.map((p) => (
                <NavLink key={p.to} to={p.to} end={p.to === "/app"} style={({ isActive }) => ({ fontWeight: isActive ? 700 : 400, color: "#303030" })}>{p.label}</NavLink>
              ))}
            </InlineStack>
          </nav>
        </Box>
        <Outlet />
      </PolarisProvider>
    );
  }
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <Link to="/app" rel="home">Dashboard</Link>
        {ADMIN_PAGES.slice(1).map((p) => <Link key={p.to} to={p.to}>{p.label}</Link>)}
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

/** Polaris links (Button url, Link) navigate inside the app without a full reload. */
const RemixLink: NonNullable<ComponentProps<typeof PolarisProvider>["linkComponent"]> = ({ url, children, external, ...rest }) => {
  if (external) return <a href={url} target="_blank" rel="noopener noreferrer" {...rest}>{children}</a>;
  return <Link to={url} {...(rest as Omit<ComponentProps<typeof Link>, "to">)}>{children}</Link>;
};

// Shopify needs Remix to catch some thrown responses so its headers get through.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
