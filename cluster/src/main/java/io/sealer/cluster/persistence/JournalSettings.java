package io.sealer.cluster.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a miner keeps its event journal and snapshots (pekko-persistence-jdbc): by default an
 * embedded H2 database file in the miner's repository, so a miner needs nothing else; or a
 * PostgreSQL database shared by several miner nodes, so the Scheduler and the sectors can fail
 * over between them. Read from {@code sealer.journal}:
 * <pre>
 * sealer.journal { kind = h2 }                               # DIR/journal.mv.db
 * sealer.journal { kind = postgresql, url = "jdbc:postgresql://db:5432/sealer", user = .., password = .. }
 * </pre>
 */
public record JournalSettings(Kind kind, String url, String user, String password) {

    public enum Kind {
        H2("slick.jdbc.H2Profile$", "org.h2.Driver", "h2"),
        POSTGRESQL("slick.jdbc.PostgresProfile$", "org.postgresql.Driver", "postgres");

        final String profile;
        final String driver;
        final String schemaDialect;

        Kind(String profile, String driver, String schemaDialect) {
            this.profile = profile;
            this.driver = driver;
            this.schemaDialect = schemaDialect;
        }
    }

    /** The embedded H2 file database {@code <file>.mv.db}. */
    public static JournalSettings h2File(Path file) {
        // AUTO_SERVER off: one miner process owns the file (the repository lock guarantees it).
        return new JournalSettings(Kind.H2, "jdbc:h2:file:" + file.toAbsolutePath() + ";DATABASE_TO_UPPER=false", "sealer", "");
    }

    /** Reads {@code sealer.journal}; {@code defaultFile} is the H2 file used when kind is h2. */
    public static JournalSettings fromConfig(Config journal, Path defaultFile) {
        String kind = journal.hasPath("kind") ? journal.getString("kind").trim().toLowerCase(Locale.ROOT) : "h2";
        switch (kind) {
            case "h2":
                return h2File(defaultFile);
            case "postgresql":
                for (String key : new String[] {"url", "user", "password"}) {
                    if (!journal.hasPath(key)) {
                        throw new IllegalArgumentException("sealer.journal." + key + " is required when kind = postgresql");
                    }
                }
                String url = journal.getString("url");
                if (!url.startsWith("jdbc:postgresql://")) {
                    throw new IllegalArgumentException("sealer.journal.url must start with jdbc:postgresql://, got '" + url + "'");
                }
                return new JournalSettings(Kind.POSTGRESQL, url, journal.getString("user"), journal.getString("password"));
            default:
                throw new IllegalArgumentException("sealer.journal.kind: expected h2 or postgresql, got '" + kind + "'");
        }
    }

    /**
     * The Pekko configuration that points the journal and snapshot store at this database: the
     * plugin's shared database "slick" (its reference example supplies the pool defaults).
     */
    public Config pekkoConfig() {
        Config slick = ConfigFactory.parseString("""
                profile = "%s"
                db {
                  driver = "%s"
                  numThreads = 4
                  maxConnections = 4
                  minConnections = 1
                  connectionTimeout = 10s
                }
                """.formatted(kind.profile, kind.driver))
                .withValue("db.url", ConfigValueFactory.fromAnyRef(url))
                .withValue("db.user", ConfigValueFactory.fromAnyRef(user))
                .withValue("db.password", ConfigValueFactory.fromAnyRef(password));
        if (kind == Kind.H2) {
            // commits written to the file before they return (see DurableH2DataSource)
            slick = slick.withValue("db.dataSourceClass", ConfigValueFactory.fromAnyRef(DurableH2DataSource.class.getName()))
                    .withValue("db.properties.url", ConfigValueFactory.fromAnyRef(url))
                    .withValue("db.properties.user", ConfigValueFactory.fromAnyRef(user))
                    .withValue("db.properties.password", ConfigValueFactory.fromAnyRef(password));
        }
        return ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "jdbc-journal"
                pekko.persistence.snapshot-store.plugin = "jdbc-snapshot-store"
                jdbc-journal.use-shared-db = "slick"
                jdbc-snapshot-store.use-shared-db = "slick"
                jdbc-read-journal.use-shared-db = "slick"
                """).withValue("pekko-persistence-jdbc.shared-databases.slick", slick.root());
    }
}
