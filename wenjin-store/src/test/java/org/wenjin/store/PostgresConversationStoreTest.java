package org.wenjin.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs the store's contract against PostgreSQL when a database is given, e.g.
 * {@code ./mvnw -pl wenjin-store test -Dwenjin.test.postgres.url='jdbc:postgresql://localhost/wenjin_test?user=u&password=p'}.
 * The tables of that database are dropped before each test.
 */
@EnabledIfSystemProperty(named = "wenjin.test.postgres.url", matches = "jdbc:postgresql:.+")
class PostgresConversationStoreTest extends ConversationStoreContract {
    private static final String URL = System.getProperty("wenjin.test.postgres.url");

    @Override
    protected ConversationStore openEmpty() {
        try (Connection connection = DriverManager.getConnection(URL);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS memories, feedback, messages, traces, conversations, flyway_schema_history CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the test database " + URL, e);
        }
        return ConversationStore.open(URL);
    }

    @Override
    protected ConversationStore reopen() {
        return ConversationStore.open(URL);
    }
}
