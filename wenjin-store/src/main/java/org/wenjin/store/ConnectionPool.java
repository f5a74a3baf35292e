package org.wenjin.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed set of JDBC connections, each lent to one transaction at a time. SQLite gets one connection (it
 * serialises writers anyway, and one connection avoids upgrade deadlocks between readers and writers);
 * PostgreSQL gets several.
 */
final class ConnectionPool implements AutoCloseable {

    /** Work done inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String url;
    private final Properties properties;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    ConnectionPool(String url, Properties properties, int size) throws SQLException {
        this.url = url;
        this.properties = properties;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Connection connection = connect();
            all.add(connection);
            idle.add(connection);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    /** Runs {@code work} in a transaction: commits if it returns, rolls back if it throws. */
    <T> T transaction(String what, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
        Connection connection;
        try {
            connection = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(what + " was interrupted", e);
        }
        try {
            // Idle connections stay in auto-commit mode: the SQLite driver begins the next transaction as soon
            // as one commits, and an idle IMMEDIATE transaction would hold the write lock against other processes.
            connection.setAutoCommit(false);
            T result = work.run(connection);
            connection.commit();
            connection.setAutoCommit(true);
            return result;
        } catch (SQLException e) {
            rollback(connection);
            connection = replaceIfBroken(connection);
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback(connection);
            throw e;
        } finally {
            idle.add(connection);
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The connection is broken; replaceIfBroken deals with it.
        }
    }

    private Connection replaceIfBroken(Connection connection) {
        try {
            if (connection.isValid(2)) {
                return connection;
            }
            connection.close();
        } catch (SQLException ignored) {
            // Fall through and open a new one.
        }
        try {
            Connection fresh = connect();
            synchronized (all) {
                all.remove(connection);
                all.add(fresh);
            }
            return fresh;
        } catch (SQLException e) {
            return connection;  // Still broken; the next transaction reports the failure again.
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (all) {
            for (Connection connection : all) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Closing is best effort; committed data is already on disk.
                }
            }
        }
    }
}
