package org.wenjin.server;

import java.util.ArrayList;
import java.util.List;

/** Parses a text/event-stream body into its events (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
record ServerEvents(List<Event> events) {
    record Event(String name, String data) {
    }

    static ServerEvents parse(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String name = "message";
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.isEmpty() || line.startsWith(":")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                if (field.equals("event")) {
                    name = value;
                } else if (field.equals("data")) {
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
            if (data != null) {
                events.add(new Event(name, data.toString()));
            }
        }
        return new ServerEvents(events);
    }

    List<Event> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }
}
