package dev.pave.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One event of a sync attempt (Proton's ResourceSyncEvent and RepositorySyncEvent): what happened, when, and to what. */
public record SyncEvent(String type, String event, Instant time, String externalId) {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    public static SyncEvent now(String type, String event, String externalId) {
        return new SyncEvent(type, event, Instant.now(), externalId);
    }

    /** A commit's short name, as Git prints it. */
    static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    /** An attempt's events column (a JSON array) read back. */
    static List<SyncEvent> read(String column) {
        try {
            return column == null ? List.of() : JSON.readValue(column, new TypeReference<List<SyncEvent>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable sync events", e);
        }
    }

    /** {@code column} with {@code event} appended. */
    static String append(String column, SyncEvent event) {
        List<SyncEvent> events = new ArrayList<>(read(column));
        events.add(event);
        try {
            return JSON.writeValueAsString(events);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
