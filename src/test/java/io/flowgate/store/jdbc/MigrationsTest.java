package io.flowgate.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void sqlite_uses_the_common_set() {
        assertThat(new Migrations(Dialect.SQLITE).resolved()).isEqualTo(Map.of(
                "V1__init.sql", "db/migration/common/V1__init.sql",
                "V2__credentials.sql", "db/migration/common/V2__credentials.sql"));
    }

    @Test
    void a_dialect_file_replaces_the_common_file_of_the_same_name() {
        assertThat(new Migrations(Dialect.POSTGRESQL).resolved()).isEqualTo(Map.of(
                "V1__init.sql", "db/migration/common/V1__init.sql",
                "V2__credentials.sql", "db/migration/postgresql/V2__credentials.sql"));
    }

    @Test
    void flyway_is_offered_only_the_files_it_asks_for() {
        Migrations m = new Migrations(Dialect.SQLITE);

        assertThat(m.getResources("V", new String[] {".sql"})).hasSize(2);
        assertThat(m.getResources("R", new String[] {".sql"})).isEmpty();
        assertThat(m.getResource("V2__credentials.sql").getFilename()).isEqualTo("V2__credentials.sql");
    }
}
