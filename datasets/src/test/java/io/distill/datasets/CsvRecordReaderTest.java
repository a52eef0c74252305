package io.distill.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    @Test
    void splitsQuotedFieldsWithDelimitersAndDoubledQuotes() {
        assertThat(CsvRecordReader.split("a,\"b,c\",\"say \"\"hi\"\"\",,\"\"", ',').fields())
                .containsExactly("a", "b,c", "say \"hi\"", "", "");
        assertThat(CsvRecordReader.split("a,b,", ',').fields()).containsExactly("a", "b", "");
        assertThat(CsvRecordReader.split("x\"y,z", ',').fields()).containsExactly("x\"y", "z");
        assertThat(CsvRecordReader.split("a;\"b;c\"", ';').fields()).containsExactly("a", "b;c");
    }

    @Test
    void reportsOpenQuotesAndTextAfterAClosingQuote() {
        assertThat(CsvRecordReader.split("a,\"b", ',')).isEqualTo(CsvRecordReader.Parse.OPEN);
        assertThat(CsvRecordReader.split("a,\"b\"c", ',').error()).contains("after closing quote of field 2");
    }

    @Test
    void joinsLinesInsideQuotesAndKeepsLineNumbers() throws IOException {
        final List<CsvRow> rows = readAll("h1,h2\r\n\"two\r\nlines\",x\r\n\r\nlast,y\r\n");

        assertThat(rows).containsExactly(
                new CsvRow.Fields(1, List.of("h1", "h2")),
                new CsvRow.Fields(2, List.of("two\nlines", "x")),
                new CsvRow.Fields(4, List.of()),
                new CsvRow.Fields(5, List.of("last", "y")));
    }

    @Test
    void anUnterminatedQuoteCostsOneLineOnly() throws IOException {
        final StringBuilder text = new StringBuilder("\"never closed,1\n");
        for (int i = 0; i < CsvRecordReader.MAX_CONTINUATION_LINES + 3; i++) {
            text.append("row").append(i).append(",2\n");
        }

        final List<CsvRow> rows = readAll(text.toString());

        assertThat(rows.get(0)).isEqualTo(new CsvRow.Malformed(1, "unterminated quoted field"));
        assertThat(rows).hasSize(CsvRecordReader.MAX_CONTINUATION_LINES + 4);
        assertThat(rows.subList(1, rows.size())).allSatisfy(row -> assertThat(row).isInstanceOf(CsvRow.Fields.class));
        assertThat(rows.get(1)).isEqualTo(new CsvRow.Fields(2, List.of("row0", "2")));
        assertThat(rows.get(rows.size() - 1).line()).isEqualTo(CsvRecordReader.MAX_CONTINUATION_LINES + 4);
    }

    @Test
    void anUnterminatedQuoteAtTheEndOfInputIsMalformed() throws IOException {
        assertThat(readAll("ok,1\n\"open,2\nnext,3")).containsExactly(
                new CsvRow.Fields(1, List.of("ok", "1")),
                new CsvRow.Malformed(2, "unterminated quoted field"),
                new CsvRow.Fields(3, List.of("next", "3")));
    }

    private static List<CsvRow> readAll(final String text) throws IOException {
        final List<CsvRow> rows = new ArrayList<>();
        try (CsvRecordReader reader = new CsvRecordReader(new BufferedReader(new StringReader(text)), ',')) {
            CsvRow row;
            while ((row = reader.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }
}
