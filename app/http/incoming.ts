import type { IncomingMessage, ServerResponse } from "node:http";
import { readBodyText, readNodeBodyText, type ReadBodyResult } from "./readBody.ts";

/**
 * What the ingestion endpoints need of a request, whether it came through
 * Remix (a Fetch Request) or the server's fast path (a Node request).
 */
export interface Incoming {
  method: string;
  header(name: string): string | null;
  readBody(maxBytes: number): Promise<ReadBodyResult>;
}

export interface Reply {
  status: number;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function incomingFromRequest(request: Request): Incoming {
  return {
    method: request.method,
    header: (name) => request.headers.get(name),
    readBody: (maxBytes) => readBodyText(request, maxBytes),
  };
}

export function incomingFromNode(req: IncomingMessage): Incoming {
  return {
    method: req.method ?? "GET",
    header: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : value ?? null;
    },
    readBody: (maxBytes) => readNodeBodyText(req, maxBytes),
  };
}

export function replyToResponse(reply: Reply): Response {
  const headers = { ...reply.headers, ...(reply.body ? { "Content-Type": "application/json" } : {}) };
  return new Response(reply.body ? JSON.stringify(reply.body) : null, { status: reply.status, headers });
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const body = reply.body ? JSON.stringify(reply.body) : "";
  res.writeHead(reply.status, { ...reply.headers, ...(reply.body ? { "Content-Type": "application/json" } : {}), "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}
