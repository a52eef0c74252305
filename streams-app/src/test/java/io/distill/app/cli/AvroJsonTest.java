package io.distill.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.distill.avro.Candidate;
import io.distill.avro.Interaction;
import io.distill.avro.InteractionType;
import io.distill.avro.SoftLabel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {
    private static final Instant AT = Instant.parse("2024-01-01T00:00:30.123Z");

    /** What tail sees: a generic record decoded without logical-type conversions. */
    private static GenericRecord asGeneric(final SpecificRecord record) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(record.getSchema(), record.getSchema(), GenericData.get())
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    @Test
    void interactionIsPlainJsonWithIsoTimestampsAndBareUnions() throws IOException {
        final Interaction interaction = new Interaction("e1", "u7", "i3", InteractionType.PURCHASE, AT, 4.5,
            Map.of("device", "web"));

        final JsonNode json = AvroJson.toJson(asGeneric(interaction));

        assertThat(json.toString()).isEqualTo("{\"eventId\":\"e1\",\"userId\":\"u7\",\"itemId\":\"i3\",\"type\":\"PURCHASE\","
            + "\"timestamp\":\"2024-01-01T00:00:30.123Z\",\"value\":4.5,\"context\":{\"device\":\"web\"}}");
    }

    @Test
    void nullUnionsAreNull() throws IOException {
        final Interaction interaction = new Interaction("e1", "u7", "i3", InteractionType.VIEW, AT, null, null);

        final JsonNode json = AvroJson.toJson(asGeneric(interaction));

        assertThat(json.get("value").isNull()).isTrue();
        assertThat(json.get("context").isNull()).isTrue();
    }

    @Test
    void arraysOfRecordsAndFloats() throws IOException {
        final SoftLabel label = new SoftLabel("e1", "u7", AT, "i3", InteractionType.CLICK, "ease-1", 2.0f,
            List.of(new Candidate("i3", 1.5f), new Candidate("i9", Float.NaN)), null, AT.plusSeconds(1));

        final JsonNode json = AvroJson.toJson(asGeneric(label));

        assertThat(json.get("candidates").toString())
            .isEqualTo("[{\"itemId\":\"i3\",\"logit\":1.5},{\"itemId\":\"i9\",\"logit\":\"NaN\"}]");
        assertThat(json.get("temperature").asDouble()).isEqualTo(2.0);
        assertThat(json.get("teacherRank").isNull()).isTrue();
        assertThat(json.get("labelledAt").asText()).isEqualTo("2024-01-01T00:00:31.123Z");
    }

    @Test
    void specificRecordsWithConvertedLogicalTypesToo() {
        final Interaction interaction = new Interaction("e1", "u7", "i3", InteractionType.CLICK, AT, null, null);

        assertThat(AvroJson.toJson(interaction).get("timestamp").asText()).isEqualTo("2024-01-01T00:00:30.123Z");
    }

    @Test
    void bytesAreBase64DatesAreIsoAndInfinitiesAreStrings() {
        final Schema date = LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
        final Schema schema = SchemaBuilder.record("T").fields()
            .name("raw").type().bytesType().noDefault()
            .name("day").type(date).noDefault()
            .name("big").type().doubleType().noDefault()
            .endRecord();
        final GenericRecord record = new GenericData.Record(schema);
        record.put("raw", ByteBuffer.wrap(new byte[] {0, 1, 2}));
        record.put("day", 19_723);
        record.put("big", Double.NEGATIVE_INFINITY);

        assertThat(AvroJson.toJson(record).toString())
            .isEqualTo("{\"raw\":\"AAEC\",\"day\":\"2024-01-01\",\"big\":\"-Infinity\"}");
    }
}
