-- DropIndex
DROP INDEX "OrderLine_shopId_productExternalId_idx";

-- CreateIndex
CREATE INDEX "OrderLine_shopId_orderId_idx" ON "OrderLine"("shopId", "orderId");

