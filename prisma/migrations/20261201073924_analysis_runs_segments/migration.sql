-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "analysisSettings" TEXT;

-- CreateTable
CREATE TABLE "AnalysisRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "asOf" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "phase" TEXT,
    "progress" REAL NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "error" TEXT,
    "params" TEXT NOT NULL DEFAULT '{}',
    "stats" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "AnalysisRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "parentId" TEXT,
    "name" TEXT NOT NULL,
    "bornRunId" TEXT NOT NULL,
    "dissolvedRunId" TEXT,
    "lastRunId" TEXT NOT NULL,
    CONSTRAINT "Segment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SegmentSnapshot" (
    "runId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "profile" TEXT NOT NULL,

    PRIMARY KEY ("runId", "segmentId"),
    CONSTRAINT "SegmentSnapshot_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AnalysisRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SegmentSnapshot_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CustomerScore" (
    "runId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "macroSegmentId" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "clv30" REAL NOT NULL,
    "clv365" REAL NOT NULL,
    "clv1095" REAL NOT NULL,
    "pAlive" REAL NOT NULL,
    "churn" REAL NOT NULL,
    "expectedPurchases" REAL NOT NULL,

    PRIMARY KEY ("runId", "customerId"),
    CONSTRAINT "CustomerScore_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AnalysisRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CustomerScore_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SegmentMove" (
    "runId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "fromSegmentId" TEXT,
    "toSegmentId" TEXT,

    PRIMARY KEY ("runId", "customerId"),
    CONSTRAINT "SegmentMove_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AnalysisRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SegmentMove_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AnalysisRun_shopId_status_finishedAt_idx" ON "AnalysisRun"("shopId", "status", "finishedAt");

-- CreateIndex
CREATE INDEX "Segment_shopId_level_idx" ON "Segment"("shopId", "level");

-- CreateIndex
CREATE INDEX "CustomerScore_runId_segmentId_idx" ON "CustomerScore"("runId", "segmentId");

-- CreateIndex
CREATE INDEX "CustomerScore_customerId_idx" ON "CustomerScore"("customerId");

