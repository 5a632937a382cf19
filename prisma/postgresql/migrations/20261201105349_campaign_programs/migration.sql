-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "contactPolicy" TEXT;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "landingSite" TEXT,
ADD COLUMN     "referringSite" TEXT;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "testAlpha" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
ADD COLUMN     "testMetric" TEXT,
ADD COLUMN     "testShare" DOUBLE PRECISION,
ADD COLUMN     "testStatus" TEXT,
ADD COLUMN     "winnerVariantId" TEXT;

-- AlterTable
ALTER TABLE "CampaignRecipient" ADD COLUMN     "clickedAt" TIMESTAMP(3),
ADD COLUMN     "openedAt" TIMESTAMP(3),
ADD COLUMN     "variantId" TEXT;

-- CreateTable
CREATE TABLE "CampaignVariant" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "subject" TEXT,
    "templateId" TEXT,

    CONSTRAINT "CampaignVariant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Program" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "rule" TEXT,
    "timing" TEXT,
    "holdoutShare" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "attributionDays" INTEGER NOT NULL DEFAULT 7,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "lastEvaluatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Program_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProgramSend" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "programId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "control" BOOLEAN NOT NULL,
    "token" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "messageId" TEXT,
    "error" TEXT,
    "sentAt" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),
    "clickedAt" TIMESTAMP(3),
    "decisionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProgramSend_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BanditDecision" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "context" TEXT NOT NULL,
    "arms" TEXT NOT NULL,
    "chosen" TEXT NOT NULL,
    "sample" DOUBLE PRECISION,
    "reward" DOUBLE PRECISION,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "BanditDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailEvent" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderAttribution" (
    "orderId" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "variantId" TEXT,
    "token" TEXT,
    "method" TEXT NOT NULL,
    "revenue" DECIMAL(65,30) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderAttribution_pkey" PRIMARY KEY ("orderId")
);

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

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "CampaignVariant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignVariant" ADD CONSTRAINT "CampaignVariant_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignVariant" ADD CONSTRAINT "CampaignVariant_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "EmailTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Program" ADD CONSTRAINT "Program_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Program" ADD CONSTRAINT "Program_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "EmailTemplate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgramSend" ADD CONSTRAINT "ProgramSend_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgramSend" ADD CONSTRAINT "ProgramSend_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProgramSend" ADD CONSTRAINT "ProgramSend_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BanditDecision" ADD CONSTRAINT "BanditDecision_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BanditDecision" ADD CONSTRAINT "BanditDecision_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailEvent" ADD CONSTRAINT "EmailEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderAttribution" ADD CONSTRAINT "OrderAttribution_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderAttribution" ADD CONSTRAINT "OrderAttribution_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

