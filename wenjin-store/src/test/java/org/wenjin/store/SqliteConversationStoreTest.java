package org.wenjin.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConversationStoreTest extends ConversationStoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected ConversationStore openEmpty() {
        return ConversationStore.open(dataDir);
    }

    @Override
    protected ConversationStore reopen() {
        return ConversationStore.open(dataDir);
    }

    @Test
    void migratesAnEmptyDatabaseToTheCurrentSchema() throws Exception {
        try (Connection connection = DriverManager.getConnection(sqliteUrl());
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            assertThat(tables).contains("conversations", "messages", "feedback", "traces", "flyway_schema_history");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("1");
                assertThat(rows.getBoolean(2)).isTrue();
            }
        }
    }

    @Test
    void commitsWaitForTheDiskSoThatAcknowledgedWritesSurviveACrash() throws Exception {
        // synchronous and foreign_keys are per-connection settings, so read them on the store's own connection.
        assertThat(store.pragma("synchronous")).as("2 is FULL").isEqualTo("2");
        assertThat(store.pragma("foreign_keys")).isEqualTo("1");
        assertThat(store.pragma("journal_mode")).isEqualToIgnoringCase("wal");
    }

    private String sqliteUrl() {
        return "jdbc:sqlite:" + dataDir.resolve(ConversationStore.SQLITE_FILE);
    }
}
