-- AlterTable
ALTER TABLE "ProgramSend" ADD COLUMN     "items" TEXT NOT NULL DEFAULT '[]';

