import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedResponse } from "~/activation/feedResponse.server";
import { db } from "~/db.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => feedResponse(db(), request, params, "rss");
