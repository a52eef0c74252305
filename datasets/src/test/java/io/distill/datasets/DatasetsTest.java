package io.distill.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @Test
    void detectsEachFormat(@TempDir final Path dir) throws IOException {
        assertThat(Datasets.detectFormat(SharedDatasets.onlineRetail())).isEqualTo(DatasetFormat.ONLINE_RETAIL);
        assertThat(Datasets.detectFormat(SharedDatasets.ottoSample())).isEqualTo(DatasetFormat.OTTO);
        assertThat(Datasets.detectFormat(write(dir, "u.data", "1\t2\t3\t881250949\n")))
                .isEqualTo(DatasetFormat.MOVIELENS);
        assertThat(Datasets.detectFormat(write(dir, "ratings.dat", "1::2::3::978300760\n")))
                .isEqualTo(DatasetFormat.MOVIELENS);
        assertThat(Datasets.detectFormat(write(dir, "ratings.csv", "userId,movieId,rating,timestamp\n")))
                .isEqualTo(DatasetFormat.MOVIELENS);
        assertThat(Datasets.detectFormat(write(dir, "log.csv", "\n\nu1,i1,1700000000\n")))
                .isEqualTo(DatasetFormat.GENERIC_CSV);
        assertThat(Datasets.detectFormat(write(dir, "retail.txt",
                "\uFEFFInvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n")))
                .isEqualTo(DatasetFormat.ONLINE_RETAIL);
    }

    @Test
    void readsGzipByName(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("zipped.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("u1,i1,1700000000,purchase,3\n".getBytes(StandardCharsets.UTF_8));
        }

        try (InteractionSource source = Datasets.open(file)) {
            assertThat(source.name()).isEqualTo("zipped");
            final Interaction event = source.next();
            assertThat(event.getType()).isEqualTo(InteractionType.PURCHASE);
            assertThat(event.getValue()).isEqualTo(3.0);
            assertThat(event.getEventId()).isEqualTo("zipped:1");
            assertThat(source.hasNext()).isFalse();
            assertThatThrownBy(source::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void failsClearlyOnMissingEmptyOrUnknownFiles(@TempDir final Path dir) throws IOException {
        assertThatThrownBy(() -> Datasets.open(dir.resolve("nope.csv")))
                .isInstanceOf(DatasetException.class).hasMessageContaining("nope.csv")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Datasets.open(write(dir, "empty.csv", "")))
                .isInstanceOf(DatasetException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Datasets.open(write(dir, "words.txt", "hello world\n")))
                .isInstanceOf(DatasetException.class).hasMessageContaining("explicit DatasetFormat");
        assertThatThrownBy(() -> Datasets.open(write(dir, "noheader.csv", "1,2,3\n"), DatasetFormat.ONLINE_RETAIL,
                DatasetOptions.DEFAULTS)).isInstanceOf(DatasetException.class).hasMessageContaining("lacks columns");
    }

    @Test
    void rejectsInvalidOptionsNamingTheOption() {
        assertThatThrownBy(() -> DatasetOptions.DEFAULTS.withName("has space"))
                .isInstanceOf(DatasetException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> DatasetOptions.DEFAULTS.withMinRating(Double.NaN))
                .isInstanceOf(DatasetException.class).hasMessageContaining("minRating");
        assertThatThrownBy(() -> DatasetOptions.DEFAULTS.withRatingType(InteractionType.UNKNOWN))
                .isInstanceOf(DatasetException.class).hasMessageContaining("ratingType");
    }

    @Test
    void aStreamClosesItsSource(@TempDir final Path dir) throws IOException {
        final Path file = write(dir, "r.csv",
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
                        + "1,A,x,1,2011-01-01 10:00:00,1,5.0,UK\n1,B,y,1,2011-01-01 10:00:00,1,5.0,UK\n");
        final InteractionSource source = Datasets.open(file);
        try (var stream = source.stream()) {
            assertThat(stream.findFirst()).isPresent();
        }
        assertThatThrownBy(source::hasNext).isInstanceOf(DatasetException.class).hasMessageContaining("closed");
    }

    private static Path write(final Path dir, final String name, final String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
