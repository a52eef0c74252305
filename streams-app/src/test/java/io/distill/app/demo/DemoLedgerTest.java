package io.distill.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.schemas.DistillException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoLedgerTest {
    @Test
    void aDirectoryWithoutDemoRunsHasAnEmptyLedger(@TempDir final Path dir) {
        final DemoLedger ledger = DemoLedger.load(dir);

        assertThat(ledger.runs()).isZero();
        assertThat(ledger.published("synthetic-42")).isZero();
        assertThat(ledger.file()).isEqualTo(dir.resolve("demo").resolve("progress.properties"));
    }

    @Test
    void eachRunAddsOneAndRecordsItsSourceAcrossALoad(@TempDir final Path dir) {
        DemoLedger.load(dir).next("synthetic-42", 50_000).save();
        DemoLedger.load(dir).next("online_retail", 1_000).save();
        DemoLedger.load(dir).next("synthetic-42", 100_000).save();

        final DemoLedger ledger = DemoLedger.load(dir);
        assertThat(ledger.runs()).isEqualTo(3);
        assertThat(ledger.published()).isEqualTo(Map.of("synthetic-42", 100_000L, "online_retail", 1_000L));
        assertThat(ledger.cleared().published()).isEmpty();
        assertThat(ledger.cleared().runs()).isEqualTo(3);
        assertThat(dir.resolve("demo")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void aDamagedFileIsNamedWithTheWayOut(@TempDir final Path dir) throws Exception {
        Files.createDirectories(dir.resolve("demo"));
        Files.writeString(dir.resolve("demo").resolve("progress.properties"), "runs=2\npublished.synthetic-42=lots\n");

        assertThatThrownBy(() -> DemoLedger.load(dir)).isInstanceOf(DistillException.class)
            .hasMessageContaining("progress.properties").hasMessageContaining("published.synthetic-42=lots")
            .hasMessageContaining("delete the file");
    }
}
