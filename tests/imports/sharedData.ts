// Paths of the shared real data (never copied into the repo): ../shared/data
// relative to the repository root.
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SHARED_DATA = path.resolve(REPO_ROOT, "..", "shared", "data");
export const ONLINE_RETAIL_FILE = path.join(SHARED_DATA, "online-retail", "online-retail-2010-12-01_2011-08-31.csv.gz");
export const CDNOW_FILE = path.join(SHARED_DATA, "cdnow", "CDNOW_sample.txt");
export const CDNOW_SUMMARY_FILE = path.join(SHARED_DATA, "cdnow", "cdnow_customers_summary.csv");
