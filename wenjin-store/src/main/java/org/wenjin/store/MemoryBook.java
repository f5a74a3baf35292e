package org.wenjin.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The memories of every user, in the conversation store's database: add, list, edit, delete. Nothing is
 * remembered that this class cannot list, so a user always sees all of it.
 */
public final class MemoryBook {
    private static final Set<String> KINDS = Set.of("fact", "preference");
    private static final int MAX_TEXT = 2000;

    private final ConnectionPool pool;
    private final Timestamps timestamps;

    MemoryBook(ConnectionPool pool, Timestamps timestamps) {
        this.pool = pool;
        this.timestamps = timestamps;
    }

    public Memory add(String userId, String kind, String text, String sourceMessageId) {
        String checkedText = checkText(text);
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("a memory's kind is 'fact' or 'preference', not '" + kind + "'");
        }
        return pool.transaction("remembering for user " + userId, connection -> {
            long now = timestamps.next();
            String id = UUID.randomUUID().toString();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO memories "
                    + "(id, user_id, kind, text, source_message_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, userId);
                insert.setString(3, kind);
                insert.setString(4, checkedText);
                if (sourceMessageId == null) {
                    insert.setNull(5, Types.VARCHAR);
                } else {
                    insert.setString(5, sourceMessageId);
                }
                insert.setLong(6, now);
                insert.setLong(7, now);
                insert.executeUpdate();
            }
            return new Memory(id, userId, kind, checkedText, sourceMessageId, Timestamps.toInstant(now),
                    Timestamps.toInstant(now));
        });
    }

    /** A user's memories, most recently changed first. */
    public List<Memory> list(String userId) {
        return pool.transaction("reading the memories of user " + userId, connection -> {
            List<Memory> result = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT * FROM memories WHERE user_id = ? ORDER BY updated_at DESC, id")) {
                select.setString(1, userId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        result.add(new Memory(rows.getString("id"), rows.getString("user_id"), rows.getString("kind"),
                                rows.getString("text"), rows.getString("source_message_id"),
                                Timestamps.toInstant(rows.getLong("created_at")),
                                Timestamps.toInstant(rows.getLong("updated_at"))));
                    }
                }
            }
            return result;
        });
    }

    public Optional<Memory> edit(String userId, String id, String text) {
        String checkedText = checkText(text);
        boolean changed = pool.transaction("editing memory " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE memories SET text = ?, updated_at = ? WHERE id = ? AND user_id = ?")) {
                update.setString(1, checkedText);
                update.setLong(2, timestamps.next());
                update.setString(3, id);
                update.setString(4, userId);
                return update.executeUpdate() == 1;
            }
        });
        return changed ? list(userId).stream().filter(m -> m.id().equals(id)).findFirst() : Optional.empty();
    }

    public boolean delete(String userId, String id) {
        return pool.transaction("forgetting memory " + id, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM memories WHERE id = ? AND user_id = ?")) {
                delete.setString(1, id);
                delete.setString(2, userId);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static String checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a memory's text must not be empty");
        }
        String stripped = text.strip();
        if (stripped.length() > MAX_TEXT) {
            throw new IllegalArgumentException("a memory's text may be at most " + MAX_TEXT + " characters, was "
                    + stripped.length());
        }
        return stripped;
    }
}
