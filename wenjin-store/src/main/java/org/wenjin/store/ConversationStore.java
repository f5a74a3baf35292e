package org.wenjin.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Conversations, their messages, feedback on answers and the traces of how answers were made, kept in a
 * relational database: a SQLite file by default, or PostgreSQL. The schema is created and upgraded by the
 * Flyway migrations under {@code db/migration} when the store opens. Every method is one transaction: it
 * either happens completely or not at all, and once it returns the change is on disk.
 */
public final class ConversationStore implements AutoCloseable {
    /** The SQLite file {@link #open(Path)} keeps in the data directory. */
    public static final String SQLITE_FILE = "wenjin.db";

    private static final int MAX_TITLE_LENGTH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionPool pool;
    private final Timestamps timestamps;
    private final String url;

    private ConversationStore(ConnectionPool pool, Timestamps timestamps, String url) {
        this.pool = pool;
        this.timestamps = timestamps;
        this.url = url;
    }

    /** Opens (creating if needed) the SQLite database {@value #SQLITE_FILE} in {@code dataDir}. */
    public static ConversationStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        return open("jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath());
    }

    /**
     * Opens the database at {@code jdbcUrl} ({@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://...}, with
     * credentials as URL parameters) and brings its schema up to date.
     */
    public static ConversationStore open(String jdbcUrl) {
        return open(jdbcUrl, Clock.systemUTC());
    }

    static ConversationStore open(String jdbcUrl, Clock clock) {
        boolean sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
        if (!sqlite && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("unsupported database URL '" + jdbcUrl
                    + "' (expected jdbc:sqlite:FILE or jdbc:postgresql://HOST/DATABASE)");
        }
        Properties properties = sqlite ? sqliteSettings() : new Properties();
        migrate(jdbcUrl);
        try {
            ConnectionPool pool = new ConnectionPool(jdbcUrl, properties, sqlite ? 1 : 4);
            return new ConversationStore(pool, new Timestamps(clock), jdbcUrl);
        } catch (SQLException e) {
            throw new StoreException("cannot open the database " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * WAL lets readers go on while one writer commits; synchronous=FULL makes a commit wait for the fsync of
     * the WAL so that an acknowledged write survives a crash or kill -9 (https://sqlite.org/pragma.html#pragma_synchronous).
     * Foreign keys are off by default in SQLite and are needed for cascading deletes. IMMEDIATE transactions
     * take the write lock up front, so another process waits (busy_timeout) instead of failing mid-way.
     */
    private static Properties sqliteSettings() {
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "WAL");
        properties.setProperty("synchronous", "FULL");
        properties.setProperty("foreign_keys", "true");
        properties.setProperty("busy_timeout", "10000");
        properties.setProperty("transaction_mode", "IMMEDIATE");
        return properties;
    }

    private static void migrate(String jdbcUrl) {
        try {
            Flyway.configure()
                    .dataSource(jdbcUrl, null, null)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the database " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** The long-term memories of users, in the same database. */
    public MemoryBook memories() {
        return new MemoryBook(pool, timestamps);
    }

    /** The JDBC URL this store was opened with. */
    public String url() {
        return url;
    }

    // ---- conversations

    public Conversation createConversation(String title) {
        String checkedTitle = checkTitle(title);
        return pool.transaction("creating a conversation", connection -> {
            long now = timestamps.next();
            String id = newId();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, checkedTitle);
                insert.setLong(3, now);
                insert.setLong(4, now);
                insert.executeUpdate();
            }
            return new Conversation(id, checkedTitle, Timestamps.toInstant(now), Timestamps.toInstant(now));
        });
    }

    public Optional<Conversation> conversation(String id) {
        return pool.transaction("reading conversation " + id, connection -> findConversation(connection, id));
    }

    /** All conversations, the most recently updated first. */
    public List<Conversation> conversations() {
        return pool.transaction("listing conversations", connection -> {
            List<Conversation> result = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, title, created_at, updated_at FROM conversations ORDER BY updated_at DESC, id")) {
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(conversationOf(rows));
                    }
                }
            }
            return result;
        });
    }

    /** Gives a conversation a new title; empty if there is no conversation with that id. */
    public Optional<Conversation> renameConversation(String id, String title) {
        String checkedTitle = checkTitle(title);
        return pool.transaction("renaming conversation " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, checkedTitle);
                update.setLong(2, timestamps.next());
                update.setString(3, id);
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            return findConversation(connection, id);
        });
    }

    /**
     * Deletes a conversation with its messages, the feedback on them and the traces of its answers. Returns
     * false if there was no such conversation.
     */
    public boolean deleteConversation(String id) {
        return pool.transaction("deleting conversation " + id, connection -> {
            try (PreparedStatement traces = connection.prepareStatement(
                    "DELETE FROM traces WHERE id IN (SELECT trace_id FROM messages WHERE conversation_id = ?)")) {
                traces.setString(1, id);
                traces.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM conversations WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static String checkTitle(String title) {
        if (title == null) {
            throw new IllegalArgumentException("title must not be null");
        }
        String trimmed = title.strip();
        if (trimmed.length() > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("title is " + trimmed.length() + " characters long; at most "
                    + MAX_TITLE_LENGTH + " are allowed");
        }
        return trimmed;
    }

    private static Optional<Conversation> findConversation(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, title, created_at, updated_at FROM conversations WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(conversationOf(rows)) : Optional.empty();
            }
        }
    }

    private static Conversation conversationOf(ResultSet row) throws SQLException {
        return new Conversation(row.getString("id"), row.getString("title"),
                Timestamps.toInstant(row.getLong("created_at")), Timestamps.toInstant(row.getLong("updated_at")));
    }

    // ---- messages and traces

    /**
     * Appends a message to a conversation and moves the conversation to the top of the list.
     *
     * @throws NoSuchElementException if there is no conversation with that id
     */
    public StoredMessage appendMessage(String conversationId, NewMessage message) {
        return pool.transaction("appending a message to conversation " + conversationId,
                connection -> insertMessage(connection, conversationId, message));
    }

    /**
     * Appends an answer and saves the trace of how it was made, keyed by {@code message.traceId()}, in one
     * transaction: either both are kept or neither.
     */
    public StoredMessage appendMessage(String conversationId, NewMessage message, String traceJson) {
        if (message.traceId() == null) {
            throw new IllegalArgumentException("a message saved with its trace needs a trace id");
        }
        checkJson("trace", traceJson);
        return pool.transaction("appending an answer to conversation " + conversationId, connection -> {
            upsertTrace(connection, message.traceId(), traceJson);
            return insertMessage(connection, conversationId, message);
        });
    }

    private StoredMessage insertMessage(Connection connection, String conversationId, NewMessage message)
            throws SQLException {
        if (message.citationsJson() != null) {
            checkJson("citations", message.citationsJson());
        }
        long now = timestamps.next();
        try (PreparedStatement touch = connection.prepareStatement(
                "UPDATE conversations SET updated_at = ? WHERE id = ?")) {
            touch.setLong(1, now);
            touch.setString(2, conversationId);
            if (touch.executeUpdate() == 0) {
                throw new NoSuchElementException("no conversation with id '" + conversationId + "'");
            }
        }
        String id = newId();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO messages (id, conversation_id, role, content, mode, model, trace_id, citations_json,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, conversationId);
            insert.setString(3, message.role());
            insert.setString(4, message.content());
            setNullable(insert, 5, message.mode());
            setNullable(insert, 6, message.model());
            setNullable(insert, 7, message.traceId());
            setNullable(insert, 8, message.citationsJson());
            insert.setLong(9, now);
            insert.executeUpdate();
        }
        return new StoredMessage(id, conversationId, message.role(), message.content(), message.mode(),
                message.model(), message.traceId(), message.citationsJson(), Timestamps.toInstant(now));
    }

    /** The messages of a conversation, oldest first; empty if there is no such conversation. */
    public List<StoredMessage> messages(String conversationId) {
        return pool.transaction("reading the messages of conversation " + conversationId, connection -> {
            List<StoredMessage> result = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT * FROM messages WHERE conversation_id = ? ORDER BY created_at, id")) {
                select.setString(1, conversationId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(messageOf(rows));
                    }
                }
            }
            return result;
        });
    }

    public Optional<StoredMessage> message(String id) {
        return pool.transaction("reading message " + id, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM messages WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(messageOf(rows)) : Optional.empty();
                }
            }
        });
    }

    private static StoredMessage messageOf(ResultSet row) throws SQLException {
        return new StoredMessage(row.getString("id"), row.getString("conversation_id"), row.getString("role"),
                row.getString("content"), row.getString("mode"), row.getString("model"), row.getString("trace_id"),
                row.getString("citations_json"), Timestamps.toInstant(row.getLong("created_at")));
    }

    /** Saves the trace of an answer given outside a conversation, replacing any trace with that id. */
    public void saveTrace(String traceId, String traceJson) {
        checkJson("trace", traceJson);
        pool.transaction("saving trace " + traceId, connection -> {
            upsertTrace(connection, traceId, traceJson);
            return null;
        });
    }

    public Optional<String> trace(String traceId) {
        return pool.transaction("reading trace " + traceId, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT trace_json FROM traces WHERE id = ?")) {
                select.setString(1, traceId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** INSERT ... ON CONFLICT DO UPDATE is understood by both SQLite (3.24+) and PostgreSQL (9.5+). */
    private void upsertTrace(Connection connection, String traceId, String traceJson) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO traces (id, trace_json, created_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET trace_json = excluded.trace_json")) {
            upsert.setString(1, traceId);
            upsert.setString(2, traceJson);
            upsert.setLong(3, timestamps.next());
            upsert.executeUpdate();
        }
    }

    // ---- feedback

    /**
     * Saves feedback on a message.
     *
     * @throws NoSuchElementException if there is no message with that id
     */
    public Feedback saveFeedback(NewFeedback feedback) {
        return pool.transaction("saving feedback on message " + feedback.messageId(), connection -> {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM messages WHERE id = ?")) {
                exists.setString(1, feedback.messageId());
                try (ResultSet rows = exists.executeQuery()) {
                    if (!rows.next()) {
                        throw new NoSuchElementException("no message with id '" + feedback.messageId() + "'");
                    }
                }
            }
            long now = timestamps.next();
            String id = newId();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO feedback (id, message_id, rating, comment, better_answer, prompt, model, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, feedback.messageId());
                setNullable(insert, 3, feedback.rating() == null ? null : feedback.rating().wireName());
                setNullable(insert, 4, feedback.comment());
                setNullable(insert, 5, feedback.betterAnswer());
                setNullable(insert, 6, feedback.prompt());
                setNullable(insert, 7, feedback.model());
                insert.setLong(8, now);
                insert.executeUpdate();
            }
            return new Feedback(id, feedback.messageId(), feedback.rating(), feedback.comment(),
                    feedback.betterAnswer(), feedback.prompt(), feedback.model(), Timestamps.toInstant(now));
        });
    }

    /** The feedback on one message, oldest first. */
    public List<Feedback> feedback(String messageId) {
        return listFeedback("reading the feedback on message " + messageId,
                "SELECT * FROM feedback WHERE message_id = ? ORDER BY created_at, id", messageId);
    }

    /** All feedback, oldest first: the material for preference data sets. */
    public List<Feedback> allFeedback() {
        return listFeedback("reading all feedback", "SELECT * FROM feedback ORDER BY created_at, id", null);
    }

    private List<Feedback> listFeedback(String what, String sql, String parameter) {
        return pool.transaction(what, connection -> {
            List<Feedback> result = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                if (parameter != null) {
                    select.setString(1, parameter);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String rating = rows.getString("rating");
                        result.add(new Feedback(rows.getString("id"), rows.getString("message_id"),
                                rating == null ? null : Rating.fromWireName(rating), rows.getString("comment"),
                                rows.getString("better_answer"), rows.getString("prompt"), rows.getString("model"),
                                Timestamps.toInstant(rows.getLong("created_at"))));
                    }
                }
            }
            return result;
        });
    }

    // ----

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static void checkJson(String what, String json) {
        if (json == null) {
            throw new IllegalArgumentException(what + " JSON must not be null");
        }
        try {
            JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(what + " is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The value of a SQLite pragma on the store's own connection, for tests of its settings. */
    String pragma(String name) {
        return pool.transaction("reading pragma " + name, connection -> {
            try (var statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
                return rows.next() ? rows.getString(1) : null;
            }
        });
    }

    @Override
    public void close() {
        pool.close();
    }
}
