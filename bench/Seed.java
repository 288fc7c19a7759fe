import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fills a stopped Flowgate SQLite database with N completed executions of the benchmark workflow
 * (3 step rows each), written straight to the tables the server uses, and prints a sample of ids.
 * Usage: java -cp target/flowgate.jar bench/Seed.java DATA_DIR N IDS_FILE
 */
public class Seed {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:sqlite:" + args[0] + "/flowgate.db";
        int n = Integer.parseInt(args[1]);
        java.nio.file.Path idsFile = java.nio.file.Path.of(args[2]);
        StringBuilder sample = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            int revision;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT latest_revision FROM workflows WHERE id = 'bench-three'")) {
                if (!rs.next()) {
                    throw new IllegalStateException("apply bench/three-steps.yaml first");
                }
                revision = rs.getInt(1);
            }
            String context = "{\"trigger\":{\"type\":\"manual\"},\"inputs\":{\"items\":[{\"price\":10},{\"price\":32}]}}";
            try (PreparedStatement e = c.prepareStatement("INSERT INTO executions (id, team, workflow_id, revision, trig,"
                    + " status, context, created_at, started_at, ended_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,1)");
                 PreparedStatement st = c.prepareStatement("INSERT INTO steps (execution_id, step_id, ord, name, status,"
                    + " attempt, started_at, ended_at, outputs) VALUES (?,?,?,?,?,?,?,?,?)")) {
                long t0 = System.currentTimeMillis() - n;
                HexFormat hex = HexFormat.of();
                for (int i = 0; i < n; i++) {
                    long created = t0 + i;
                    byte[] id = new byte[12];
                    ThreadLocalRandom.current().nextBytes(id);
                    for (int b = 5; b >= 0; b--) {
                        id[b] = (byte) (created >>> (8 * (5 - b)));
                    }
                    String execId = hex.formatHex(id);
                    e.setString(1, execId); e.setString(2, "default"); e.setString(3, "bench-three");
                    e.setInt(4, revision); e.setString(5, "manual"); e.setString(6, "completed");
                    e.setString(7, context); e.setLong(8, created); e.setLong(9, created); e.setLong(10, created + 1);
                    e.addBatch();
                    String[][] steps = {{"total", "{\"total\":42}"}, {"tax", "{\"withTax\":50.4}"},
                            {"note", "{\"message\":\"order total 50.4\"}"}};
                    for (int k = 0; k < 3; k++) {
                        st.setString(1, execId); st.setString(2, steps[k][0]); st.setInt(3, k + 1);
                        st.setString(4, steps[k][0]); st.setString(5, "completed"); st.setInt(6, 1);
                        st.setLong(7, created); st.setLong(8, created + 1); st.setString(9, steps[k][1]);
                        st.addBatch();
                    }
                    if (i % 10_000 == 9_999) {
                        e.executeBatch();
                        st.executeBatch();
                        c.commit();
                        System.err.printf("\rseeded %,d / %,d", i + 1, n);
                    }
                    if (i % 100 == 0) {
                        sample.append(execId).append('\n');
                    }
                }
                e.executeBatch();
                st.executeBatch();
                c.commit();
            }
        }
        java.nio.file.Files.writeString(idsFile, sample);
        System.err.println();
    }
}
