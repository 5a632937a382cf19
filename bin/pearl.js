#!/usr/bin/env node
// `pearl`: the engine without the admin. Runs the TypeScript sources through
// tsx, on the project's Node 22 when the shell's node is older.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const node22 = path.join(root, "node_modules", "node", "bin", "node");
const major = Number(process.versions.node.split(".")[0]);
const node = major >= 22 || !existsSync(node22) ? process.execPath : node22;
const result = spawnSync(node, ["--import", "tsx", path.join(root, "app", "cli", "main.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: process.cwd(),
});
process.exit(result.status ?? 1);
