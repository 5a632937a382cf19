-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "attributedThrough" DATETIME;

