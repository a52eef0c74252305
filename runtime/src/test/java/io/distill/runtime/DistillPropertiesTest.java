package io.distill.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.schemas.DistillException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillPropertiesTest {

    @Test
    void environmentOverridesFileAndCommandLineOverridesBoth(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("distill.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\nstudent.dimension=16\nteacher.lambda = 300\n");
        final Map<String, String> merged = DistillProperties.load(file,
            Map.of("DISTILL_BOOTSTRAP_SERVERS", "env:9092", "DISTILL_SASL_JAAS_CONFIG", "x", "PATH", "/bin", "DISTILL_", "ignored"),
            Map.of("student.dimension", "64"));
        assertThat(merged).containsEntry("bootstrap.servers", "env:9092").containsEntry("student.dimension", "64")
            .containsEntry("teacher.lambda", "300").containsEntry("sasl.jaas.config", "x").doesNotContainKey("path");
    }

    @Test
    void environmentNamesFollowTheConfluentImageConvention() {
        assertThat(DistillProperties.keyOf("DISTILL_SCHEMA_REGISTRY_URL")).isEqualTo("schema.registry.url");
        assertThat(DistillProperties.keyOf("DISTILL_LOCAL__STACK_DIR")).isEqualTo("local_stack.dir");
        assertThat(DistillProperties.keyOf("DISTILL_TOPIC_INTERACTIONS___DLQ")).isEqualTo("topic.interactions-dlq");
    }

    @Test
    void aMissingFileFailsNamingIt(@TempDir final Path dir) {
        assertThatThrownBy(() -> DistillProperties.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
            .isInstanceOf(DistillException.class).hasMessageContaining("nope.properties");
    }
}
