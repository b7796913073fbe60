package io.sealer.cluster.persistence;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The embedded H2 journal's data source, with commits that survive the process being killed.
 * H2 keeps committed changes in memory and writes them to its file up to a second later, so a
 * miner killed right after a sector's event was written (and the worker told it may forget the
 * result) would come back without that event and run the task again. Here every commit is
 * followed by CHECKPOINT, which writes the committed changes to the file before commit()
 * returns. Configured through the connection pool's dataSourceClass with the properties url,
 * user and password.
 */
public final class DurableH2DataSource implements DataSource {
    private final JdbcDataSource h2 = new JdbcDataSource();

    public void setUrl(String url) {
        h2.setURL(url);
    }

    public void setUser(String user) {
        h2.setUser(user);
    }

    public void setPassword(String password) {
        h2.setPassword(password);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return durable(h2.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return durable(h2.getConnection(user, password));
    }

    /** {@code c} whose commit() returns only once what it committed is in the database file. */
    static Connection durable(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("commit") && method.getParameterCount() == 0) {
                        try (Statement s = c.createStatement()) {
                            s.execute("CHECKPOINT");
                        }
                    }
                    return result;
                });
    }

    @Override
    public PrintWriter getLogWriter() {
        return h2.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        h2.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        h2.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return h2.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
