-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN "testDays" INTEGER;
ALTER TABLE "Campaign" ADD COLUMN "testMinSample" INTEGER;

