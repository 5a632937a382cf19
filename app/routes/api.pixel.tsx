import type { ActionFunctionArgs } from "@remix-run/node";
import { incomingFromRequest, replyToResponse } from "~/http/incoming";
import { receivePixelBatch } from "~/pixel/receivePixelBatch.server";
import { runtime } from "~/runtime.server";

export const action = async ({ request }: ActionFunctionArgs) =>
  replyToResponse(await receivePixelBatch(incomingFromRequest(request), runtime().pixel));

export const loader = () => new Response(null, { status: 405 });
