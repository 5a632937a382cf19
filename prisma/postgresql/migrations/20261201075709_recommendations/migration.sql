-- CreateTable
CREATE TABLE "SegmentFeedItem" (
    "runId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "productId" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "SegmentFeedItem_pkey" PRIMARY KEY ("runId","segmentId","rank")
);

-- CreateTable
CREATE TABLE "CustomerRecommendation" (
    "runId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "productId" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "CustomerRecommendation_pkey" PRIMARY KEY ("runId","customerId","rank")
);

-- CreateIndex
CREATE INDEX "SegmentFeedItem_productId_idx" ON "SegmentFeedItem"("productId");

-- CreateIndex
CREATE INDEX "CustomerRecommendation_customerId_idx" ON "CustomerRecommendation"("customerId");

-- CreateIndex
CREATE INDEX "CustomerRecommendation_productId_idx" ON "CustomerRecommendation"("productId");

-- AddForeignKey
ALTER TABLE "SegmentFeedItem" ADD CONSTRAINT "SegmentFeedItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AnalysisRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentFeedItem" ADD CONSTRAINT "SegmentFeedItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerRecommendation" ADD CONSTRAINT "CustomerRecommendation_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AnalysisRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerRecommendation" ADD CONSTRAINT "CustomerRecommendation_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerRecommendation" ADD CONSTRAINT "CustomerRecommendation_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

