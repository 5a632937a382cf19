import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseOnlineRetail } from "../../app/imports/onlineRetail.ts";
import { newReadProgress, readCsvBatches, splitCsvRecord } from "../../app/imports/textSource.ts";
import { formatInTimeZone, parseZonedWallTime, zonedWallTimeToUtc } from "../../app/imports/timeZone.ts";

async function records(bytes: Uint8Array): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of readCsvBatches(bytes, newReadProgress())) for (const r of batch) out.push(r.fields);
  return out;
}

describe("CSV reading", () => {
  it("splits quoted fields with commas, doubled quotes and newlines; plain or gzip; CRLF and BOM", async () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y",3\r\n2,"say ""hi""",4\r\n3,"two\nlines",5\r\n\r\n4,,\r\n';
    const expected = [
      ["a", "b", "c"],
      ["1", "x, y", "3"],
      ["2", 'say "hi"', "4"],
      ["3", "two\nlines", "5"],
      ["4", "", ""],
    ];
    const plain = new TextEncoder().encode(text);
    expect(await records(plain)).toEqual(expected);
    expect(await records(gzipSync(plain))).toEqual(expected);
  });

  it("splits one record", () => {
    expect(splitCsvRecord('536381,82567,"AIRLINE LOUNGE,METAL SIGN",2')).toEqual(["536381", "82567", "AIRLINE LOUNGE,METAL SIGN", "2"]);
    expect(splitCsvRecord("a,,b")).toEqual(["a", "", "b"]);
  });

  it("reports bytes of the source and lines", async () => {
    const bytes = gzipSync(new TextEncoder().encode("h\n1\n2\n3\n"));
    const progress = newReadProgress();
    for await (const _ of readCsvBatches(bytes, progress));
    expect(progress).toEqual({ bytesRead: bytes.byteLength, totalBytes: bytes.byteLength, lines: 4 });
  });
});

describe("time zones", () => {
  it("reads London wall-clock times across DST", () => {
    expect(parseZonedWallTime("2011-01-15 12:00:00", "Europe/London").toISOString()).toBe("2011-01-15T12:00:00.000Z");
    expect(parseZonedWallTime("2011-06-15 12:00:00", "Europe/London").toISOString()).toBe("2011-06-15T11:00:00.000Z");
    // 2011-03-27: 01:00 GMT -> 02:00 BST
    expect(parseZonedWallTime("2011-03-27 00:59:00", "Europe/London").toISOString()).toBe("2011-03-27T00:59:00.000Z");
    expect(parseZonedWallTime("2011-03-27 02:00:00", "Europe/London").toISOString()).toBe("2011-03-27T01:00:00.000Z");
    // A time that does not exist moves forward by the gap.
    expect(zonedWallTimeToUtc("Europe/London", 2011, 3, 27, 1, 30).toISOString()).toBe("2011-03-27T01:30:00.000Z");
    // 2011-10-30: 02:00 BST -> 01:00 GMT
    expect(parseZonedWallTime("2011-10-30 03:00:00", "Europe/London").toISOString()).toBe("2011-10-30T03:00:00.000Z");
    expect(parseZonedWallTime("2011-10-29 12:00:00", "Europe/London").toISOString()).toBe("2011-10-29T11:00:00.000Z");
  });

  it("formats with the zone's offset", () => {
    expect(formatInTimeZone(new Date("2011-06-01T09:00:00Z"), "Europe/London")).toBe("2011-06-01T10:00:00+01:00");
    expect(formatInTimeZone(new Date("2011-12-01T09:00:00Z"), "Europe/London")).toBe("2011-12-01T09:00:00+00:00");
    expect(formatInTimeZone(new Date("2021-12-31T19:00:00-05:00"), "America/New_York")).toBe("2021-12-31T19:00:00-05:00");
    expect(formatInTimeZone(new Date("2011-06-01T09:00:00Z"), "Asia/Kolkata")).toBe("2011-06-01T14:30:00+05:30");
  });
});

describe("online-retail on a small file", () => {
  const csv = [
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
    "100,A1,RED MUG,2,2011-06-01 10:00:00,1.50,12345.0,France",
    "101,B2,BLUE BOWL,1,2011-06-01 10:00:00,3.00,,United Kingdom",
    "100,b2,BLUE BOWL,3,2011-06-01 10:01:00,3.00,12345.0,France", // interleaved, lower-case code
    "100,POST,POSTAGE,1,2011-06-01 10:01:00,18.00,12345.0,France",
    "102,A1,damaged,-5,2011-06-01 11:00:00,0,,United Kingdom", // stock adjustment
    "A103,B,Adjust bad debt,1,2011-06-01 11:05:00,100.00,,United Kingdom", // bad debt
    "C104,B2,BLUE BOWL,-1,2011-06-02 09:00:00,3.00,12345.0,France", // matches 100
    "C104,Z9,\"ODD, THING\",-2,2011-06-02 09:00:00,0.50,12345.0,France", // not on 100
    "C105,A1,RED MUG,-1,2011-06-02 09:30:00,1.50,,United Kingdom", // guest: unmatched
    "C106,Q7,OLD ITEM,-1,2011-06-02 10:00:00,4.00,12345.0,France", // original predates the file
    "107,A1,RED MUG,1,6/3/2011 10:00,1.60,12345.0,France", // spreadsheet date format
    "108,A1,RED MUG,1,2011-06-04 10:00:00,1.50,54321.0,Unspecified",
  ].join("\n");

  it("translates invoices, cancellations and adjustments", async () => {
    const result = await parseOnlineRetail(new TextEncoder().encode(csv));
    expect(result.counts).toEqual({
      lines: 12,
      orders: 6,
      saleOrders: 4,
      guestOrders: 2,
      cancellations: 3,
      refunds: 1,
      unmatchedCancellations: 2,
      customers: 2,
      products: 4,
      orderLines: 8,
      refundLines: 2,
      nonProductLines: 1,
      skippedInvoices: 2,
      skippedLines: 2,
    });
    const first = result.orders.find((o) => o.externalId === "100")!;
    expect(first.lines.map((l) => [l.externalId, l.productExternalId, l.quantity])).toEqual([
      ["100-1", "A1", 2],
      ["100-2", "B2", 3],
      ["100-3", null, 1],
    ]);
    expect(first.totalPrice).toBe(30);
    expect(first.billing?.country).toBe("FR");
    expect(first.processedAt.toISOString()).toBe("2011-06-01T09:00:00.000Z");
    expect(result.refunds).toEqual([
      {
        externalId: "C104",
        orderExternalId: "100",
        amount: 4,
        note: null,
        processedAt: new Date("2011-06-02T08:00:00.000Z"),
        lines: [
          { orderLineExternalId: "100-2", productExternalId: "B2", quantity: 1, subtotal: 3 },
          { orderLineExternalId: null, productExternalId: "Z9", quantity: 2, subtotal: 1 },
        ],
      },
    ]);
    const guestCancel = result.orders.find((o) => o.externalId === "C105")!;
    expect(guestCancel).toMatchObject({ customer: null, financialStatus: "refunded", totalPrice: 1.5 });
    expect(result.orders.find((o) => o.externalId === "107")!.processedAt.toISOString()).toBe("2011-06-03T09:00:00.000Z");
    expect(result.customers.map((c) => [c.externalId, c.address?.country ?? null])).toEqual([
      ["12345", "FR"],
      ["54321", null],
    ]);
    expect(result.products.map((p) => [p.externalId, p.title, p.variants[0].price])).toEqual([
      ["A1", "RED MUG", 1.5],
      ["B2", "BLUE BOWL", 3],
      ["Z9", "ODD, THING", 0.5],
      ["Q7", "OLD ITEM", 4],
    ]);
  });

  it("refuses an invoice whose lines come back long after it closed", async () => {
    const late = [
      "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
      "1,A1,RED MUG,1,2011-06-01 10:00:00,1.50,1.0,France",
      "2,A1,RED MUG,1,2011-06-01 12:00:00,1.50,1.0,France",
      "1,A1,RED MUG,1,2011-06-01 12:00:00,1.50,1.0,France",
    ].join("\n");
    await expect(parseOnlineRetail(new TextEncoder().encode(late))).rejects.toThrow(/invoice 1 reappears/);
  });
});
