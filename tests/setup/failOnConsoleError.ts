import { afterEach, beforeEach, vi } from "vitest";

// An unexpected console.error fails the test (Epic Stack's habit): errors
// that only get logged are still errors. Tests that expect one call
// `expectConsoleError()`.
let allowed = false;
let calls: unknown[][] = [];

export function expectConsoleError(): void {
  allowed = true;
}

beforeEach(() => {
  allowed = false;
  calls = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    calls.push(args);
  });
});

afterEach(() => {
  vi.mocked(console.error).mockRestore();
  if (!allowed && calls.length > 0) {
    throw new Error(`console.error was called:\n${calls.map((c) => c.map(String).join(" ")).join("\n")}`);
  }
});
