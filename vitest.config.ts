import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/globalSetup.ts"],
    setupFiles: ["tests/setup/failOnConsoleError.ts"],
    // Each file in its own process: the app's singletons (database, inbox) stay per file.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
