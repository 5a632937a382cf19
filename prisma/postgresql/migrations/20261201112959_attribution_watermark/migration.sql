-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "attributedThrough" TIMESTAMP(3);

