import type { IncomingMessage, ServerResponse } from "node:http";
import { readBodyBytes, readNodeBodyBytes, type ReadBytesResult } from "./readBody.ts";

/**
 * What the ingestion endpoints need of a request, whether it came through
 * Remix (a Fetch Request) or the server's fast path (a Node request).
 */
export interface Incoming {
  method: string;
  header(name: string): string | null;
  /** The raw body: the webhook HMAC is over these bytes. */
  readBody(maxBytes: number): Promise<ReadBytesResult>;
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
    readBody: (maxBytes) => readBodyBytes(request, maxBytes),
  };
}

export function incomingFromNode(req: IncomingMessage): Incoming {
  return {
    method: req.method ?? "GET",
    header: (name) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(", ") : value ?? null;
    },
    readBody: (maxBytes) => readNodeBodyBytes(req, maxBytes),
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
