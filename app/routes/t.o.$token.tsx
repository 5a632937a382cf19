import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { openPixelResponse } from "~/tracking/openPixelResponse.server";

export const loader = ({ params }: LoaderFunctionArgs) => openPixelResponse(db(), params.token ?? "");
