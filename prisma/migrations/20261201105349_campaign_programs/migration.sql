-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "contactPolicy" TEXT;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN "landingSite" TEXT;
ALTER TABLE "Order" ADD COLUMN "referringSite" TEXT;

-- CreateTable
CREATE TABLE "CampaignVariant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "subject" TEXT,
    "templateId" TEXT,
    CONSTRAINT "CampaignVariant_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignVariant_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "EmailTemplate" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Program" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "rule" TEXT,
    "timing" TEXT,
    "holdoutShare" REAL NOT NULL DEFAULT 0.1,
    "attributionDays" INTEGER NOT NULL DEFAULT 7,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "lastEvaluatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Program_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Program_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "EmailTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProgramSend" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "control" BOOLEAN NOT NULL,
    "token" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "dueAt" DATETIME NOT NULL,
    "messageId" TEXT,
    "error" TEXT,
    "sentAt" DATETIME,
    "openedAt" DATETIME,
    "clickedAt" DATETIME,
    "decisionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProgramSend_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgramSend_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgramSend_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BanditDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "arms" TEXT NOT NULL,
    "chosen" TEXT NOT NULL,
    "sample" REAL,
    "reward" REAL,
    "decidedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME,
    CONSTRAINT "BanditDecision_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BanditDecision_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EmailEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderAttribution" (
    "orderId" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "variantId" TEXT,
    "token" TEXT,
    "method" TEXT NOT NULL,
    "revenue" DECIMAL NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrderAttribution_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrderAttribution_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "runId" TEXT,
    "segmentIds" TEXT NOT NULL,
    "holdoutShare" REAL NOT NULL DEFAULT 0.1,
    "attributionDays" INTEGER NOT NULL DEFAULT 14,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "testShare" REAL,
    "testMetric" TEXT,
    "testAlpha" REAL NOT NULL DEFAULT 0.05,
    "testStatus" TEXT,
    "winnerVariantId" TEXT,
    "decidedAt" DATETIME,
    CONSTRAINT "Campaign_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Campaign_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "EmailTemplate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Campaign" ("attributionDays", "createdAt", "holdoutShare", "id", "name", "runId", "segmentIds", "sentAt", "shopId", "status", "templateId") SELECT "attributionDays", "createdAt", "holdoutShare", "id", "name", "runId", "segmentIds", "sentAt", "shopId", "status", "templateId" FROM "Campaign";
DROP TABLE "Campaign";
ALTER TABLE "new_Campaign" RENAME TO "Campaign";
CREATE INDEX "Campaign_shopId_createdAt_idx" ON "Campaign"("shopId", "createdAt");
CREATE TABLE "new_CampaignRecipient" (
    "campaignId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "control" BOOLEAN NOT NULL,
    "token" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "messageId" TEXT,
    "error" TEXT,
    "sentAt" DATETIME,
    "variantId" TEXT,
    "openedAt" DATETIME,
    "clickedAt" DATETIME,

    PRIMARY KEY ("campaignId", "customerId"),
    CONSTRAINT "CampaignRecipient_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignRecipient_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CampaignRecipient_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "CampaignVariant" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CampaignRecipient" ("campaignId", "control", "customerId", "error", "messageId", "segmentId", "sentAt", "status", "token") SELECT "campaignId", "control", "customerId", "error", "messageId", "segmentId", "sentAt", "status", "token" FROM "CampaignRecipient";
DROP TABLE "CampaignRecipient";
ALTER TABLE "new_CampaignRecipient" RENAME TO "CampaignRecipient";
CREATE UNIQUE INDEX "CampaignRecipient_token_key" ON "CampaignRecipient"("token");
CREATE INDEX "CampaignRecipient_campaignId_segmentId_idx" ON "CampaignRecipient"("campaignId", "segmentId");
CREATE INDEX "CampaignRecipient_customerId_idx" ON "CampaignRecipient"("customerId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "CampaignVariant_campaignId_label_key" ON "CampaignVariant"("campaignId", "label");

-- CreateIndex
CREATE UNIQUE INDEX "Program_shopId_kind_name_key" ON "Program"("shopId", "kind", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ProgramSend_token_key" ON "ProgramSend"("token");

-- CreateIndex
CREATE INDEX "ProgramSend_shopId_status_dueAt_idx" ON "ProgramSend"("shopId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "ProgramSend_customerId_sentAt_idx" ON "ProgramSend"("customerId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProgramSend_programId_customerId_triggerKey_key" ON "ProgramSend"("programId", "customerId", "triggerKey");

-- CreateIndex
CREATE INDEX "BanditDecision_shopId_decidedAt_idx" ON "BanditDecision"("shopId", "decidedAt");

-- CreateIndex
CREATE INDEX "BanditDecision_shopId_resolvedAt_idx" ON "BanditDecision"("shopId", "resolvedAt");

-- CreateIndex
CREATE INDEX "EmailEvent_token_idx" ON "EmailEvent"("token");

-- CreateIndex
CREATE INDEX "EmailEvent_shopId_at_idx" ON "EmailEvent"("shopId", "at");

-- CreateIndex
CREATE INDEX "OrderAttribution_shopId_source_sourceId_idx" ON "OrderAttribution"("shopId", "source", "sourceId");

