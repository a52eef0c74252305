package io.distill.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}.
 *
 * <ul>
 *   <li>BACKWARD: the new schema can read data written with the previous one (consumers upgrade first);</li>
 *   <li>FORWARD: the previous schema can read data written with the new one (producers upgrade first);</li>
 *   <li>FULL: both;</li>
 *   <li>*_TRANSITIVE: against every live version, not only the latest;</li>
 *   <li>NONE: no check.</li>
 * </ul>
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** The level of a registry nobody configured, as in Confluent's. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(final boolean backward, final boolean forward, final boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** True when the check runs against every live version rather than the latest one. */
    public boolean isTransitive() {
        return transitive;
    }

    /** The level named (case-insensitive), if it is one. */
    public static Optional<CompatibilityLevel> parse(final String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (final IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks a candidate against the live versions of a subject as registration would: the latest only, or
     * all of them when transitive.
     *
     * @param candidate the schema to register
     * @param existing  live versions, oldest first
     * @return the incompatibilities found; empty when the candidate may be registered
     */
    public List<String> check(final Schema candidate, final List<SchemaMetadata> existing) {
        if (this == NONE || existing.isEmpty()) {
            return List.of();
        }
        final List<SchemaMetadata> against = transitive ? existing : List.of(existing.get(existing.size() - 1));
        final List<String> messages = new ArrayList<>();
        for (int i = against.size() - 1; i >= 0; i--) {
            checkPair(candidate, against.get(i), messages);
        }
        return List.copyOf(messages);
    }

    /** Checks a candidate against exactly one version, in this level's direction(s). */
    public List<String> checkAgainst(final Schema candidate, final SchemaMetadata version) {
        if (this == NONE) {
            return List.of();
        }
        final List<String> messages = new ArrayList<>();
        checkPair(candidate, version, messages);
        return List.copyOf(messages);
    }

    private void checkPair(final Schema candidate, final SchemaMetadata previous, final List<String> messages) {
        final int before = messages.size();
        if (backward) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous.schema()).getResult(),
                    "the new schema cannot read data written with version " + previous.version(), messages);
        }
        if (forward) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(previous.schema(), candidate).getResult(),
                    "version " + previous.version() + " cannot read data written with the new schema", messages);
        }
        if (messages.size() > before) {
            messages.add("{oldSchemaVersion: " + previous.version() + "}");
            messages.add("{oldSchema: '" + previous.schema() + "'}");
            messages.add("{compatibility: '" + name() + "'}");
        }
    }

    private static void describe(final SchemaCompatibilityResult result, final String direction,
                                 final List<String> messages) {
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (final Incompatibility incompatibility : result.getIncompatibilities()) {
            messages.add("{errorType:'" + incompatibility.getType() + "', description:'" + direction + ": "
                    + incompatibility.getMessage() + "', location:'" + incompatibility.getLocation() + "'}");
        }
    }
}
