-- Long-term memory: facts and preferences about a user, each kept with the message it came from, so the
-- user can see, edit and delete everything Wenjin remembers.
CREATE TABLE memories (
    id                VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id           VARCHAR(200) NOT NULL,
    kind              VARCHAR(16)  NOT NULL CHECK (kind IN ('fact', 'preference')),
    text              TEXT         NOT NULL,
    source_message_id VARCHAR(64),
    created_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL
);
CREATE INDEX memories_by_user ON memories (user_id, updated_at);
