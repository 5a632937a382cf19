-- CreateTable
CREATE TABLE "SegmentFeedItem" (
    "runId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "productId" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "reason" TEXT NOT NULL,

    PRIMARY KEY ("runId", "segmentId", "rank"),
    CONSTRAINT "SegmentFeedItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AnalysisRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SegmentFeedItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CustomerRecommendation" (
    "runId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "productId" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "reason" TEXT NOT NULL,

    PRIMARY KEY ("runId", "customerId", "rank"),
    CONSTRAINT "CustomerRecommendation_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AnalysisRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CustomerRecommendation_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CustomerRecommendation_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SegmentFeedItem_productId_idx" ON "SegmentFeedItem"("productId");

-- CreateIndex
CREATE INDEX "CustomerRecommendation_customerId_idx" ON "CustomerRecommendation"("customerId");

-- CreateIndex
CREATE INDEX "CustomerRecommendation_productId_idx" ON "CustomerRecommendation"("productId");

