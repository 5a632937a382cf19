-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "analysisSchedule" TEXT;

