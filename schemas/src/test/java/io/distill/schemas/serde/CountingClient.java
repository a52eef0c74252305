package io.distill.schemas.serde;

import io.distill.schemas.registry.CompatibilityLevel;
import io.distill.schemas.registry.CompatibilityResult;
import io.distill.schemas.registry.SchemaMetadata;
import io.distill.schemas.registry.SchemaRegistryClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;

/** A client that records every call before delegating, to show what the serdes ask the registry. */
final class CountingClient implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    CountingClient(final SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public int register(final String subject, final Schema schema) {
        calls.add("register " + subject);
        return delegate.register(subject, schema);
    }

    @Override
    public int getId(final String subject, final Schema schema) {
        calls.add("getId " + subject);
        return delegate.getId(subject, schema);
    }

    @Override
    public SchemaMetadata lookUpSchema(final String subject, final Schema schema) {
        calls.add("lookUpSchema " + subject);
        return delegate.lookUpSchema(subject, schema);
    }

    @Override
    public Schema getSchemaById(final int id) {
        calls.add("getSchemaById " + id);
        return delegate.getSchemaById(id);
    }

    @Override
    public SchemaMetadata getLatestSchemaMetadata(final String subject) {
        calls.add("getLatestSchemaMetadata " + subject);
        return delegate.getLatestSchemaMetadata(subject);
    }

    @Override
    public SchemaMetadata getSchemaMetadata(final String subject, final int version) {
        calls.add("getSchemaMetadata " + subject + " " + version);
        return delegate.getSchemaMetadata(subject, version);
    }

    @Override
    public CompatibilityResult testCompatibilityVerbose(final String subject, final Schema schema) {
        calls.add("testCompatibility " + subject);
        return delegate.testCompatibilityVerbose(subject, schema);
    }

    @Override
    public List<String> getAllSubjects() {
        calls.add("getAllSubjects");
        return delegate.getAllSubjects();
    }

    @Override
    public List<Integer> getAllVersions(final String subject) {
        calls.add("getAllVersions " + subject);
        return delegate.getAllVersions(subject);
    }

    @Override
    public CompatibilityLevel getCompatibility(final String subject) {
        calls.add("getCompatibility " + subject);
        return delegate.getCompatibility(subject);
    }

    @Override
    public CompatibilityLevel updateCompatibility(final String subject, final CompatibilityLevel level) {
        calls.add("updateCompatibility " + subject);
        return delegate.updateCompatibility(subject, level);
    }

    @Override
    public List<Integer> deleteSubject(final String subject) {
        calls.add("deleteSubject " + subject);
        return delegate.deleteSubject(subject);
    }
}
