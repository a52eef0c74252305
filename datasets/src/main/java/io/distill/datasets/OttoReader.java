package io.distill.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * OTTO session JSON lines, loaded whole and merged into global time order: each line holds one session's
 * events, so the file is ordered by session, not by time.
 *
 * <p>Session becomes userId, aid itemId; clicks/carts/orders become CLICK/ADD_TO_CART/PURCHASE; ts is epoch
 * milliseconds (or seconds, told apart by magnitude). The event id is {@code <name>:<line>:<index>}, the
 * index counting from 0 within the line's events array. A line that is not valid JSON of that shape is one
 * {@link SkipReason#MALFORMED_JSON} record; otherwise each event is a record, skipped on its own if its aid,
 * ts or type is missing or unreadable. Unknown fields are ignored.
 */
final class OttoReader {
    private static final JsonFactory JSON = new JsonFactory();

    private OttoReader() {
    }

    static InteractionSource open(final Path path, final DatasetOptions options) {
        final String name = options.name() != null ? options.name() : Inputs.stem(path);
        final SkipCounter counter = new SkipCounter(name);
        final List<Interaction> events = new ArrayList<>();
        long records = 0;
        try (BufferedReader reader = Inputs.open(path)) {
            String text;
            long line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    counter.read();
                    counter.skip(SkipReason.BLANK_LINE, line, "empty line");
                    continue;
                }
                final Session session;
                try {
                    session = parse(text);
                } catch (final IOException e) {
                    counter.read();
                    records++;
                    counter.skip(SkipReason.MALFORMED_JSON, line, e.getMessage());
                    continue;
                }
                for (int i = 0; i < session.events().size(); i++) {
                    counter.read();
                    records++;
                    final Interaction interaction = convert(name, line, i, session.id(), session.events().get(i),
                            counter);
                    if (interaction != null) {
                        events.add(interaction);
                        counter.emitted();
                    }
                }
            }
        } catch (final IOException e) {
            throw new DatasetException("cannot read OTTO file " + path + ": " + e.getMessage(), e);
        }
        return new LoadedSource(name, events, counter.report(), records);
    }

    private static Interaction convert(final String name, final long line, final int index, final String session,
                                       final RawEvent event, final SkipCounter counter) {
        if (event.aid() == null || event.aid().isBlank()) {
            counter.skip(SkipReason.MISSING_FIELD, line, "event " + index + " has no aid");
            return null;
        }
        final Instant time = event.ts() == null ? null : Timestamps.parseAuto(event.ts());
        if (time == null) {
            counter.skip(SkipReason.BAD_TIMESTAMP, line, "event " + index + " ts '" + event.ts() + "'");
            return null;
        }
        final InteractionType type = event.type() == null ? null : TypeNames.parse(event.type());
        if (type == null) {
            counter.skip(SkipReason.UNKNOWN_TYPE, line, "event " + index + " type '" + event.type() + "'");
            return null;
        }
        return new Interaction(name + ":" + line + ":" + index, session, event.aid(), type, time, null, null);
    }

    static Session parse(final String text) throws IOException {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLine("not a JSON object");
            }
            String session = null;
            List<RawEvent> events = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String field = p.currentName();
                final JsonToken value = p.nextToken();
                if ("session".equals(field)) {
                    session = scalar(p, value);
                } else if ("events".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new MalformedLine("events is not an array");
                    }
                    events = events(p);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedLine("content after the JSON object");
            }
            if (session == null || session.isBlank()) {
                throw new MalformedLine("no session id");
            }
            if (events == null) {
                throw new MalformedLine("no events array");
            }
            return new Session(session, events);
        }
    }

    private static List<RawEvent> events(final JsonParser p) throws IOException {
        final List<RawEvent> events = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw new MalformedLine("event " + events.size() + " is not an object, or the array is unterminated");
            }
            String aid = null;
            String ts = null;
            String type = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                final String field = p.currentName();
                final JsonToken value = p.nextToken();
                switch (field) {
                    case "aid" -> aid = scalar(p, value);
                    case "ts" -> ts = scalar(p, value);
                    case "type" -> type = scalar(p, value);
                    default -> p.skipChildren();
                }
            }
            events.add(new RawEvent(aid, ts, type));
        }
        return events;
    }

    private static String scalar(final JsonParser p, final JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT
                || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    record Session(String id, List<RawEvent> events) {
    }

    record RawEvent(String aid, String ts, String type) {
    }

    /** A line that is not a session object; an IOException like Jackson's own parse errors. */
    static final class MalformedLine extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedLine(final String message) {
            super(message);
        }
    }
}
