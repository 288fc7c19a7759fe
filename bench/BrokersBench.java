import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Broker side of bench/brokers.sh (run with target/flowgate.jar on the class path, which holds the clients).
 *   fill-nats STREAM SUBJECT N        a fresh stream with N messages of {"n":i}
 *   fill-amqp QUEUE N                 a fresh durable queue with N persistent messages (message-id m-i), confirmed
 *   paced-nats SUBJECT N RATE         N messages {"sentAt":millis} at RATE per second
 *   paced-amqp QUEUE N RATE           the same on a queue
 *   latency DB_FILE TYPE              message sent -> run created (durable), p50/p99/max over events of TYPE
 *   drop-nats STREAM | drop-amqp QUEUE
 */
public class BrokersBench {
    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "fill-nats" -> fillNats(a[1], a[2], Integer.parseInt(a[3]));
            case "fill-amqp" -> fillAmqp(a[1], Integer.parseInt(a[2]));
            case "paced-nats" -> pacedNats(a[1], Integer.parseInt(a[2]), Integer.parseInt(a[3]));
            case "paced-amqp" -> pacedAmqp(a[1], Integer.parseInt(a[2]), Integer.parseInt(a[3]));
            case "latency" -> latency(a[1], a[2]);
            case "drop-nats" -> {
                try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
                    nc.jetStreamManagement().deleteStream(a[1]);
                }
            }
            case "drop-amqp" -> {
                try (var c = rabbit()) {
                    c.createChannel().queueDelete(a[1]);
                }
            }
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    static void fillNats(String stream, String subject, int n) throws Exception {
        try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
            try {
                nc.jetStreamManagement().deleteStream(stream);
            } catch (JetStreamApiException absent) {
                // fresh
            }
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(subject + ".>")
                    .storageType(StorageType.File).build());
            JetStream js = nc.jetStream();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                acks.add(js.publishAsync(subject + ".m", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
                if (acks.size() == 5_000) {
                    acks.forEach(CompletableFuture::join);
                    acks.clear();
                }
            }
            acks.forEach(CompletableFuture::join);
        }
    }

    static com.rabbitmq.client.Connection rabbit() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri("amqp://guest:guest@127.0.0.1:5672/%2F");
        return f.newConnection("flowgate-bench");
    }

    static void fillAmqp(String queue, int n) throws Exception {
        try (var c = rabbit()) {
            Channel ch = c.createChannel();
            ch.queueDelete(queue);
            ch.queueDeclare(queue, true, false, false, null);
            ch.confirmSelect();
            for (int i = 0; i < n; i++) {
                ch.basicPublish("", queue, new AMQP.BasicProperties.Builder().messageId("m-" + i).deliveryMode(2)
                        .contentType("application/json").build(), ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                if (i % 5_000 == 4_999) {
                    ch.waitForConfirmsOrDie(60_000);
                }
            }
            ch.waitForConfirmsOrDie(60_000);
        }
    }

    static void pacedNats(String subject, int n, int rate) throws Exception {
        try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
            JetStream js = nc.jetStream();
            paced(n, rate, i -> js.publish(subject + ".p", body(i)));
        }
    }

    static void pacedAmqp(String queue, int n, int rate) throws Exception {
        try (var c = rabbit()) {
            Channel ch = c.createChannel();
            paced(n, rate, i -> ch.basicPublish("", queue, new AMQP.BasicProperties.Builder().messageId("p-" + i)
                    .contentType("application/json").deliveryMode(2).build(), body(i)));
        }
    }

    interface Send {
        void send(int i) throws Exception;
    }

    static byte[] body(int i) {
        return ("{\"p\":" + i + ",\"sentAt\":" + System.currentTimeMillis() + "}").getBytes(StandardCharsets.UTF_8);
    }

    static void paced(int n, int rate, Send send) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + (long) i * 1_000_000_000L / rate;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            send.send(i);
        }
    }

    static void latency(String db, String type) throws Exception {
        List<Long> ms = new ArrayList<>();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery("SELECT x.created_at - json_extract(e.document, '$.data.sentAt') FROM events e "
                     + "JOIN event_runs r ON r.seq = e.seq JOIN executions x ON x.id = r.execution_id "
                     + "WHERE e.type = '" + type + "' AND json_extract(e.document, '$.data.sentAt') IS NOT NULL")) {
            while (rs.next()) {
                ms.add(rs.getLong(1));
            }
        }
        ms.sort(null);
        if (ms.isEmpty()) {
            System.out.println("latency: no samples");
            return;
        }
        System.out.printf("message_to_run_created_ms samples=%d p50=%d p99=%d max=%d%n", ms.size(),
                ms.get(ms.size() / 2), ms.get((int) Math.min(ms.size() - 1, Math.ceil(ms.size() * 0.99) - 1)),
                ms.getLast());
    }
}
