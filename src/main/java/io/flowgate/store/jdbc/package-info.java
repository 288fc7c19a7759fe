/**
 * The JDBC implementation of the store ports, for SQLite (the default, one file) and PostgreSQL
 * (a cluster of nodes on one database).
 *
 * <ul>
 *   <li>{@link io.flowgate.store.jdbc.Database} opens the pools and migrates the schema;</li>
 *   <li>{@link io.flowgate.store.jdbc.GroupCommitter} runs every write: many callers, one
 *       transaction and one fsync per batch;</li>
 *   <li>{@link io.flowgate.store.jdbc.Tx} and {@link io.flowgate.store.jdbc.JdbcHelper} are the thin
 *       JDBC helper; the SQL itself is written out in one store class per aggregate;</li>
 *   <li>{@link io.flowgate.store.jdbc.Dialect} holds the few SQLite/PostgreSQL differences;</li>
 *   <li>{@link io.flowgate.store.jdbc.PgSignals} sends each transaction's signals with NOTIFY just before
 *       it commits and LISTENs on one dedicated connection per node.</li>
 * </ul>
 *
 * <p>Migrations: Flyway reads one numbered set, {@code db/migration/common/V*.sql}. A file of the
 * same name under {@code db/migration/sqlite/} or {@code db/migration/postgresql/} replaces the
 * common one for that database (today only {@code postgresql/V2__credentials.sql}, for BYTEA);
 * a dialect file that replaces nothing is an error. A new migration goes into {@code common}
 * unless its SQL cannot be shared.
 *
 * <p>May import {@code core}, {@code store} ports, {@code workflow} and the engine's model
 * records; JDBC, HikariCP and Flyway stay inside this package.
 */
package io.flowgate.store.jdbc;
