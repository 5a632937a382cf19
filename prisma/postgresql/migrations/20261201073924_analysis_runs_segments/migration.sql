-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "analysisSettings" TEXT;

-- CreateTable
CREATE TABLE "AnalysisRun" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "asOf" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "phase" TEXT,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,
    "params" TEXT NOT NULL DEFAULT '{}',
    "stats" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AnalysisRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "parentId" TEXT,
    "name" TEXT NOT NULL,
    "bornRunId" TEXT NOT NULL,
    "dissolvedRunId" TEXT,
    "lastRunId" TEXT NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SegmentSnapshot" (
    "runId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "profile" TEXT NOT NULL,

    CONSTRAINT "SegmentSnapshot_pkey" PRIMARY KEY ("runId","segmentId")
);

-- CreateTable
CREATE TABLE "CustomerScore" (
    "runId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "macroSegmentId" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "clv30" DOUBLE PRECISION NOT NULL,
    "clv365" DOUBLE PRECISION NOT NULL,
    "clv1095" DOUBLE PRECISION NOT NULL,
    "pAlive" DOUBLE PRECISION NOT NULL,
    "churn" DOUBLE PRECISION NOT NULL,
    "expectedPurchases" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "CustomerScore_pkey" PRIMARY KEY ("runId","customerId")
);

-- CreateTable
CREATE TABLE "SegmentMove" (
    "runId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "fromSegmentId" TEXT,
    "toSegmentId" TEXT,

    CONSTRAINT "SegmentMove_pkey" PRIMARY KEY ("runId","customerId")
);

-- CreateIndex
CREATE INDEX "AnalysisRun_shopId_status_finishedAt_idx" ON "AnalysisRun"("shopId", "status", "finishedAt");

-- CreateIndex
CREATE INDEX "Segment_shopId_level_idx" ON "Segment"("shopId", "level");

-- CreateIndex
CREATE INDEX "CustomerScore_runId_segmentId_idx" ON "CustomerScore"("runId", "segmentId");

-- CreateIndex
CREATE INDEX "CustomerScore_customerId_idx" ON "CustomerScore"("customerId");

-- AddForeignKey
ALTER TABLE "AnalysisRun" ADD CONSTRAINT "AnalysisRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Segment" ADD CONSTRAINT "Segment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentSnapshot" ADD CONSTRAINT "SegmentSnapshot_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AnalysisRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentSnapshot" ADD CONSTRAINT "SegmentSnapshot_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerScore" ADD CONSTRAINT "CustomerScore_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AnalysisRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerScore" ADD CONSTRAINT "CustomerScore_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentMove" ADD CONSTRAINT "SegmentMove_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AnalysisRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentMove" ADD CONSTRAINT "SegmentMove_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

