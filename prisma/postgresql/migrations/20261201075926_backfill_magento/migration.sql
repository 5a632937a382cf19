-- CreateTable
CREATE TABLE "BackfillJob" (
    "id" TEXT NOT NULL,
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
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackfillJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MagentoConnection" (
    "shopId" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "storeCode" TEXT,
    "authMethod" TEXT NOT NULL,
    "accessToken" TEXT NOT NULL,
    "accessTokenSecret" TEXT,
    "consumerKey" TEXT,
    "consumerSecret" TEXT,
    "signatureMethod" TEXT,
    "lastSyncAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MagentoConnection_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "SyncCursor" (
    "shopId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "updatedAt" TEXT,
    "idsAtCursor" TEXT NOT NULL DEFAULT '[]',
    "syncedAt" TIMESTAMP(3),
    "records" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SyncCursor_pkey" PRIMARY KEY ("shopId","source","entity")
);

-- CreateIndex
CREATE UNIQUE INDEX "BackfillJob_operationId_key" ON "BackfillJob"("operationId");

-- CreateIndex
CREATE INDEX "BackfillJob_shopId_startedAt_idx" ON "BackfillJob"("shopId", "startedAt");

-- AddForeignKey
ALTER TABLE "BackfillJob" ADD CONSTRAINT "BackfillJob_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MagentoConnection" ADD CONSTRAINT "MagentoConnection_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncCursor" ADD CONSTRAINT "SyncCursor_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

