export * from "./context.ts";
export * from "./evidence.ts";
export * from "./random.ts";
export * from "./thompson.ts";
