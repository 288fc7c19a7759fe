package io.flowgate.store;

/** Where a delivery stands: still to send (or retry), delivered, or dead-lettered (retries spent, 410, refused). */
public enum DeliveryStatus {
    PENDING("pending"),
    DELIVERED("delivered"),
    DEAD("dead");

    private final String wire;

    DeliveryStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static DeliveryStatus fromWire(String text) {
        for (DeliveryStatus s : values()) {
            if (s.wire.equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown delivery status '" + text + "'; use pending | delivered | dead");
    }
}
