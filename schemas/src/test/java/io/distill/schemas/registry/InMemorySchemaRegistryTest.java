package io.distill.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.schemas.registry.RegistryRecord.CompatibilityConfig;
import io.distill.schemas.registry.RegistryRecord.SchemaVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    static final Schema V1 = parse("""
            {"type":"record","name":"User","namespace":"t","fields":[{"name":"id","type":"string"}]}""");
    /** V1 plus a field with a default: BACKWARD and FORWARD compatible with V1. */
    static final Schema V2_OPTIONAL_FIELD = parse("""
            {"type":"record","name":"User","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"age","type":["null","int"],"default":null}]}""");
    /** V1 plus a field without default: new readers cannot read V1 data (not BACKWARD), old ones can read it. */
    static final Schema V2_REQUIRED_FIELD = parse("""
            {"type":"record","name":"User","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"age","type":"int"}]}""");
    /** V1 without its only field, replaced: neither direction works. */
    static final Schema V2_RENAMED = parse("""
            {"type":"record","name":"User","namespace":"t","fields":[{"name":"key","type":"long"}]}""");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("test");

    @Test
    void sameSchemaGetsTheSameIdUnderEverySubjectAndIsNotVersionedTwice() {
        final int first = registry.register("a-value", V1);
        final int again = registry.register("a-value", parse(reformatted(V1)));
        final int otherSubject = registry.register("b-value", V1);

        assertThat(first).isEqualTo(1);
        assertThat(again).isEqualTo(first);
        assertThat(otherSubject).isEqualTo(first);
        assertThat(registry.getAllVersions("a-value")).containsExactly(1);
        assertThat(registry.getAllVersions("b-value")).containsExactly(1);
        assertThat(registry.getSubjectVersionsById(first))
                .containsExactly(new SubjectVersion("a-value", 1), new SubjectVersion("b-value", 1));
        assertThat(registry.getAllSubjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void compatibleChangeBecomesTheNextVersionWithANewId() {
        final int v1 = registry.register("s", V1);
        final int v2 = registry.register("s", V2_OPTIONAL_FIELD);

        assertThat(v2).isEqualTo(v1 + 1);
        assertThat(registry.getLatestSchemaMetadata("s"))
                .isEqualTo(new SchemaMetadata("s", 2, v2, V2_OPTIONAL_FIELD));
        assertThat(registry.getSchemaMetadata("s", 1).schema()).isEqualTo(V1);
        assertThat(registry.getSchemaById(v2)).isEqualTo(V2_OPTIONAL_FIELD);
        assertThat(registry.lookUpSchema("s", V1)).isEqualTo(new SchemaMetadata("s", 1, v1, V1));
        assertThat(registry.getId("s", V2_OPTIONAL_FIELD)).isEqualTo(v2);
    }

    @Test
    void incompatibleChangeIsRefusedWith409AndChangesNothing() {
        registry.register("s", V1);

        assertThatThrownBy(() -> registry.register("s", V2_REQUIRED_FIELD))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.registryMessage()).contains("incompatible", "subject \"s\"",
                            "READER_FIELD_MISSING_DEFAULT_VALUE");
                    assertThat(e.getMessage()).startsWith("Schema registry at test: error 409 ");
                });
        assertThat(registry.getAllVersions("s")).containsExactly(1);
        assertThat(registry.testCompatibility("s", V2_REQUIRED_FIELD)).isFalse();
        assertThat(registry.testCompatibility("s", V2_OPTIONAL_FIELD)).isTrue();
    }

    @Test
    void levelsAreHonouredGloballyAndPerSubject() {
        registry.register("forward", V1);
        registry.register("none", V1);
        registry.register("full", V1);
        registry.updateCompatibility("forward", CompatibilityLevel.FORWARD);
        registry.updateCompatibility("none", CompatibilityLevel.NONE);
        registry.updateCompatibility("full", CompatibilityLevel.FULL);

        // a required new field: old readers ignore it (FORWARD ok), new readers miss it in old data (BACKWARD not)
        assertThat(registry.register("forward", V2_REQUIRED_FIELD)).isPositive();
        assertThat(registry.register("none", V2_RENAMED)).isPositive();
        assertThatThrownBy(() -> registry.register("full", V2_REQUIRED_FIELD))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("FULL");
        assertThat(registry.register("full", V2_OPTIONAL_FIELD)).isPositive();

        assertThat(registry.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.getCompatibility("forward")).isEqualTo(CompatibilityLevel.FORWARD);
        assertThat(registry.getCompatibility("unknown")).isEqualTo(CompatibilityLevel.BACKWARD);

        registry.updateCompatibility(null, CompatibilityLevel.NONE);
        registry.register("global", V1);
        assertThat(registry.register("global", V2_RENAMED)).isPositive();
        assertThat(registry.deleteSubjectCompatibility("full")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(registry.getCompatibility("full")).isEqualTo(CompatibilityLevel.NONE);
    }

    @Test
    void transitiveLevelsCheckEveryLiveVersion() {
        // a chain where the third schema is compatible with the second but not with the first
        final Schema a = parse("""
                {"type":"record","name":"R","fields":[{"name":"x","type":"int"}]}""");
        final Schema b = parse("""
                {"type":"record","name":"R","fields":[{"name":"x","type":"int","default":0},
                 {"name":"y","type":"int","default":0}]}""");
        final Schema c = parse("""
                {"type":"record","name":"R","fields":[{"name":"y","type":"int","default":0}]}""");
        registry.updateCompatibility("plain", CompatibilityLevel.FORWARD);
        registry.updateCompatibility("transitive", CompatibilityLevel.FORWARD_TRANSITIVE);
        for (final String subject : List.of("plain", "transitive")) {
            registry.register(subject, a);
            registry.register(subject, b);
        }
        // c lacks x: readers with b fill in the default (ok), readers with a have no default for x (not ok)
        assertThat(registry.register("plain", c)).isPositive();
        assertThatThrownBy(() -> registry.register("transitive", c))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.registryMessage()).contains("oldSchemaVersion: 1"));
        assertThat(registry.testCompatibilityWithAllVersions("transitive", c).compatible()).isFalse();
        assertThat(registry.testCompatibility("transitive", c, 2).compatible()).isTrue();
    }

    @Test
    void errorsCarryConfluentCodes() {
        registry.register("s", V1);

        assertError(() -> registry.getLatestSchemaMetadata("missing"), RegistryError.SUBJECT_NOT_FOUND,
                "Subject 'missing' not found.");
        assertError(() -> registry.getSchemaMetadata("s", 7), RegistryError.VERSION_NOT_FOUND, "Version 7 not found.");
        assertError(() -> registry.getSchemaById(7), RegistryError.SCHEMA_NOT_FOUND, "Schema 7 not found");
        assertError(() -> registry.getId("s", V2_RENAMED), RegistryError.SCHEMA_NOT_FOUND, "Schema not found");
        assertError(() -> registry.getSchemaMetadata("s", 0), RegistryError.INVALID_VERSION, "not a valid version");
        assertError(() -> registry.parseSchema("{\"type\":\"record\""), RegistryError.INVALID_SCHEMA, "Invalid schema");
        assertThatThrownBy(() -> registry.getSchemaById(7))
                .hasMessage("Schema registry at test: error 40403 Schema 7 not found");
    }

    @Test
    void softDeleteHidesVersionsKeepsIdsAndContinuesNumbering() {
        final int id = registry.register("s", V1);
        registry.register("s", V2_OPTIONAL_FIELD);

        assertThat(registry.deleteSubject("s")).containsExactly(1, 2);
        assertThat(registry.getAllSubjects()).isEmpty();
        assertThat(registry.getAllSubjects(true)).containsExactly("s");
        assertThat(registry.getSchemaById(id)).isEqualTo(V1);
        assertError(() -> registry.getAllVersions("s"), RegistryError.SUBJECT_NOT_FOUND, "not found");
        assertError(() -> registry.deleteSubject("s"), RegistryError.SUBJECT_SOFT_DELETED, "soft deleted");

        // re-registering after a soft delete: the same id, the next version, no compatibility with the dead
        assertThat(registry.register("s", V1)).isEqualTo(id);
        assertThat(registry.getAllVersions("s")).containsExactly(3);
        assertError(() -> registry.deleteSubject("s", true), RegistryError.SUBJECT_NOT_SOFT_DELETED, "not deleted");
        registry.deleteSubject("s");
        assertThat(registry.deleteSubject("s", true)).containsExactly(1, 2, 3);
        assertThat(registry.getAllSubjects(true)).isEmpty();
    }

    @Test
    void exportedRecordsRebuildTheSameState() {
        registry.updateCompatibility(null, CompatibilityLevel.FULL);
        registry.updateCompatibility("b", CompatibilityLevel.NONE);
        registry.register("a", V1);
        registry.register("a", V2_OPTIONAL_FIELD);
        registry.register("b", V2_RENAMED);
        registry.deleteSchemaVersion("a", 1, false);

        final InMemorySchemaRegistry copy = new InMemorySchemaRegistry("copy");
        registry.exportRecords().forEach(copy::apply);
        registry.exportRecords().forEach(copy::apply); // applying twice changes nothing

        assertThat(copy.exportRecords()).isEqualTo(registry.exportRecords());
        assertThat(copy.getAllVersions("a")).containsExactly(2);
        assertThat(copy.getCompatibility("a")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(copy.register("c", V1)).isEqualTo(1);
        final Schema withEmail = parse("""
                {"type":"record","name":"User","namespace":"t","fields":[{"name":"id","type":"string"},
                 {"name":"email","type":["null","string"],"default":null}]}""");
        assertThat(copy.register("c", withEmail)).as("ids continue after the highest replayed").isEqualTo(4);
        assertThat(copy.getAllVersions("c")).containsExactly(1, 2);
    }

    @Test
    void changesGoThroughTheJournalBeforeTheyAreApplied() {
        final List<RegistryRecord> journaled = new ArrayList<>();
        final InMemorySchemaRegistry journaling = new InMemorySchemaRegistry("j", journaled::addAll);

        journaling.register("s", V1);
        journaling.register("s", V1);
        journaling.updateCompatibility("s", CompatibilityLevel.FULL);

        assertThat(journaled).containsExactly(new SchemaVersion("s", 1, 1, V1.toString(), false),
                new CompatibilityConfig("s", CompatibilityLevel.FULL));
    }

    @Test
    void aFailedAppendLeavesTheStateUnchanged() {
        final InMemorySchemaRegistry failing = new InMemorySchemaRegistry("f", records -> {
            throw new SchemaRegistryException("f", RegistryError.BACKEND_STORE_ERROR, "store down");
        });

        assertError(() -> failing.register("s", V1), RegistryError.BACKEND_STORE_ERROR, "store down");
        assertThat(failing.getAllSubjects()).isEmpty();
    }

    @Test
    void catchUpAppliesWhatTheJournalHoldsBeforePlanningAChange() {
        final RegistryJournal elsewhere = new RegistryJournal() {
            private boolean delivered;

            @Override
            public void catchUp(final Consumer<RegistryRecord> apply) {
                if (!delivered) {
                    apply.accept(new SchemaVersion("s", 1, 41, V1.toString(), false));
                    delivered = true;
                }
            }

            @Override
            public void append(final List<RegistryRecord> records) {
            }
        };
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry("c", elsewhere);
        registry.catchUp();

        assertThat(registry.getId("s", V1)).isEqualTo(41);
        assertThat(registry.register("s", V2_OPTIONAL_FIELD)).isEqualTo(42);
    }

    private static void assertError(final Runnable call, final RegistryError error, final String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(error.code());
            assertThat(e.httpStatus()).isEqualTo(error.httpStatus());
            assertThat(e.registryMessage()).contains(message);
        });
    }

    /** The same schema with other whitespace, as another tool might send it. */
    static String reformatted(final Schema schema) {
        return schema.toString().replace(",", ",\n  ").replace("{", "{ ").replace(":", " : ");
    }

    static Schema parse(final String json) {
        return new Schema.Parser().parse(json);
    }
}
