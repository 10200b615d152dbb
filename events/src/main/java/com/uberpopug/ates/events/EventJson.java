package com.uberpopug.ates.events;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON form of events every producer and consumer uses: ISO-8601 strings for times and dates,
 * amounts as plain JSON numbers ({@code 12.50}, never {@code 1.25E+1}) read back as BigDecimal.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

    private EventJson() {}

    /** The shared mapper; configure a copy ({@code mapper().copy()}) rather than this one. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Applies the event configuration to a builder, for a service that builds its own mapper. */
    public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
        return builder.addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // an event passes through a JSON tree (validation, the outbox row); a tree keeps 12.50 as 12.50
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }
}
