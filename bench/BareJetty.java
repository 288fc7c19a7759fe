import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The floor the webhook benchmark compares against: Jetty 12 on virtual threads, reading the body
 * and answering a constant 202 without touching any store. Usage:
 * java -cp target/flowgate.jar bench/BareJetty.java PORT
 */
public class BareJetty {
    public static void main(String[] args) throws Exception {
        byte[] reply = "{\"activityId\":\"0000000000000000000000000\"}".getBytes(StandardCharsets.UTF_8);
        Server server = new Server(new VirtualThreadPool());
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.asByteBuffer(request); // read the body, as a real intake must
                response.setStatus(202);
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(reply), callback);
                return true;
            }
        });
        server.start();
        System.out.println("bare jetty ready on " + connector.getLocalPort());
        server.join();
    }
}
