package io.flowgate.trigger.event;

/** What the event side reports (the composition root turns it into metrics). */
public interface EventListener {
    void accepted(int events);

    /** One event started {@code started} runs and resumed {@code resumed} waiting ones. */
    void matched(int started, int resumed);

    EventListener NONE = new EventListener() {
        @Override
        public void accepted(int events) {}

        @Override
        public void matched(int started, int resumed) {}
    };
}
