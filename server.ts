import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

const BUILD_DIR = path.resolve("build");

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => Promise<void>;
interface FastPaths {
  handleWebhookFast: NodeHandler;
  handlePixelFast: NodeHandler;
  startRuntime: () => unknown;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the built Remix app (npm run build) over HTTP; port 0 picks a free one. */
export async function startServer(port = Number(process.env.PORT ?? 3000), host = "127.0.0.1"): Promise<RunningServer> {
  const serverBuild = path.join(BUILD_DIR, "server", "index.js");
  if (!existsSync(serverBuild)) throw new Error(`No build at ${serverBuild}: run \`npm run build\` first.`);
  const build = (await import(pathToFileURL(serverBuild).href)) as ServerBuild;
  const fast = build.entry.module as unknown as Partial<FastPaths>;
  fast.startRuntime?.();
  const app = express();
  app.disable("x-powered-by");
  app.use("/assets", express.static(path.join(BUILD_DIR, "client", "assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(BUILD_DIR, "client"), { maxAge: "1h" }));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
  // Webhooks and pixel batches go straight to their handlers, ahead of
  // Express: its middleware stack costs more than the handler itself at a
  // thousand deliveries a second. Everything else is the Remix app.
  const fastPath = fast.handleWebhookFast && fast.handlePixelFast ? (fast as FastPaths) : null;
  const server = createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?")[0];
    const toApp = () => app(req, res);
    if (fastPath && req.method === "POST" && pathname.startsWith("/webhooks/")) void fastPath.handleWebhookFast(req, res, toApp);
    else if (fastPath && pathname === "/api/pixel") void fastPath.handlePixelFast(req, res, toApp);
    else toApp();
  });
  server.listen(port, host);
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  server.keepAliveTimeout = 65_000;
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const running = await startServer(Number(process.env.PORT ?? 3000), process.env.HOST ?? "0.0.0.0");
  console.log(`Pearl listening on ${running.url}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void running.close().then(() => process.exit(0)));
  }
}
