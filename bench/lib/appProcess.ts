import { spawn, type ChildProcess } from "node:child_process";

export interface AppProcess {
  child: ChildProcess;
  url: string;
  /** Still running (not crashed, not killed). */
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * The built app (npm run build) in a process of its own, as `npm start` runs
 * it: what benchmarks and the fuzzer talk to, so the load generator does not
 * share its event loop and a crash shows as an exit.
 */
export async function startAppProcess(options: { databaseUrl: string; secret: string; port: number; env?: Record<string, string>; nodeFlags?: string[] }): Promise<AppProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), "--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      SHOPIFY_API_KEY: "bench",
      SHOPIFY_API_SECRET: options.secret,
      SHOPIFY_APP_URL: url,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    child.stdout!.once("data", resolve);
    child.once("exit", (code) => reject(new Error(`the app exited with ${code} before listening`)));
  });
  return {
    child,
    url,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
