package org.wenjin.server.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.wenjin.model.Cancellation;

/**
 * A server-sent event stream (https://html.spec.whatwg.org/multipage/server-sent-events.html) on one HTTP
 * response. When the client goes away a write fails; from then on the stream cancels the generation feeding
 * it and drops further events. A comment line every few seconds keeps proxies from closing an idle stream
 * and notices a departed client even while the model is still reading the prompt.
 */
public final class SseStream implements AutoCloseable {
    private static final long HEARTBEAT_SECONDS = 10;

    private final HttpServletResponse response;
    private final Cancellation cancellation;
    private final ScheduledExecutorService scheduler;
    private OutputStream out;
    private ScheduledFuture<?> heartbeat;
    private boolean disconnected;

    public SseStream(HttpServletResponse response, Cancellation cancellation, ScheduledExecutorService scheduler) {
        this.response = response;
        this.cancellation = cancellation;
        this.scheduler = scheduler;
    }

    /** Sends the status line and headers; after this, errors can only be reported as events. */
    public synchronized void open() {
        if (out != null) {
            return;
        }
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");  // nginx would otherwise hold the stream back
        try {
            out = response.getOutputStream();
            out.flush();
        } catch (IOException e) {
            lost();
            return;
        }
        heartbeat = scheduler.scheduleAtFixedRate(() -> write(": keep-alive\n\n"),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Sends {@code data: JSON} with no event name, as OpenAI's stream does. */
    public void data(String json) {
        write("data: " + json + "\n\n");
    }

    /** Sends a named event. {@code json} must be one line, as compact JSON is. */
    public void event(String name, String json) {
        write("event: " + name + "\ndata: " + json + "\n\n");
    }

    public synchronized boolean isDisconnected() {
        return disconnected;
    }

    private synchronized void write(String text) {
        if (disconnected) {
            return;
        }
        if (out == null) {
            open();
            if (disconnected) {
                return;
            }
        }
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            lost();
        }
    }

    private void lost() {
        disconnected = true;
        cancellation.cancel();
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }

    @Override
    public synchronized void close() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }
}
