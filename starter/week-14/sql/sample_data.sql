-- Sample data for demos and tests, loaded into a database without users when the app starts
-- with SEED_SAMPLE_DATA=true (`python -m conduit` sets it). Rows refer to each other by name
-- through subqueries, never by a hard-coded id, so the script works on SQLite and PostgreSQL.
--
-- Every sample user's password is their username followed by "-password" (alice-password);
-- they log in with their email address (alice@example.org). The hashes are Argon2id with
-- OWASP's minimum cost (19 MiB, 2 passes); the first login stores one of the app's own cost.
--
-- Who follows whom: alice follows bob, carol follows alice. The articles were written in
-- this order, so the newest (the first a list shows) is the last one here.

INSERT INTO users (username, email, hashed_password, bio, image) VALUES
    ('alice', 'alice@example.org',
     '$argon2id$v=19$m=19456,t=2,p=1$2Uv2oh0v0rkZJ8eOXpufMw$aVHC0+WILu7t8kLAbw3FuWzNbI0NaonYcLCe5+NIkUY',
     'Writes about the web, one request at a time.', NULL),
    ('bob', 'bob@example.org',
     '$argon2id$v=19$m=19456,t=2,p=1$kPuCWgie0clWUZjYhn1Rbg$81XD3Ts3AFCW03QZRmNxK36iS09DHGLRVGTHQqsM2Eo',
     NULL, NULL),
    ('carol', 'carol@example.org',
     '$argon2id$v=19$m=19456,t=2,p=1$iBZsWK//Hm+gxMd1aqemlA$4qBGaldS5yykZbVwvNMLerDaP5Og8i7d1iIGlLob5Zk',
     'Databases, indexes and the queries between them.', NULL);

INSERT INTO follows (follower_id, followed_id) VALUES
    ((SELECT id FROM users WHERE username = 'alice'), (SELECT id FROM users WHERE username = 'bob')),
    ((SELECT id FROM users WHERE username = 'carol'), (SELECT id FROM users WHERE username = 'alice'));

INSERT INTO tags (name) VALUES ('conduit'), ('welcome'), ('feeds'), ('sql'), ('markdown');

INSERT INTO articles (slug, title, description, body, author_id) VALUES
    ('welcome-to-conduit', 'Welcome to Conduit', 'What this place is for.',
     'Conduit is a place to write. Follow the people whose articles you want in your feed.',
     (SELECT id FROM users WHERE username = 'alice'));
INSERT INTO articles (slug, title, description, body, author_id) VALUES
    ('how-a-feed-is-made', 'How a feed is made', 'One query, newest first.',
     'A feed is the articles of the authors you follow, newest first, twenty at a time.',
     (SELECT id FROM users WHERE username = 'bob'));
INSERT INTO articles (slug, title, description, body, author_id) VALUES
    ('counting-without-n-plus-one', 'Counting without N+1', 'Favorites in the same query.',
     'Count in SQL, not in a loop: a page of twenty articles takes three queries, not forty.',
     (SELECT id FROM users WHERE username = 'carol'));
INSERT INTO articles (slug, title, description, body, author_id) VALUES
    ('markdown-in-articles', 'Markdown in articles', 'The body is Markdown.',
     'Frontends render the body as **Markdown**; the API stores it as it was sent.',
     (SELECT id FROM users WHERE username = 'alice'));

INSERT INTO article_tags (article_id, tag_id) VALUES
    ((SELECT id FROM articles WHERE slug = 'welcome-to-conduit'), (SELECT id FROM tags WHERE name = 'conduit')),
    ((SELECT id FROM articles WHERE slug = 'welcome-to-conduit'), (SELECT id FROM tags WHERE name = 'welcome')),
    ((SELECT id FROM articles WHERE slug = 'how-a-feed-is-made'), (SELECT id FROM tags WHERE name = 'conduit')),
    ((SELECT id FROM articles WHERE slug = 'how-a-feed-is-made'), (SELECT id FROM tags WHERE name = 'feeds')),
    ((SELECT id FROM articles WHERE slug = 'counting-without-n-plus-one'), (SELECT id FROM tags WHERE name = 'sql')),
    ((SELECT id FROM articles WHERE slug = 'markdown-in-articles'), (SELECT id FROM tags WHERE name = 'markdown'));

INSERT INTO favorites (user_id, article_id) VALUES
    ((SELECT id FROM users WHERE username = 'bob'), (SELECT id FROM articles WHERE slug = 'welcome-to-conduit')),
    ((SELECT id FROM users WHERE username = 'carol'), (SELECT id FROM articles WHERE slug = 'welcome-to-conduit')),
    ((SELECT id FROM users WHERE username = 'alice'), (SELECT id FROM articles WHERE slug = 'how-a-feed-is-made'));

INSERT INTO comments (body, article_id, author_id) VALUES
    ('Glad to be here.', (SELECT id FROM articles WHERE slug = 'welcome-to-conduit'),
     (SELECT id FROM users WHERE username = 'bob'));
INSERT INTO comments (body, article_id, author_id) VALUES
    ('Welcome, bob!', (SELECT id FROM articles WHERE slug = 'welcome-to-conduit'),
     (SELECT id FROM users WHERE username = 'alice'));
