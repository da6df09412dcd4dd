-- Sample data for class demos, worksheets and tests. Load it after schema.sql (or let the app
-- do it: SEED_SAMPLE_DATA=true). Rows refer to each other by name through subqueries, never by
-- a hard-coded id, so the script works on SQLite and PostgreSQL alike.
--
-- Every sample user's password is their username followed by "-password" (alice-password).
-- The hashes are Argon2id with OWASP's minimum cost (19 MiB, 2 passes), cheap enough for tests.

INSERT INTO roles (name) VALUES ('student'), ('instructor'), ('admin');

INSERT INTO users (username, email, hashed_password, role_id) VALUES
    ('alice', 'alice@example.edu',
     '$argon2id$v=19$m=19456,t=2,p=1$BKk41U8vTRhPf4w67PwFpQ$aV/e/kwnkITe7ANiIxYQWidd1KBRGCGUYrrqT2QG7DU',
     (SELECT id FROM roles WHERE name = 'student')),
    ('bob', 'bob@example.edu',
     '$argon2id$v=19$m=19456,t=2,p=1$0yNNuMrrc7oIUH1dfoCj+Q$436JteK7zOM8xRajyUckHx22uAjRxPBVoNKUdVxu+4o',
     (SELECT id FROM roles WHERE name = 'student')),
    ('carol', 'carol@example.edu',
     '$argon2id$v=19$m=19456,t=2,p=1$mUTkkjJDW3ibamp4R3uZAg$Ntxmjb3AQAexhKVpqjyXTrLpx/HMmt60bfL3alGUfBw',
     (SELECT id FROM roles WHERE name = 'instructor')),
    ('dave', 'dave@example.edu',
     '$argon2id$v=19$m=19456,t=2,p=1$DVvCOsunZOwMjLaD4PDQyw$PnL7Xzk3PEBCbcNQCe71YLLKevjg7bQCuCzssRovAw0',
     (SELECT id FROM roles WHERE name = 'student')),
    ('erin', 'erin@example.edu',
     '$argon2id$v=19$m=19456,t=2,p=1$S43/yczA/rPeWVuLip9izg$LtDL2nP+ZG/QHCyY4UCoV5dhAnla2QM7MCjAzskTgWw',
     (SELECT id FROM roles WHERE name = 'admin'));

-- The sample accounts have confirmed their email addresses; an account made by registering
-- has not, until it follows the link it was sent.
UPDATE users SET verified_at = CURRENT_TIMESTAMP;

INSERT INTO courses (code, title, description, credits) VALUES
    ('CS-101', 'Introduction to Programming', 'Variables, functions, loops and tests in Python.', 6),
    ('CS-341', 'Backend Development', 'APIs with FastAPI, SQLAlchemy and Pydantic.', 6),
    ('DB-210', 'Databases', 'Relational modelling and SQL.', 5),
    ('MATH-150', 'Discrete Mathematics', 'Logic, sets, relations and graphs.', 5);

INSERT INTO study_groups (name, description, course_id, created_by_id) VALUES
    ('Late-night debuggers', 'We meet Wednesdays at 20:00 in the library.',
     (SELECT id FROM courses WHERE code = 'CS-341'), (SELECT id FROM users WHERE username = 'alice')),
    ('SQL study circle', 'Practice queries before each worksheet.',
     (SELECT id FROM courses WHERE code = 'DB-210'), (SELECT id FROM users WHERE username = 'bob')),
    ('Proof readers', '',
     (SELECT id FROM courses WHERE code = 'MATH-150'), (SELECT id FROM users WHERE username = 'dave'));

-- Each group's creator is a member; alice and bob also study together in two groups.
INSERT INTO memberships (user_id, group_id)
SELECT users.id, study_groups.id
FROM users JOIN study_groups ON study_groups.name IN ('Late-night debuggers', 'SQL study circle')
WHERE users.username IN ('alice', 'bob');

INSERT INTO memberships (user_id, group_id)
SELECT users.id, study_groups.id
FROM users JOIN study_groups ON study_groups.name = 'Proof readers'
WHERE users.username = 'dave';

-- Notes of the groups: alice's and bob's in "Late-night debuggers", dave's in "Proof readers".
INSERT INTO notes (group_id, owner_id, title, body)
SELECT study_groups.id, users.id, 'Session checklist', 'Bring the failing test, not a screenshot.'
FROM users JOIN study_groups ON study_groups.name = 'Late-night debuggers'
WHERE users.username = 'alice';

INSERT INTO notes (group_id, owner_id, title, body)
SELECT study_groups.id, users.id, 'Where we meet', 'Library, room 2.14, Thursdays after class.'
FROM users JOIN study_groups ON study_groups.name = 'Late-night debuggers'
WHERE users.username = 'bob';

INSERT INTO notes (group_id, owner_id, title, body)
SELECT study_groups.id, users.id, 'Induction, step by step', 'Base case first, then assume n.'
FROM users JOIN study_groups ON study_groups.name = 'Proof readers'
WHERE users.username = 'dave';
