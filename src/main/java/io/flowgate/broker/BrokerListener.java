package io.flowgate.broker;

/** Told what the sources do, for {@code /metrics}; must be quick. */
public interface BrokerListener {
    void received(String source, int messages);

    void acked(String source, int messages);

    void failed(String source);

    BrokerListener NONE = new BrokerListener() {
        @Override
        public void received(String source, int messages) {}

        @Override
        public void acked(String source, int messages) {}

        @Override
        public void failed(String source) {}
    };
}
