import type { ActionFunctionArgs } from "@remix-run/node";
import { receivePixelBatch } from "~/pixel/receivePixelBatch.server";
import { runtime } from "~/runtime.server";

export const action = ({ request }: ActionFunctionArgs) => receivePixelBatch(request, runtime().pixel);

// Browsers ask before some cross-origin posts; the pixel's text/plain posts do not need it.
export const loader = () => new Response(null, { status: 405 });
