-- A CRM that grew up on SQL Server and was moved to SQLite: [bracket],
-- "quoted" and `backquoted` identifiers (spaces in names included),
-- NVARCHAR/NCHAR/DATETIME/MONEY/BIT affinity types, inline REFERENCES with
-- ON DELETE / ON UPDATE, table-level composite foreign keys, CHECKs,
-- COLLATE NOCASE, AUTOINCREMENT, WITHOUT ROWID, an expression index and a
-- partial one, triggers and a view.
PRAGMA foreign_keys = ON;
BEGIN TRANSACTION;
CREATE TABLE [Accounts] (
    [AccountID] INTEGER PRIMARY KEY AUTOINCREMENT,
    [Account Name] NVARCHAR(200) NOT NULL COLLATE NOCASE,
    [Region] NCHAR(3) NOT NULL DEFAULT 'EMEA',
    [CreditLimit] MONEY NOT NULL DEFAULT 0,
    [IsActive] BIT NOT NULL DEFAULT 1,
    [CreatedOn] DATETIME NOT NULL DEFAULT (datetime('now')),
    CONSTRAINT [CK_Accounts_CreditLimit] CHECK ([CreditLimit] >= 0),
    CONSTRAINT [CK_Accounts_Region] CHECK ([Region] IN ('EMEA', 'APAC', 'AMER'))
);
CREATE UNIQUE INDEX [IX_Accounts_Name] ON [Accounts] ([Account Name]);
CREATE TABLE "Contacts" (
    "ContactID" INTEGER NOT NULL PRIMARY KEY,
    "AccountID" INTEGER NOT NULL REFERENCES [Accounts] ([AccountID]) ON DELETE CASCADE ON UPDATE CASCADE,
    "First Name" NVARCHAR(100),
    "Last Name" NVARCHAR(100) NOT NULL,
    "Email" NVARCHAR(320) COLLATE NOCASE,
    "Phone" VARCHAR(32),
    "Deleted" BIT NOT NULL DEFAULT 0
);
CREATE INDEX "IX_Contacts_Email_Lower" ON "Contacts" (lower("Email"));
CREATE INDEX "IX_Contacts_AccountID_Live" ON "Contacts" ("AccountID") WHERE "Deleted" = 0;
CREATE TABLE `Opportunities` (
    `OpportunityID` INTEGER PRIMARY KEY,
    `AccountID` INTEGER NOT NULL,
    `ContactID` INTEGER,
    `Stage` VARCHAR(20) NOT NULL DEFAULT 'lead',
    `Amount` DECIMAL(18, 2),
    `CloseDate` DATE,
    FOREIGN KEY (`AccountID`) REFERENCES `Accounts` (`AccountID`) ON DELETE RESTRICT,
    FOREIGN KEY (`ContactID`) REFERENCES `Contacts` (`ContactID`) ON DELETE SET NULL,
    CHECK (`Stage` IN ('lead', 'qualified', 'won', 'lost'))
);
CREATE INDEX `IX_Opportunities_Stage_CloseDate` ON `Opportunities` (`Stage`, `CloseDate` DESC);
CREATE TABLE [AccountTags] (
    [AccountID] INTEGER NOT NULL REFERENCES [Accounts] ([AccountID]) ON DELETE CASCADE,
    [Tag] NVARCHAR(40) NOT NULL COLLATE NOCASE,
    [AddedOn] DATETIME DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY ([AccountID], [Tag])
) WITHOUT ROWID;
CREATE VIEW [vw_OpenPipeline] AS
    SELECT a.[Account Name], o.[Stage], SUM(o.[Amount]) AS [Total]
    FROM [Opportunities] o JOIN [Accounts] a ON a.[AccountID] = o.[AccountID]
    WHERE o.[Stage] IN ('lead', 'qualified')
    GROUP BY a.[Account Name], o.[Stage];
CREATE TRIGGER [TR_Contacts_SoftDelete] BEFORE DELETE ON [Contacts]
BEGIN
    SELECT RAISE(ABORT, 'contacts are soft-deleted: set Deleted = 1');
END;
COMMIT;
