-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProgramSend" (
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
    "items" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProgramSend_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgramSend_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgramSend_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ProgramSend" ("clickedAt", "control", "createdAt", "customerId", "decisionId", "dueAt", "error", "id", "messageId", "openedAt", "programId", "sentAt", "shopId", "status", "token", "triggerKey") SELECT "clickedAt", "control", "createdAt", "customerId", "decisionId", "dueAt", "error", "id", "messageId", "openedAt", "programId", "sentAt", "shopId", "status", "token", "triggerKey" FROM "ProgramSend";
DROP TABLE "ProgramSend";
ALTER TABLE "new_ProgramSend" RENAME TO "ProgramSend";
CREATE UNIQUE INDEX "ProgramSend_token_key" ON "ProgramSend"("token");
CREATE INDEX "ProgramSend_shopId_status_dueAt_idx" ON "ProgramSend"("shopId", "status", "dueAt");
CREATE INDEX "ProgramSend_customerId_sentAt_idx" ON "ProgramSend"("customerId", "sentAt");
CREATE UNIQUE INDEX "ProgramSend_programId_customerId_triggerKey_key" ON "ProgramSend"("programId", "customerId", "triggerKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

