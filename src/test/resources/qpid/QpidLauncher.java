import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.server.SystemLauncher;

/**
 * Starts Apache Qpid Broker-J in a process of its own for the broker tests (io.flowgate.it.QpidBroker compiles
 * this for Java 17 and runs it there: Broker-J 9.2 calls Subject.getSubject, which Java 23 and later refuse).
 * Arguments: work directory, AMQP port, initial configuration URL. Prints "QPID READY" once the broker is up
 * and shuts it down cleanly when its standard input closes (the test stopping it).
 */
public final class QpidLauncher {
    public static void main(String[] args) throws Exception {
        Map<String, Object> context = new HashMap<>();
        context.put("qpid.work_dir", args[0]);
        context.put("qpid.amqp_port", args[1]);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", args[2]);
        attributes.put("startupLoggedToSystemOut", true);
        attributes.put("context", context);
        SystemLauncher launcher = new SystemLauncher();
        launcher.startup(attributes);
        System.out.println("QPID READY");
        System.out.flush();
        try {
            while (System.in.read() != -1) {
                // wait for the end of input
            }
        } catch (IOException ignored) {
            // the parent is gone: stop as well
        }
        launcher.shutdown(0);
        System.exit(0);
    }
}
