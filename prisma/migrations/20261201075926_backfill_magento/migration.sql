-- CreateTable
CREATE TABLE "BackfillJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'created',
    "operationId" TEXT,
    "operationStatus" TEXT,
    "errorCode" TEXT,
    "resultUrl" TEXT,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "fileSize" BIGINT,
    "linesApplied" INTEGER NOT NULL DEFAULT 0,
    "bytesApplied" BIGINT NOT NULL DEFAULT 0,
    "recordsApplied" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BackfillJob_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MagentoConnection" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "baseUrl" TEXT NOT NULL,
    "storeCode" TEXT,
    "authMethod" TEXT NOT NULL,
    "accessToken" TEXT NOT NULL,
    "accessTokenSecret" TEXT,
    "consumerKey" TEXT,
    "consumerSecret" TEXT,
    "signatureMethod" TEXT,
    "lastSyncAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MagentoConnection_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncCursor" (
    "shopId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "updatedAt" TEXT,
    "idsAtCursor" TEXT NOT NULL DEFAULT '[]',
    "syncedAt" DATETIME,
    "records" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopId", "source", "entity"),
    CONSTRAINT "SyncCursor_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "BackfillJob_operationId_key" ON "BackfillJob"("operationId");

-- CreateIndex
CREATE INDEX "BackfillJob_shopId_startedAt_idx" ON "BackfillJob"("shopId", "startedAt");

