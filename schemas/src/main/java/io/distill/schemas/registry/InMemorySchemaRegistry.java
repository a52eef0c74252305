package io.distill.schemas.registry;

import io.distill.schemas.registry.RegistryRecord.CompatibilityConfig;
import io.distill.schemas.registry.RegistryRecord.SchemaVersion;
import io.distill.schemas.registry.RegistryRecord.SchemaVersionRemoved;
import io.distill.schemas.registry.RegistryRecord.SubjectDeleted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A complete schema registry in memory, with Confluent's semantics: global ids (the same schema gets the same
 * id under every subject), subjects with versions from 1, soft and permanent deletes, and compatibility levels
 * (global and per subject, {@link CompatibilityLevel#DEFAULT} unless set) checked on registration. Errors carry
 * Confluent's codes (see {@link RegistryError}).
 *
 * <p>Two schemas are "the same" when their normalized JSON ({@link Schema#toString()}) is equal, which is what
 * Confluent compares: formatting does not matter, but docs, defaults and logical types do. (Avro's Parsing
 * Canonical Form would merge schemas that differ in defaults, and defaults change how data is resolved.)
 *
 * <p>It is also the state machine of a persistent registry: every change is expressed as
 * {@link RegistryRecord}s which go through a {@link RegistryJournal} before they are applied, and
 * {@link #apply} rebuilds the state from records read back; {@link #exportRecords} gives records that rebuild
 * the current state. Thread-safe: reads share a lock, changes are serialized.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
    /** The version argument meaning "the latest live version", as Confluent's {@code -1} / {@code latest}. */
    public static final int LATEST_VERSION = -1;

    private static final Logger LOG = LoggerFactory.getLogger(InMemorySchemaRegistry.class);

    private final String name;
    private final RegistryJournal journal;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, TreeMap<Integer, VersionEntry>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new TreeMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
    private boolean globalLevelSet;
    private int maxId;

    private record VersionEntry(int id, boolean deleted) {
    }

    private record Change<R>(List<RegistryRecord> records, R result) {
        static <R> Change<R> none(final R result) {
            return new Change<>(List.of(), result);
        }
    }

    /** An empty registry kept in memory only, named {@code in-memory} in error messages. */
    public InMemorySchemaRegistry() {
        this("in-memory", RegistryJournal.NONE);
    }

    /** An empty registry kept in memory only. */
    public InMemorySchemaRegistry(final String name) {
        this(name, RegistryJournal.NONE);
    }

    /**
     * An empty registry whose changes go through {@code journal} first.
     *
     * @param name    how error messages name this registry ("Schema registry at {name}: ...")
     * @param journal where changes are made durable; call {@link #catchUp()} to load what it holds
     */
    public InMemorySchemaRegistry(final String name, final RegistryJournal journal) {
        this.name = Objects.requireNonNull(name, "name");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** How error messages name this registry. */
    public String name() {
        return name;
    }

    /**
     * Parses an Avro schema as the registry would on registration.
     *
     * @throws SchemaRegistryException {@link RegistryError#INVALID_SCHEMA} naming the parse error
     */
    public Schema parseSchema(final String schemaJson) {
        if (schemaJson == null || schemaJson.isBlank()) {
            throw error(RegistryError.INVALID_SCHEMA, "Empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaJson);
        } catch (final SchemaParseException | NullPointerException e) {
            throw error(RegistryError.INVALID_SCHEMA, "Invalid schema " + schemaJson + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- state machine

    /** Reads what the journal holds that is not applied yet (everything, the first time). */
    public void catchUp() {
        change(() -> Change.none(null));
    }

    /** Applies one record, as read back from the journal. Idempotent. */
    public void apply(final RegistryRecord record) {
        lock.writeLock().lock();
        try {
            applyLocked(record);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Records that rebuild the current state from empty: compatibility levels first, then every version. */
    public List<RegistryRecord> exportRecords() {
        return read(() -> {
            final List<RegistryRecord> records = new ArrayList<>();
            if (globalLevelSet) {
                records.add(new CompatibilityConfig(null, globalLevel));
            }
            subjectLevels.forEach((subject, level) -> records.add(new CompatibilityConfig(subject, level)));
            subjects.forEach((subject, versions) -> versions.forEach((version, entry) -> records.add(
                    new SchemaVersion(subject, version, entry.id(), schemasById.get(entry.id()).toString(),
                            entry.deleted()))));
            return List.copyOf(records);
        });
    }

    private void applyLocked(final RegistryRecord record) {
        if (record instanceof SchemaVersion version) {
            applySchemaVersion(version);
        } else if (record instanceof SchemaVersionRemoved removed) {
            final TreeMap<Integer, VersionEntry> versions = subjects.get(removed.subject());
            if (versions != null) {
                versions.remove(removed.version());
                if (versions.isEmpty()) {
                    subjects.remove(removed.subject());
                }
            }
        } else if (record instanceof SubjectDeleted deleted) {
            final TreeMap<Integer, VersionEntry> versions = subjects.get(deleted.subject());
            if (versions != null) {
                versions.headMap(deleted.upToVersion(), true)
                        .replaceAll((version, entry) -> new VersionEntry(entry.id(), true));
            }
        } else if (record instanceof CompatibilityConfig config) {
            if (config.subject() == null) {
                globalLevel = config.level();
                globalLevelSet = true;
            } else if (config.level() == null) {
                subjectLevels.remove(config.subject());
            } else {
                subjectLevels.put(config.subject(), config.level());
            }
        }
    }

    private void applySchemaVersion(final SchemaVersion record) {
        Schema schema = schemasById.get(record.id());
        if (schema == null) {
            try {
                schema = new Schema.Parser().parse(record.schema());
            } catch (final SchemaParseException e) {
                LOG.warn("[{}] skipping version {} of subject '{}': schema {} does not parse: {}", name,
                        record.version(), record.subject(), record.id(), e.getMessage());
                return;
            }
            schemasById.put(record.id(), schema);
        }
        idsByCanonical.merge(schema.toString(), record.id(), Math::min);
        subjects.computeIfAbsent(record.subject(), s -> new TreeMap<>())
                .put(record.version(), new VersionEntry(record.id(), record.deleted()));
        maxId = Math.max(maxId, record.id());
    }

    // ---------------------------------------------------------------- client API

    @Override
    public int register(final String subject, final Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        final String canonical = schema.toString();
        return change(() -> {
            final Integer existingId = idsByCanonical.get(canonical);
            final TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
            if (existingId != null && versions != null) {
                for (final VersionEntry entry : versions.values()) {
                    if (!entry.deleted() && entry.id() == existingId) {
                        return Change.none(existingId);
                    }
                }
            }
            final List<String> messages = effectiveLevel(subject).check(schema, liveVersions(subject));
            if (!messages.isEmpty()) {
                throw error(RegistryError.INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible with an"
                        + " earlier schema for subject \"" + subject + "\", details: " + messages);
            }
            final int id = existingId != null ? existingId : maxId + 1;
            final int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
            return new Change<>(List.of(new SchemaVersion(subject, version, id, canonical, false)), id);
        });
    }

    @Override
    public int getId(final String subject, final Schema schema) {
        return lookUpSchema(subject, schema).id();
    }

    @Override
    public SchemaMetadata lookUpSchema(final String subject, final Schema schema) {
        return lookUpSchema(subject, schema, false);
    }

    /** Like {@link #lookUpSchema(String, Schema)}, optionally finding soft-deleted versions too. */
    public SchemaMetadata lookUpSchema(final String subject, final Schema schema, final boolean includeDeleted) {
        requireSubject(subject);
        final String canonical = schema.toString();
        return read(() -> {
            final TreeMap<Integer, VersionEntry> versions = versionsOf(subject, includeDeleted);
            final Integer id = idsByCanonical.get(canonical);
            if (id != null) {
                for (final Map.Entry<Integer, VersionEntry> e : versions.descendingMap().entrySet()) {
                    if (e.getValue().id() == id && (includeDeleted || !e.getValue().deleted())) {
                        return new SchemaMetadata(subject, e.getKey(), id, schemasById.get(id));
                    }
                }
            }
            throw error(RegistryError.SCHEMA_NOT_FOUND, "Schema not found");
        });
    }

    @Override
    public Schema getSchemaById(final int id) {
        return read(() -> {
            final Schema schema = schemasById.get(id);
            if (schema == null) {
                throw error(RegistryError.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
            }
            return schema;
        });
    }

    /** Where schema {@code id} is registered (live versions only). */
    public List<SubjectVersion> getSubjectVersionsById(final int id) {
        return read(() -> {
            if (!schemasById.containsKey(id)) {
                throw error(RegistryError.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
            }
            final List<SubjectVersion> found = new ArrayList<>();
            subjects.forEach((subject, versions) -> versions.forEach((version, entry) -> {
                if (entry.id() == id && !entry.deleted()) {
                    found.add(new SubjectVersion(subject, version));
                }
            }));
            return List.copyOf(found);
        });
    }

    @Override
    public SchemaMetadata getLatestSchemaMetadata(final String subject) {
        return getSchemaMetadata(subject, LATEST_VERSION, false);
    }

    @Override
    public SchemaMetadata getSchemaMetadata(final String subject, final int version) {
        return getSchemaMetadata(subject, version, false);
    }

    /**
     * A version of the subject, or its latest live version for {@link #LATEST_VERSION}, optionally finding
     * soft-deleted versions too.
     */
    public SchemaMetadata getSchemaMetadata(final String subject, final int version, final boolean includeDeleted) {
        requireSubject(subject);
        requireVersion(version);
        return read(() -> {
            final TreeMap<Integer, VersionEntry> versions = versionsOf(subject, includeDeleted);
            if (version == LATEST_VERSION) {
                for (final Map.Entry<Integer, VersionEntry> e : versions.descendingMap().entrySet()) {
                    if (includeDeleted || !e.getValue().deleted()) {
                        return metadata(subject, e.getKey(), e.getValue());
                    }
                }
            }
            final VersionEntry entry = versions.get(version);
            if (entry == null || entry.deleted() && !includeDeleted) {
                throw error(RegistryError.VERSION_NOT_FOUND, "Version " + version + " not found.");
            }
            return metadata(subject, version, entry);
        });
    }

    @Override
    public CompatibilityResult testCompatibilityVerbose(final String subject, final Schema schema) {
        return testCompatibility(subject, schema, LATEST_VERSION);
    }

    /**
     * Tests a schema against one version of the subject ({@link #LATEST_VERSION} for the latest live one) in
     * the direction(s) of the subject's level. A subject without live versions accepts any schema when asked
     * about the latest; a specific version must exist.
     */
    public CompatibilityResult testCompatibility(final String subject, final Schema schema, final int version) {
        requireSubject(subject);
        requireVersion(version);
        return read(() -> {
            final List<SchemaMetadata> live = liveVersions(subject);
            final SchemaMetadata against;
            if (version == LATEST_VERSION) {
                if (live.isEmpty()) {
                    return CompatibilityResult.compatibleResult();
                }
                against = live.get(live.size() - 1);
            } else {
                against = getSchemaMetadata(subject, version, false);
            }
            return result(effectiveLevel(subject).checkAgainst(schema, against));
        });
    }

    /** Tests a schema as registration would: against the latest or, when transitive, all live versions. */
    public CompatibilityResult testCompatibilityWithAllVersions(final String subject, final Schema schema) {
        requireSubject(subject);
        return read(() -> result(effectiveLevel(subject).check(schema, liveVersions(subject))));
    }

    @Override
    public List<String> getAllSubjects() {
        return getAllSubjects(false);
    }

    /** Subjects, sorted; with {@code includeDeleted} also those whose versions are all soft-deleted. */
    public List<String> getAllSubjects(final boolean includeDeleted) {
        return read(() -> {
            final List<String> names = new ArrayList<>();
            subjects.forEach((subject, versions) -> {
                if (includeDeleted || versions.values().stream().anyMatch(e -> !e.deleted())) {
                    names.add(subject);
                }
            });
            return List.copyOf(names);
        });
    }

    @Override
    public List<Integer> getAllVersions(final String subject) {
        return getAllVersions(subject, false);
    }

    /** Versions of the subject, ascending; with {@code includeDeleted} also the soft-deleted ones. */
    public List<Integer> getAllVersions(final String subject, final boolean includeDeleted) {
        requireSubject(subject);
        return read(() -> {
            final List<Integer> found = new ArrayList<>();
            versionsOf(subject, includeDeleted).forEach((version, entry) -> {
                if (includeDeleted || !entry.deleted()) {
                    found.add(version);
                }
            });
            return List.copyOf(found);
        });
    }

    @Override
    public CompatibilityLevel getCompatibility(final String subject) {
        return read(() -> subject == null ? globalLevel : effectiveLevel(subject));
    }

    /** The subject's own level, if it has one. */
    public Optional<CompatibilityLevel> getSubjectCompatibility(final String subject) {
        requireSubject(subject);
        return read(() -> Optional.ofNullable(subjectLevels.get(subject)));
    }

    @Override
    public CompatibilityLevel updateCompatibility(final String subject, final CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        return change(() -> {
            final boolean unchanged = subject == null
                    ? globalLevelSet && globalLevel == level
                    : subjectLevels.get(subject) == level;
            return unchanged ? Change.none(level) : new Change<>(List.of(new CompatibilityConfig(subject, level)), level);
        });
    }

    /**
     * Removes the subject's own level, so the global one applies again; returns the level that was in force.
     * Fails with {@link RegistryError#SUBJECT_NOT_FOUND} when the subject has neither versions nor a level.
     */
    public CompatibilityLevel deleteSubjectCompatibility(final String subject) {
        requireSubject(subject);
        return change(() -> {
            final CompatibilityLevel own = subjectLevels.get(subject);
            if (own == null) {
                if (!subjects.containsKey(subject)) {
                    throw subjectNotFound(subject);
                }
                return Change.none(globalLevel);
            }
            return new Change<>(List.of(new CompatibilityConfig(subject, null)), own);
        });
    }

    @Override
    public List<Integer> deleteSubject(final String subject) {
        return deleteSubject(subject, false);
    }

    /**
     * Soft-deletes every live version of the subject, or, with {@code permanent}, removes the versions of a
     * subject soft-deleted before (as Confluent requires). Schema ids stay readable either way.
     *
     * @return the versions deleted
     */
    public List<Integer> deleteSubject(final String subject, final boolean permanent) {
        requireSubject(subject);
        return change(() -> {
            final TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
            if (versions == null || versions.isEmpty()) {
                throw subjectNotFound(subject);
            }
            final List<Integer> live = new ArrayList<>();
            versions.forEach((version, entry) -> {
                if (!entry.deleted()) {
                    live.add(version);
                }
            });
            final List<RegistryRecord> records = new ArrayList<>();
            if (permanent) {
                if (!live.isEmpty()) {
                    throw error(RegistryError.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                            + "' was not deleted first before being permanently deleted");
                }
                versions.keySet().forEach(version -> records.add(new SchemaVersionRemoved(subject, version)));
                return new Change<>(records, List.copyOf(versions.keySet()));
            }
            if (live.isEmpty()) {
                throw error(RegistryError.SUBJECT_SOFT_DELETED, "Subject '" + subject
                        + "' was soft deleted. Set permanent=true to delete permanently");
            }
            live.forEach(version -> records.add(softDeleted(subject, version, versions.get(version))));
            return new Change<>(records, List.copyOf(live));
        });
    }

    /**
     * Soft-deletes one live version ({@link #LATEST_VERSION} for the latest), or, with {@code permanent},
     * removes a version soft-deleted before. Returns the version deleted.
     */
    public int deleteSchemaVersion(final String subject, final int version, final boolean permanent) {
        requireSubject(subject);
        requireVersion(version);
        return change(() -> {
            final TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
            if (versions == null || versions.isEmpty()) {
                throw subjectNotFound(subject);
            }
            final int target = version == LATEST_VERSION
                    ? getSchemaMetadata(subject, LATEST_VERSION, permanent).version()
                    : version;
            final VersionEntry entry = versions.get(target);
            if (entry == null) {
                throw error(RegistryError.VERSION_NOT_FOUND, "Version " + target + " not found.");
            }
            if (permanent) {
                if (!entry.deleted()) {
                    throw error(RegistryError.VERSION_NOT_SOFT_DELETED, "Subject '" + subject + "' Version "
                            + target + " was not deleted first before being permanently deleted");
                }
                return new Change<>(List.of(new SchemaVersionRemoved(subject, target)), target);
            }
            if (entry.deleted()) {
                throw error(RegistryError.VERSION_SOFT_DELETED, "Subject '" + subject + "' Version " + target
                        + " was soft deleted. Set permanent=true to delete permanently");
            }
            return new Change<>(List.of(softDeleted(subject, target, entry)), target);
        });
    }

    @Override
    public String toString() {
        return read(() -> "InMemorySchemaRegistry[" + name + ", " + subjects.size() + " subjects, "
                + schemasById.size() + " schemas]");
    }

    // ---------------------------------------------------------------- internals

    private SchemaVersion softDeleted(final String subject, final int version, final VersionEntry entry) {
        return new SchemaVersion(subject, version, entry.id(), schemasById.get(entry.id()).toString(), true);
    }

    private CompatibilityLevel effectiveLevel(final String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<SchemaMetadata> liveVersions(final String subject) {
        final TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        final List<SchemaMetadata> live = new ArrayList<>();
        versions.forEach((version, entry) -> {
            if (!entry.deleted()) {
                live.add(metadata(subject, version, entry));
            }
        });
        return live;
    }

    private TreeMap<Integer, VersionEntry> versionsOf(final String subject, final boolean includeDeleted) {
        final TreeMap<Integer, VersionEntry> versions = subjects.get(subject);
        if (versions == null || !includeDeleted && versions.values().stream().allMatch(VersionEntry::deleted)) {
            throw subjectNotFound(subject);
        }
        return versions;
    }

    private SchemaMetadata metadata(final String subject, final int version, final VersionEntry entry) {
        return new SchemaMetadata(subject, version, entry.id(), schemasById.get(entry.id()));
    }

    private static CompatibilityResult result(final List<String> messages) {
        return messages.isEmpty() ? CompatibilityResult.compatibleResult() : new CompatibilityResult(false, messages);
    }

    private void requireSubject(final String subject) {
        if (subject == null || subject.isEmpty()) {
            throw error(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
    }

    private void requireVersion(final int version) {
        if (version != LATEST_VERSION && version < 1) {
            throw error(RegistryError.INVALID_VERSION, "The specified version '" + version + "' is not a valid"
                    + " version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
    }

    private SchemaRegistryException subjectNotFound(final String subject) {
        return error(RegistryError.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    private SchemaRegistryException error(final RegistryError error, final String message) {
        return new SchemaRegistryException(name, error, message);
    }

    private <R> R read(final Supplier<R> query) {
        lock.readLock().lock();
        try {
            return query.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <R> R change(final Supplier<Change<R>> plan) {
        lock.writeLock().lock();
        try {
            journal.catchUp(this::applyLocked);
            final Change<R> change = plan.get();
            if (!change.records().isEmpty()) {
                journal.append(change.records());
                change.records().forEach(this::applyLocked);
            }
            return change.result();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
