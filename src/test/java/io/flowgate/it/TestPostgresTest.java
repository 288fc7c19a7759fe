package io.flowgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void another_database_on_the_same_server_keeps_host_port_user_and_options() {
        assertThat(TestPostgres.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "t1"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/t1?user=postgres");
        assertThat(TestPostgres.withDatabase("jdbc:postgresql://localhost?user=u&password=p", "t1"))
                .isEqualTo("jdbc:postgresql://localhost/t1?user=u&password=p");
        assertThat(TestPostgres.withDatabase("jdbc:postgresql://[::1]:6543/", "t1"))
                .isEqualTo("jdbc:postgresql://[::1]:6543/t1");
        assertThat(TestPostgres.withDatabase("jdbc:postgresql:template1?user=u", "t1"))
                .isEqualTo("jdbc:postgresql:t1?user=u");
    }

    @Test
    void a_configured_url_that_is_not_postgresql_is_refused_before_anything_starts() {
        assertThatThrownBy(() -> TestPostgres.choose("jdbc:mysql://db/x?password=secret"))
                .hasMessageContaining("not a jdbc:postgresql: URL").hasMessageNotContaining("secret");
    }

    @Test
    void a_configured_url_is_used_as_given() {
        assertThat(TestPostgres.choose(" jdbc:postgresql://db.internal:6000/postgres?user=ci "))
                .isEqualTo("jdbc:postgresql://db.internal:6000/postgres?user=ci");
    }

    /** The fallback runs in every build on Linux amd64, whichever server the other tests were given. */
    @Test
    void the_embedded_server_listens_on_loopback_and_takes_a_database_of_its_own() throws Exception {
        assumeTrue(EmbeddedPostgresServer.runsHere(), "the embedded PostgreSQL binaries are the Linux amd64 build");
        String admin = EmbeddedPostgresServer.forThisJvm().adminUrl();
        assertThat(admin).startsWith("jdbc:postgresql://127.0.0.1:");
        String database = "flowgate_embedded_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        try (Connection c = DriverManager.getConnection(TestPostgres.withDatabase(admin, database));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT current_database(), current_setting('server_version_num')::int, "
                     + "host(inet_server_addr())")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo(database);
            assertThat(r.getInt(2)).isGreaterThanOrEqualTo(170000);
            assertThat(r.getString(3)).isEqualTo("127.0.0.1");
        } finally {
            try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }
}
