-- CourseHub schema for SQLite: run it on an empty database to get every table, key and rule.
--
--   sqlite3 coursehub.db < sql/schema.sql
--   sqlite3 coursehub.db < sql/sample_data.sql
--
-- The app creates the same tables from its SQLAlchemy models (coursehub/models/); a test of
-- this repository checks that the two never drift apart.

PRAGMA foreign_keys = ON;

-- What a user may do: student, instructor or admin.
CREATE TABLE roles (
    id   INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(30) NOT NULL UNIQUE
);

CREATE TABLE users (
    id              INTEGER NOT NULL PRIMARY KEY,
    username        VARCHAR(50) NOT NULL,
    email           VARCHAR(320) NOT NULL,
    hashed_password VARCHAR(255) NOT NULL,  -- an Argon2 hash, never the password itself
    role_id         INTEGER NOT NULL REFERENCES roles (id),
-- >>> from week 07
    full_name       VARCHAR(100) NOT NULL DEFAULT '',
    is_active       BOOLEAN NOT NULL DEFAULT 1,   -- a disabled account can no longer log in
    tokens_valid_after DATETIME,                  -- tokens issued earlier are refused
-- <<<
-- >>> from week 09
    verified_at     DATETIME,                     -- NULL until the email address is confirmed
-- <<<
    created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX ix_users_username ON users (username);
CREATE UNIQUE INDEX ix_users_email ON users (email);

CREATE TABLE courses (
    id          INTEGER NOT NULL PRIMARY KEY,
    code        VARCHAR(20) NOT NULL,
    title       VARCHAR(200) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    credits     INTEGER NOT NULL DEFAULT 5,
-- >>> from week 10
    max_groups  INTEGER,
-- <<<
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
-- >>> from week 10
    CONSTRAINT ck_courses_max_groups CHECK (max_groups BETWEEN 1 AND 100),
-- <<<
    CONSTRAINT ck_courses_credits CHECK (credits BETWEEN 1 AND 12)
);
CREATE UNIQUE INDEX ix_courses_code ON courses (code);

-- A course has many study groups; a group's name is unique within its course.
CREATE TABLE study_groups (
    id            INTEGER NOT NULL PRIMARY KEY,
    name          VARCHAR(80) NOT NULL,
    description   VARCHAR(500) NOT NULL DEFAULT '',
-- >>> homework hw05
    max_members   INTEGER NOT NULL DEFAULT 6,
-- <<<
    course_id     INTEGER NOT NULL REFERENCES courses (id),
    created_by_id INTEGER NOT NULL REFERENCES users (id),
    created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
-- >>> homework hw05
    CONSTRAINT ck_study_groups_max_members CHECK (max_members BETWEEN 2 AND 12),
-- <<<
    CONSTRAINT uq_study_groups_course_name UNIQUE (course_id, name)
);
CREATE INDEX ix_study_groups_course_id ON study_groups (course_id);

-- Users and groups are many-to-many: one row per (user, group) pair.
CREATE TABLE memberships (
    user_id   INTEGER NOT NULL REFERENCES users (id),
    group_id  INTEGER NOT NULL REFERENCES study_groups (id) ON DELETE CASCADE,
    joined_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, group_id)
);
-- >>> from week 08

-- A note belongs to a study group and to the member who wrote it.
CREATE TABLE notes (
    id         INTEGER NOT NULL PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES study_groups (id) ON DELETE CASCADE,
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    title      VARCHAR(200) NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
-- >>> homework hw11
    pinned     BOOLEAN NOT NULL DEFAULT false,
-- <<<
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_notes_group_id ON notes (group_id);
CREATE INDEX ix_notes_owner_id ON notes (owner_id);
-- <<<
-- >>> from week 09

-- A link that confirms an email address: only the token's SHA-256 is stored, and it works once.
CREATE TABLE verification_tokens (
    id         INTEGER NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_verification_tokens_user_id ON verification_tokens (user_id);
-- <<<
-- >>> from week 13

-- Whom a day's digest reached: the row is claimed before the email goes out, so it goes once.
CREATE TABLE digest_deliveries (
    day     DATE NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sent_at DATETIME NOT NULL,
    PRIMARY KEY (day, user_id)
);
-- <<<
-- >>> from week 13

-- A language model's summary of a note, and the version of the note (updated_at) it is of.
CREATE TABLE note_summaries (
    note_id         INTEGER NOT NULL PRIMARY KEY REFERENCES notes (id) ON DELETE CASCADE,
    text            TEXT NOT NULL,
    model           VARCHAR(200) NOT NULL,
    note_updated_at DATETIME NOT NULL,
    created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
-- <<<
-- >>> from week 13

-- A person of an OpenID Connect issuer, known here as one user: `subject` is the issuer's id.
CREATE TABLE external_identities (
    id         INTEGER NOT NULL PRIMARY KEY,
    issuer     VARCHAR(255) NOT NULL,
    subject    VARCHAR(255) NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_external_identities_issuer_subject UNIQUE (issuer, subject)
);
CREATE INDEX ix_external_identities_user_id ON external_identities (user_id);
-- <<<
