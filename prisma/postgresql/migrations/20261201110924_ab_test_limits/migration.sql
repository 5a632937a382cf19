-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "testDays" INTEGER,
ADD COLUMN     "testMinSample" INTEGER;

